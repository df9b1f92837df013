"""The benchmarks still run: a small class through the scaling benchmark.
(Their figures are recorded in the README, never asserted here.)"""

from __future__ import annotations

import subprocess
import sys

from dlkit import paths


def test_the_scaling_benchmark_grades_a_small_class_right_at_each_worker_count():
    done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "scaling.py"), "--students", "3",
                           "--seconds", "0.5", "--workers", "1,2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == ["--workers 1", "--workers 2"], done.stdout
