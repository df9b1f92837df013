"""No flaky grades: the reference handed in by a class of students, graded
as a course with two workers, gets full marks every time, with identical
reports; and graded on a machine loaded with CPU-bound work, the report of
a quiet run."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import grade

from dlkit import paths, registry
from dlkit.grading import class_grading
from dlkit.results import Report

REPEATS = 8
LOADERS = 6  # CPU-bound processes on CI's 2 cores: the load that once cost the reference 4 points


def per_test(report: Report) -> dict:
    """What a student is told, without timings: test name, points, status, message."""
    return {topic.name: (topic.score, topic.error,
                         [(t.name, t.points, t.status, t.message) for t in topic.tests])
            for topic in report.topics}


@pytest.fixture(scope="module")
def class_reports(tmp_path_factory) -> list[Report]:
    """The reference handed in by REPEATS students, graded as a course with two workers."""
    root = tmp_path_factory.mktemp("reliability")
    for k in range(REPEATS):
        folder = root / "class" / f"student{k:02d}"
        folder.mkdir(parents=True)
        for topic in registry.topics():
            shutil.copy(paths.SOLUTIONS / topic.module_file, folder / topic.module_file)
    book = class_grading.grade_course(root / "class", root / "gradebook", workers=2)
    return [book.students[f"student{k:02d}"] for k in range(REPEATS)]


@pytest.mark.slow
@pytest.mark.timeout(3000)
def test_reference_gets_identical_full_marks_on_repeated_gradings(class_reports):
    for k, report in enumerate(class_reports):
        lost = {topic.name: [(t.name, t.status) for t in topic.tests if not t.passed] or topic.error
                for topic in report.topics if topic.score != topic.max_score}
        assert not lost, f"student{k:02d} of {REPEATS} lost points: {lost}"
    first = per_test(class_reports[0])
    for k, report in enumerate(class_reports[1:], start=1):
        assert per_test(report) == first, f"student{k:02d}'s report differs from student00's"


@pytest.mark.slow
@pytest.mark.timeout(3000)
def test_the_reference_graded_on_a_loaded_machine_gets_the_quiet_runs_report(class_reports):
    """Budgets count CPU-seconds: six busy loops beside the grading slow it
    down, but change no grade and no message."""
    quiet = class_reports[0]
    loaders = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(LOADERS)]
    try:
        loaded = grade([paths.SOLUTIONS])[0]
    finally:
        for proc in loaders:
            proc.kill()
            proc.wait()
    assert quiet.score == quiet.max_score, per_test(quiet)
    assert per_test(loaded) == per_test(quiet)
