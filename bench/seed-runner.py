"""Runs the baseline anchor unmodified, with two additions the benchmark needs.

- Its wall clock (the anchor's `time.time()`, used only for start_time) is pinned to BENCH_NOW, so both
  sides query exactly the same range; `time.perf_counter()` (its stage timings) stays the real one.
- After it finishes, prints {"maxrss_kb": <peak RSS of this process>} on its own line.

Usage: python seed-runner.py <anchor.py> <now> <anchor args...>   (key in OPENAI_ADMIN_KEY)
"""
import importlib.util
import json
import resource
import sys
import time
import types

anchor_path, now = sys.argv[1], float(sys.argv[2])
spec = importlib.util.spec_from_file_location("seed_pipeline", anchor_path)
anchor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(anchor)
anchor.time = types.SimpleNamespace(time=lambda: now, perf_counter=time.perf_counter)
sys.argv = [anchor_path] + sys.argv[3:]
anchor.main()
sys.stdout.flush()
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
