"""What a change to the engine costs: the reference graded by this checkout
and by an earlier revision, in turn, in one run.

    .venv/bin/python benchmarks/fence_cost.py --base REV [--rounds 3] [--topics a,b]

The earlier revision is checked out in a temporary git worktree and run with
this checkout's virtual environment (``PYTHONPATH`` points at it).  Rounds
alternate the two, so that the shared machine's load falls on both alike;
the ratio of their medians is the figure to quote.  Each run must give the
reference full marks.  CPU seconds (user and system, the whole process
tree) move less with the machine's load than wall seconds do.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from grade_course import measure

from dlkit import paths
from dlkit.results import Report


def grade_reference(root: Path, topics: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak bytes of ``dlkit grade solutions``
    as the kit at ``root`` does it."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "dlkit.cli", "grade", str(root / "solutions"), "--single",
                   "--json", str(report)]
        for topic in topics:
            command += ["--topic", topic]
        # From root, so that `-m dlkit.cli` imports that kit (the current
        # folder comes first on sys.path), and its workers do too.
        here = os.getcwd()
        os.environ["PYTHONPATH"] = str(root)
        os.chdir(root)
        try:
            wall, peak, cpu = measure(command)
        finally:
            os.chdir(here)
            del os.environ["PYTHONPATH"]
        graded = Report.from_json(json.loads(report.read_text()))  # reads an older kit's JSON too
    if graded.score != graded.max_score:
        raise SystemExit(f"{root}: the reference got {graded.score} / {graded.max_score}")
    return wall, cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the earlier revision to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--topics", default="", help="comma-separated topics (default: all)")
    args = parser.parse_args()
    topics = [t for t in args.topics.split(",") if t]
    base = Path(tempfile.mkdtemp(prefix="dlkit-base-"))
    subprocess.run(["git", "-C", str(paths.ROOT), "worktree", "add", "--detach", "-f", str(base), args.base],
                   check=True, capture_output=True)
    runs: dict[str, list[tuple[float, float, int]]] = {"base": [], "this": []}
    try:
        for round_ in range(args.rounds):
            for name, root in (("base", base), ("this", paths.ROOT)):
                runs[name].append(grade_reference(root, topics))
                wall, cpu, peak = runs[name][-1]
                print(f"round {round_ + 1} {name:>4}: {wall:6.1f} s wall, {cpu:6.1f} s CPU, "
                      f"peak {peak / 2**30:.2f} GiB", flush=True)
    finally:
        subprocess.run(["git", "-C", str(paths.ROOT), "worktree", "remove", "--force", str(base)],
                       capture_output=True)
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
    print(f"median wall: base {wall['base']:.1f} s, this {wall['this']:.1f} s, "
          f"ratio {wall['this'] / wall['base']:.3f}")
    print(f"median CPU:  base {cpu['base']:.1f} s, this {cpu['this']:.1f} s, "
          f"ratio {cpu['this'] / cpu['base']:.3f}")


if __name__ == "__main__":
    main()
