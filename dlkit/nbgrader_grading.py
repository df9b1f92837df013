"""nbgrader's autograding of the kit's notebooks, with the points from the
same isolated grading as ``dlkit grade``.

nbgrader's own step, :class:`~nbgrader.preprocessors.Execute`, runs the
submitted notebook in a kernel and scores each autograder cell by the
outputs it leaves; whatever ran before in that kernel (the student's cells)
can change what the autograder cells do, down to replacing the grading.
:class:`GradeInIsolation` takes Execute's place (:func:`autograde_preprocessors`,
set by ``course/nbgrader_config.py``) and runs no cell at all:

* the module (the setup and solution cells, :func:`dlkit.submission.module_source`)
  is graded by :func:`dlkit.autograde.topic_report`: hidden graders in a
  grader process, the student's code in an isolated worker, under the
  topic's limits; the grader process's budget bounds the time, as
  ``Execute.timeout`` did;
* each autograder cell ``grade_cell(topic, test)`` (its source is restored
  from the gradebook before this step, so the student cannot change it)
  gets the outputs that call would leave, which nbgrader's SaveAutoGrades
  scores and generate_feedback shows: an error with the message (no
  points), the message and the points earned (partial credit), the points
  (full marks), or a ``GraderFailed`` error saying the kit could not check
  the test (a grader error: no points, not the student's code).

The check cells (0-point autograder cells calling
:func:`dlkit.notebook_check.check`, the student's self-check) get no
output: nothing is at stake there.

The student's cells are not executed: their code runs only in the isolated
worker, never with the instructor's rights, and their outputs (definitions
print nothing) are not worth that.
"""

from __future__ import annotations

import ast
import atexit
import functools
import time

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution
from traitlets import Dict, Float

from dlkit import registry
from dlkit.autograde import CellOutcome, GraderFailed, TestFailed, cell_outcome, topic_report
from dlkit.grading.grader import Grader
from dlkit.results import TopicResult
from dlkit.submission import module_source

GRADE_CELL = "grade_cell"


def graded_call(source: str) -> tuple[str, str] | None:
    """``(topic, test)`` of the cell's ``grade_cell(topic, test)`` call, or
    None when the cell holds no such call (or more than one)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", getattr(node.func, "attr", None)) == GRADE_CELL]
    if len(calls) != 1:
        return None
    args = calls[0].args
    if len(args) < 2 or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
        return None
    return args[0].value, args[1].value


def cell_outputs(outcome: CellOutcome) -> list:
    """The outputs ``grade_cell`` leaves in a kernel for this outcome."""
    if outcome.failed or outcome.grader_error:
        name = (GraderFailed if outcome.grader_error else TestFailed).__name__
        return [new_output("error", ename=name, evalue=outcome.message,
                           traceback=[f"\x1b[0;31m{name}\x1b[0m: {outcome.message}"])]
    shown = [new_output("stream", name="stdout", text=outcome.message + "\n")] if outcome.message else []
    return shown + [new_output("execute_result", data={"text/plain": repr(outcome.points)},
                               execution_count=None)]


def ungraded_outcome(call: tuple[str, str] | None) -> CellOutcome:
    """No points for an autograder cell the kit cannot grade."""
    if call is None:
        why = f"the cell does not call {GRADE_CELL}(topic, test), the only kind the kit grades"
    else:
        why = f"{call[0]!r} is not a topic of the kit"
    return CellOutcome(0.0, f"not graded: {why}")


@functools.cache
def topic_grader(topic: str, cpu_seconds: float | None = None, memory_mb: float | None = None) -> Grader:
    """One grader process per topic for the whole nbgrader run, as ``dlkit
    grade`` has for a class: TensorFlow's import and the graders' reference
    values are paid for once per few notebooks, not once per notebook (each
    notebook still gets workers of its own).  ``cpu_seconds`` and
    ``memory_mb`` replace the registry's limits for the topic."""
    limits = {kind: {topic: value} for kind, value in (("time", cpu_seconds), ("memory", memory_mb))
              if value is not None}
    grader = Grader([topic], limits or None)
    atexit.register(grader.close)
    return grader


class GradeInIsolation(NbGraderPreprocessor):
    """Replaces nbgrader's Execute: see the module docstring.  Limits are
    the registry's unless ``nbgrader_config.py`` raises them for a slower
    machine, as ``dlkit grade --time-limit`` does::

        c.GradeInIsolation.time_limits = {"sequential_cnn": 360}  # CPU-seconds
        c.GradeInIsolation.memory_limits = {"sequential_cnn": 6000}  # MB
    """

    time_limits = Dict(value_trait=Float(), help="topic -> CPU-seconds for the whole topic, "
                       "replacing the registry's").tag(config=True)
    memory_limits = Dict(value_trait=Float(), help="topic -> megabytes, replacing the registry's"
                         ).tag(config=True)

    def preprocess(self, nb, resources):
        source = module_source(nb)
        known = {t.name for t in registry.topics()}
        reports: dict[str, TopicResult] = {}
        for cell in nb.cells:
            if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
                continue  # manually graded answers are nbgrader's business
            call = graded_call(cell.source)
            if call is None and not float(cell.metadata.nbgrader.get("points", 0) or 0):
                # A check cell (its source restored from the gradebook): the
                # student's own self-check, worth nothing; run nothing here.
                cell.outputs = []
                continue
            if call is None or call[0] not in known:
                outcome = ungraded_outcome(call)
                self.log.warning("%s, cell %s: %s", resources.get("unique_key", "notebook"),
                                 cell.metadata.nbgrader.get("grade_id"), outcome.message)
                cell.outputs = cell_outputs(outcome)
                continue
            topic, test = call
            if topic not in reports:
                started = time.monotonic()
                grader = topic_grader(topic, self.time_limits.get(topic), self.memory_limits.get(topic))
                reports[topic] = topic_report(topic, source, grader)
                self.log.info("graded %s in %.1f s", topic, time.monotonic() - started)
            outcome = cell_outcome(reports[topic], test)
            if outcome.grader_error:  # the instructor's to see, in nbgrader's log
                self.log.error("%s, %s: %s", resources.get("unique_key", "notebook"), test, outcome.message)
            cell.outputs = cell_outputs(outcome)
        return nb, resources


def autograde_preprocessors() -> list:
    """nbgrader's autograding steps, in nbgrader's order, with Execute
    replaced by :class:`GradeInIsolation`."""
    from nbgrader.converters import Autograde

    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in steps:  # else no step would fill the autograder cells: full marks for all
        raise RuntimeError(f"nbgrader's autograde steps have no Execute to replace: {steps}")
    return [GradeInIsolation if step is Execute else step for step in steps]
