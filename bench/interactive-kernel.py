"""Drives one warm kernel the way JupyterLab does, for bench/interactive-bench.ts.

Usage: python interactive-kernel.py --kernel tslab --cwd DIR --plan PLAN.json

PLAN.json holds {"versions": [[cell source, ...], ...]}: the notebook's code cells as opened (version 0) and after
each edit of the parameters cell (versions 1..n). The kernel starts once (untimed), then every version is executed
as "Run All" does: each cell as one execute_request, the next sent when the previous replied and the kernel went
idle. Prints one JSON line: {"kernel_start_s": s, "runs": [{"cells": [s, ...], "cpu": [s, ...], "errors": [...]}],
"others_cpu_s": s, "span_s": s}: per cell its wall time and the kernel process's CPU time (user + system, all its
threads, from /proc), which a loaded machine stretches far less than the wall time; and over all the runs (span_s)
the CPU time every other process used (the machine's busy time less the kernel's and this driver's), which says
whether anything else ran while the kernel was measured.
A cell that errors (error reply; with tslab also stderr, where it reports compile errors; Python warnings on stderr
are not errors) is recorded and the run stops, as Lab does.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

sys.modules.setdefault("rfc3987_syntax", None)  # see scripts/execute_notebooks.py

from jupyter_client.manager import start_new_kernel  # noqa: E402


def execute(client, source, timeout, stderr_fails):
    """Wall time of one cell from the request until the kernel went idle and replied; its error, if any."""
    started = time.perf_counter()
    msg_id = client.execute(source, store_history=True, allow_stdin=False)
    error = None
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if stderr_fails and kind == "stream" and msg["content"].get("name") == "stderr":
            error = error or msg["content"].get("text", "")[:2000]
        elif kind == "error":
            error = error or f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
    while True:
        reply = client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    if reply["content"].get("status") != "ok":
        error = error or f"{reply['content'].get('ename', '')}: {reply['content'].get('evalue', '')}"
    return time.perf_counter() - started, error


def cpu_seconds(pid):
    """User + system CPU time of a process (all threads) so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    # Fields 14 and 15 of proc(5) (utime, stime); the split starts at field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU time all cores spent busy so far: user, nice, system, irq, softirq and steal of /proc/stat's first line."""
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [int(x) for x in fh.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_seconds():
    """User + system CPU time of this driver (all its threads) so far."""
    times = os.times()
    return times.user + times.system


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    # Stopped by the bench (SIGTERM): leave through `finally`, which shuts the kernel down instead of orphaning it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with open(args.plan, encoding="utf-8") as fh:
        versions = json.load(fh)["versions"]
    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name=args.kernel, cwd=os.path.abspath(args.cwd), startup_timeout=120)
    kernel_start_s = time.perf_counter() - started
    provisioner = getattr(manager, "provisioner", None)
    process = getattr(provisioner, "process", None)
    pid = getattr(process, "pid", None)
    runs = []
    others_cpu_s = float("nan")
    span_s = float("nan")
    try:
        busy0, own0, wall0 = busy_seconds(), own_seconds(), time.perf_counter()
        kernel0 = cpu_seconds(pid) if pid else float("nan")
        for cells in versions:
            times, cpu, errors = [], [], []
            for source in cells:
                cpu_before = cpu_seconds(pid) if pid else float("nan")
                seconds, error = execute(client, source, args.timeout, args.kernel == "tslab")
                times.append(seconds)
                cpu.append((cpu_seconds(pid) if pid else float("nan")) - cpu_before)
                if error is not None:
                    errors.append(f"cell {len(times)}: {error.strip()}")
                    break
            runs.append({"cells": times, "cpu": cpu, "errors": errors})
        kernel_s = (cpu_seconds(pid) if pid else float("nan")) - kernel0
        others_cpu_s = busy_seconds() - busy0 - kernel_s - (own_seconds() - own0)
        span_s = time.perf_counter() - wall0
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    # JSON has no NaN: unknown (no kernel pid) is null.
    others = {"others_cpu_s": others_cpu_s, "span_s": span_s} if math.isfinite(others_cpu_s) else {}
    print(json.dumps({"kernel_start_s": kernel_start_s, "runs": runs, **others}))


if __name__ == "__main__":
    main()
