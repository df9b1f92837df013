"""Time ``dlkit grade solutions`` end to end (grader process, workers, Keras
references included) and the marginal cost of more submissions in a batch.

    .venv/bin/python benchmarks/grade_reference.py [--repeat 3]

Results are recorded in the README's "Measured" section.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from dlkit import paths, registry
from dlkit.grading.grader import grade_many


def time_cli(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dlkit.cli", "grade", str(paths.SOLUTIONS), "-q"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def time_batch(n: int) -> float:
    started = time.perf_counter()
    reports = grade_many([paths.SOLUTIONS] * n)
    assert all(r.score == r.max_score for r in reports), "reference lost points"
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    topics = ", ".join(t.name for t in registry.topics())
    print(f"topics: {topics}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    cli = time_cli(args.repeat)
    print(f"dlkit grade solutions: median {statistics.median(cli):.1f} s "
          f"(min {min(cli):.1f}, max {max(cli):.1f}, n={len(cli)})")
    one, five = time_batch(1), time_batch(5)
    print(f"batch of 1: {one:.1f} s; batch of 5: {five:.1f} s; "
          f"each extra submission: {(five - one) / 4:.2f} s")


if __name__ == "__main__":
    main()
