"""A topic's hidden tests on a notebook's code, one test at a time:
``grade_cell(topic, test)`` and what it reports.

The notebook's module (the setup cell and the solution cells,
:func:`dlkit.submission.module_source`) is written as ``<topic>.py`` into a fresh temporary
folder (never beside the submission, so no submitted file is overwritten)
and graded exactly as ``dlkit grade`` does: hidden graders in a grader
process, the student's code in an isolated worker.  Each test's outcome
(:func:`cell_outcome`) is then one of:

* full marks: the value is the points;
* partial credit: the message is shown and the value is the points earned
  (nbgrader reads a number as partial credit);
* no points: :class:`TestFailed` with the student-facing message (nbgrader
  gives an erroring cell no points);
* a grader error (the kit could not check the test, twice): no points, and
  :class:`GraderFailed`, whose message says it is the kit's error, not the
  student's code.

``grade_cell`` is what a notebook's autograder cell calls, and it only
serves the student's own self-check: it runs in the student's kernel, where
the student's code can change it.  nbgrader's points come from
:mod:`dlkit.nbgrader_grading`, which computes the same outcomes in the
instructor's process and never runs the student's cells there.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dlkit.results import TopicResult
from dlkit.submission import module_source

if TYPE_CHECKING:
    from dlkit.grading.grader import Grader

# (topic, hash of the module's source) -> the topic's report
_reports: dict[tuple[str, str], TopicResult] = {}


class TestFailed(AssertionError):
    """An autograder cell's test earned no points; the message says why."""


class GraderFailed(TestFailed):
    """The kit could not check an autograder cell's test: not the student's code."""


@dataclass(frozen=True)
class CellOutcome:
    """One hidden test's result as an autograder cell reports it."""
    points: float
    message: str  # empty for full marks
    grader_error: bool = False  # the kit's error, not the student's

    @property
    def failed(self) -> bool:
        """No points: the cell errors with the message."""
        return bool(self.message) and self.points <= 0


def topic_report(topic: str, source: str, grader: Grader | None = None) -> TopicResult:
    """The topic's grading report for the module ``source`` (cached), from
    ``grader`` (a :class:`~dlkit.grading.grader.Grader` for the topic,
    reused across notebooks) or else a grader process of its own."""
    from dlkit.grading.grader import grade

    key = (topic, hashlib.sha256(source.encode()).hexdigest())
    if key not in _reports:
        with tempfile.TemporaryDirectory(prefix="dlkit-notebook-") as folder:
            Path(folder, f"{topic}.py").write_text(source)
            report = grader.grade(Path(folder)) if grader else grade(Path(folder), [topic])
        result = report.topic(topic)
        if result.grader_errors:
            return result  # the kit's failure: grading again may go better
        _reports[key] = result
    return _reports[key]


def cell_outcome(report: TopicResult, test: str) -> CellOutcome:
    """What the autograder cell of ``test`` reports, from the topic's report."""
    result = report.test(test)
    if result is None:
        why = report.error or "the grader reported no result for this test"
        if report.kit_error or not report.error:
            return CellOutcome(0.0, f"{test}: not graded, the kit's error (not your code)\n{why}",
                               grader_error=True)
        return CellOutcome(0.0, f"{test}: 0 points\n{why}")
    if result.passed:
        return CellOutcome(result.points, "")
    if result.grader_error:
        return CellOutcome(0.0, f"{test}: not graded, the kit's error (not your code)\n{result.message}",
                           grader_error=True)
    return CellOutcome(result.points, f"{test}: {result.points:g} / {result.max_points:g} points\n"
                                      f"{result.message}")


def grade_cell(topic: str, test: str, notebook: str | None = None) -> float:
    """Grade ``test`` of ``topic`` on the notebook's code; see the module docstring."""
    __tracebackhide__ = True  # IPython: show the message, not the kit's frames
    path = Path(notebook) if notebook else Path.cwd() / f"{topic}.ipynb"
    if not path.exists():
        raise TestFailed(f"the notebook {path.name} was not found in {path.parent}")
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")  # nbgrader zeroes a cell that writes to stderr
        report = topic_report(topic, module_source(json.loads(path.read_text())))
    outcome = cell_outcome(report, test)
    if outcome.grader_error:
        raise GraderFailed(outcome.message)
    if outcome.failed:
        raise TestFailed(outcome.message)
    if outcome.message:
        print(outcome.message)
    return outcome.points
