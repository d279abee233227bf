"""Execute notebooks with the tslab kernel through nbclient and fail loudly on any error.

Usage: python execute_notebooks.py --out-dir DIR [--timeout S] [--jobs N] [--timings FILE] NOTEBOOK...

Each notebook runs with cwd = its own folder (tslab compiles relative to it) and is written, executed, to
DIR/<name>.ipynb, also when it failed (for diagnosis): then every code cell after the last one that ran has its
outputs cleared (they would be a previous run's, looking current) and is marked "not run" in its metadata. A run fails (exit 1, naming notebook and cell) when a cell
errors (tslab sends no `error` output, but nbclient raises on the error reply), when any cell wrote to stderr, or
when the executed notebook contains an admin key prefix (then it is written with keys redacted).
With --timings, FILE receives per notebook the kernel start (until the kernel answers) and each code cell's wall
time, for benchmarks (bench/notebook-bench.ts).
"""
import json
import argparse
import asyncio
import os
import re
import sys
import time

# jsonschema imports rfc3987_syntax when installed (JupyterLab's jupyter-events brings it), which compiles a grammar
# for ~1 s at import, for the "iri" formats only: nbformat's notebook schema uses none of them.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

SECRET_MARKER = "sk-admin-"
SECRET_PATTERN = re.compile(r"sk-admin-[A-Za-z0-9_\-]*")


def cell_label(nb, index):
    source = nb.cells[index].source.strip().splitlines()
    first = source[0][:80] if source else "(empty)"
    return f"cell {index + 1} [{first}]"


def stderr_failures(nb):
    """Cells with stderr stream output or error outputs: tslab reports compile/runtime errors on stderr."""
    failures = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or (out.get("output_type") == "stream" and out.get("name") == "stderr"):
                text = out.get("text") or f"{out.get('ename', '')}: {out.get('evalue', '')}"
                failures.append(f"{cell_label(nb, index)}: {text.strip()[:2000]}")
                break
    return failures


def clear_unrun(nb, last_started):
    """Cells after the failing one did not run this time: their saved outputs are an earlier run's, so they go."""
    for index, cell in enumerate(nb.cells):
        if index > last_started and cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.setdefault("usage-notebooks", {})["not_run"] = "an earlier cell failed"


async def run_one(path, out_dir, timeout, kernel):
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, startup_timeout=120, kernel_name=kernel,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    marks = {"kernel_ready": None, "cells": []}
    cell_started = {}

    def on_notebook_start(**_):
        marks["kernel_ready"] = time.monotonic()

    def on_cell_start(cell, cell_index, **_):
        cell_started[cell_index] = time.monotonic()

    def on_cell_executed(cell, cell_index, **_):
        if cell_index in cell_started:
            marks["cells"].append({"index": cell_index, "seconds": time.monotonic() - cell_started[cell_index]})

    client.on_notebook_start = on_notebook_start
    client.on_cell_start = on_cell_start
    client.on_cell_executed = on_cell_executed
    problems = []
    try:
        await client.async_execute()
    except CellTimeoutError as err:
        problems.append(f"timeout after {timeout} s: {str(err)[:500]}")
    except DeadKernelError as err:
        problems.append(f"kernel died: {err}")
    except CellExecutionError:
        pass  # the failing cell's stderr is reported below, with its number
    except Exception as err:  # kernel start failures and the like
        problems.append(f"{type(err).__name__}: {err}")
    problems = stderr_failures(nb) + problems
    if problems:
        clear_unrun(nb, max(cell_started, default=-1))
    text = nbformat.writes(nb)
    if SECRET_MARKER in text:
        leaking = [cell_label(nb, i) for i, c in enumerate(nb.cells) if SECRET_MARKER in nbformat.writes(nbformat.from_dict(
            {"cells": [c], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))]
        problems.append(f"admin key prefix '{SECRET_MARKER}' found in {', '.join(leaking) or 'the notebook'}; "
                        "written with the keys redacted")
        text = SECRET_PATTERN.sub("[REDACTED]", text)
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as fh:
        fh.write(text)
    seconds = time.monotonic() - started
    ready = marks["kernel_ready"]
    timing = {"seconds": seconds, "kernel_start_s": None if ready is None else ready - started,
              "cells": marks["cells"]}
    return name, seconds, problems, timing


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    parser.add_argument("--kernel", default="tslab")
    parser.add_argument("--timings", help="write kernel start and per-cell wall times (JSON) to this file")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    gate = asyncio.Semaphore(max(1, args.jobs))

    async def guarded(path):
        async with gate:
            return await run_one(path, args.out_dir, args.timeout, args.kernel)

    results = await asyncio.gather(*(guarded(p) for p in args.notebooks))
    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as fh:
            json.dump({name: timing for name, _, _, timing in results}, fh, indent=1)
    failed = 0
    for name, seconds, problems, _ in results:
        if problems:
            failed += 1
            print(f"FAILED {name} ({seconds:.1f} s):", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
        else:
            print(f"ok {name} ({seconds:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
