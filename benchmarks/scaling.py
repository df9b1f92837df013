"""How ``dlkit grade --workers N`` scales when cores are not what limits it.

    .venv/bin/python benchmarks/scaling.py [--students 32] [--seconds 5] [--workers 1,2,4,8]

Real grading is CPU-bound: on this 2-core machine one grading keeps 1.45
cores busy, so no number of workers can gain more than 2 / 1.45 = 1.38x
(see the README's "Measured").  This benchmark asks the other question:
does the batch machinery itself (the queue of students, the grader
processes, their workers, the gradebook) keep N gradings going at once, or
does something in it make them wait for one another?

Each student's module has a function that waits ``--seconds`` without
using the CPU (as a grading that waits on a GPU, a disk or a remote
worker would); a stand-in grader calls it, through the student's worker as
every grader does, and checks its answer.  Everything else is the real
thing: ``dlkit grade FOLDER --students --workers N --graders STAND_IN``,
its grader processes, workers, limits and gradebook.  With no serial
bottleneck, N workers grade the class in about 1/N of the time.

Results are recorded in the README's "Measured" section.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from grade_course import timed_grade

TOPIC = "output_size"

STAND_IN_GRADER = '''
import pytest

from dlkit.testing import fail


@pytest.mark.points(20)
def test_the_waiting_function_answers(student):
    got = student.conv_output_length(10, 3)
    if got != 8:  # a grader's plain assert would be its own error, not the student's
        fail("conv_output_length(10, 3)", f"returned {got!r}, expected 8")
'''

WAITING_STUDENT = '''
import time


def conv_output_length(n, k, **kwargs):
    time.sleep({seconds})  # waits without using the CPU
    return n - k + 1
'''


def make_graders(root: Path) -> Path:
    folder = root / "graders"
    folder.mkdir()
    (folder / "conftest.py").write_text('pytest_plugins = ["dlkit.testing.plugin"]\n')
    (folder / f"test_{TOPIC}.py").write_text(STAND_IN_GRADER)
    return folder


def make_class(root: Path, students: int, seconds: float) -> Path:
    for k in range(students):
        folder = root / "class" / f"student{k:03d}"
        folder.mkdir(parents=True)
        (folder / f"{TOPIC}.py").write_text(WAITING_STUDENT.format(seconds=seconds))
    return root / "class"


def grade(klass: Path, graders: Path, workers: int, seconds: float) -> tuple[float, float]:
    """Wall and CPU seconds of grading the class with ``workers`` grader processes."""
    wall, _, cpu, book = timed_grade([str(klass), "--workers", str(workers), "--graders", str(graders),
                                      "--topic", TOPIC,
                                      # the topic's own 5 s are for its real graders
                                      "--time-limit", f"{TOPIC}={2 * seconds + 30:.0f}"])
    # The timing counts only if every student was graded, and right.
    wrong = {name: r for name, r in book.items() if r.score != r.max_score}
    if len(book) != len(list(klass.iterdir())) or wrong:
        first = next(iter(wrong.values()), None)
        first = json.dumps(first.to_json() if first else None)[:1500]
        raise SystemExit(f"--workers {workers}: {len(book)} students graded, {len(wrong)} without "
                         f"full marks, the first: {first}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5, help="each student's wait")
    parser.add_argument("--workers", default="1,2,4,8", help="comma-separated worker counts to time")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; {args.students} students, each waits {args.seconds} s")
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        graders = make_graders(Path(tmp))
        klass = make_class(Path(tmp), args.students, args.seconds)
        counts = [int(w) for w in args.workers.split(",")]
        base = None  # the first count's wall time
        for workers in counts:
            wall, cpu = grade(klass, graders, workers, args.seconds)
            base = base or wall
            speedup = base / wall
            print(f"--workers {workers}: {wall:.1f} s ({args.students / wall * 60:.1f} students a minute), "
                  f"{speedup:.2f}x --workers {counts[0]}, {speedup / (workers / counts[0]):.0%} of linear; "
                  f"{cpu / wall:.2f} cores busy on average", flush=True)


if __name__ == "__main__":
    main()
