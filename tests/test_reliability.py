"""No flaky grades: the reference graded ten times in a row gets full marks
every time, with identical reports."""

from __future__ import annotations

import pytest
from conftest import grade

from dlkit import paths

REPEATS = 10


@pytest.mark.slow
def test_reference_gets_identical_full_marks_on_repeated_gradings():
    reports = grade([paths.SOLUTIONS] * REPEATS)
    for i, report in enumerate(reports):
        lost = {name: [t["name"] for t in topic["tests"] if not t["passed"]] or topic["error"]
                for name, topic in report["topics"].items() if topic["score"] != topic["max_score"]}
        assert not lost, f"run {i + 1} of {REPEATS} lost points: {lost}"
    strip = [{name: [(t["name"], t["points"]) for t in topic["tests"]]
              for name, topic in r["topics"].items()} for r in reports]
    assert all(s == strip[0] for s in strip)
