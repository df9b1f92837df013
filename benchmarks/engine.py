"""The engine's figures, as ratios to one TensorFlow import measured in the same run.

    .venv/bin/python benchmarks/engine.py [--rounds 2]

Each round measures, in turn (so that the shared machine's load falls on all
alike):

* ``import tensorflow, keras`` in a fresh Python: the unit;
* ``dlkit grade exercises --single``: the 13 stubs;
* ``dlkit grade solutions --single``: the reference's full submission, with
  its CPU-seconds and peak memory (proportional set size, summed over the
  process tree: pages the forked workers share with their template are
  counted once);
* ``dlkit check sequential_cnn`` on the stub: a student's self-check of a
  model topic.

The medians and their ratios to the import are printed; the README's
"Measured" section records them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import grade_course

from dlkit import paths


def measure(command: list[str], ok_codes=(0,)) -> tuple[float, float, int]:
    """Wall seconds, CPU-seconds and peak proportional memory of ``command``'s
    process tree (:func:`grade_course.measure`)."""
    wall, peak, cpu = grade_course.measure(command, ok_codes)
    return wall, cpu, peak


def graded(folder: Path, expect_full: bool) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        figures = measure([sys.executable, "-m", "dlkit.cli", "grade", str(folder), "--single",
                           "--json", str(report)], ok_codes=(0, 1))
        got = json.loads(report.read_text())
    want = got["max_score"] if expect_full else 0
    if got["score"] != want:
        raise SystemExit(f"{folder}: {got['score']} / {got['max_score']}, expected {want}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs: dict[str, list] = {"import": [], "stubs": [], "reference": [], "check": []}
    for k in range(args.rounds):
        runs["import"].append(measure([sys.executable, "-c", "import tensorflow, keras"]))
        runs["stubs"].append(graded(paths.EXERCISES, expect_full=False))
        runs["reference"].append(graded(paths.SOLUTIONS, expect_full=True))
        runs["check"].append(measure([sys.executable, "-m", "dlkit.cli", "check", "sequential_cnn",
                                      "--path", str(paths.EXERCISES)], ok_codes=(1,)))
        print(f"round {k + 1}: " + ", ".join(f"{name} {r[-1][0]:.1f} s" for name, r in runs.items()),
              flush=True)
    median = {name: statistics.median(r[0] for r in rows) for name, rows in runs.items()}
    unit = median["import"]
    print(f"import tensorflow, keras: {unit:.1f} s wall (median of {args.rounds})")
    for name in ("stubs", "check", "reference"):
        print(f"{name}: {median[name]:.1f} s wall, {median[name] / unit:.2f}x the import")
    ref = runs["reference"]
    print(f"reference: {statistics.median(r[1] for r in ref):.1f} CPU-seconds, "
          f"peak {max(r[2] for r in ref) / 2**30:.2f} GiB (proportional set size)")


if __name__ == "__main__":
    main()
