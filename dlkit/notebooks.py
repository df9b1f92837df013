"""nbgrader source notebooks, generated from the solutions.

One notebook per topic, ``course/source/<topic>/<topic>.ipynb``, in the
nbgrader course directory the kit provides (``course/nbgrader_config.py`` is
generated too: it has nbgrader take the points from
:mod:`dlkit.nbgrader_grading`):

* a markdown cell: the topic's title, goals and the module docstring;
* a setup cell: the module's imports and constants (everything before the
  first function);
* one nbgrader solution cell per function or class, with its
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers, which
  ``nbgrader generate_assignment`` strips, each followed by a check cell
  that runs the function's public checks (:mod:`dlkit.notebook_check`): a
  0-point autograder cell, so that nbgrader's Validate fails with the
  checks' messages; autograding gives it no output and no points;
* one autograder cell per hidden test, worth that test's points.  Its hidden
  part only calls :func:`dlkit.autograde.grade_cell`, which names the topic
  and the test; no test logic is ever in a notebook, so none can leak
  through released notebooks or feedback.

The hidden tests' names and points are read from ``graders/test_<topic>.py``
with :mod:`ast`, without importing it.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from dlkit import paths, registry
from dlkit.module_chunks import module_chunks

COURSE_ID = "dlkit"
NBGRADER_SCHEMA = 3


@dataclass(frozen=True)
class HiddenTest:
    name: str
    points: float


def hidden_tests(topic: registry.Topic, graders: Path | None = None) -> list[HiddenTest]:
    """The grader's tests in file order, with their ``points`` markers."""
    path = (graders or paths.GRADERS) / f"test_{topic.name}.py"
    tree = ast.parse(path.read_text(), str(path))
    tests = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            tests.append(HiddenTest(node.name, _points(node)))
    return tests


def _points(node: ast.FunctionDef) -> float:
    for deco in node.decorator_list:
        if (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                and deco.func.attr == "points" and deco.args):
            return float(ast.literal_eval(deco.args[0]))
    return 0.0


def _cell(cell_type: str, source: str, nbgrader: dict | None = None, role: str = "",
          cell_id: str = "") -> dict:
    cell_id = cell_id or (nbgrader or {}).get("grade_id", "")
    cell = {"cell_type": cell_type, "id": cell_id[:64], "metadata": {}, "source": source}
    if nbgrader is not None:
        cell["metadata"]["nbgrader"] = {"schema_version": NBGRADER_SCHEMA, **nbgrader}
    if role:
        cell["metadata"]["dlkit"] = {"role": role}
    if cell_type == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def grade_cell_source(topic: str, test: HiddenTest) -> str:
    return (f"# Hidden test {test.name} ({test.points:g} points): the kit grades your\n"
            "# functions above in a separate process, as `dlkit grade` does.\n"
            "### BEGIN HIDDEN TESTS\n"
            "from dlkit.autograde import grade_cell\n"
            f"grade_cell({topic!r}, {test.name!r})\n"
            "### END HIDDEN TESTS")


def check_cell_source(topic: str, function: str) -> str:
    """A check cell: the function's public checks on the saved notebook
    (:mod:`dlkit.notebook_check`).  An nbgrader autograder cell worth 0
    points, so that Validate fails when it does; autograding gives it nothing."""
    return (f"# Check {function} with its public checks: save the notebook (Ctrl+S), then run this cell.\n"
            "from dlkit.notebook_check import check\n"
            f"check({topic!r}, {function!r})")


def source_notebook(topic: registry.Topic, root: Path | None = None) -> dict:
    base = root or paths.ROOT
    source = (base / "solutions" / topic.module_file).read_text()
    docstring, chunks = module_chunks(source)
    goals = "\n".join(f"- {g}" for g in topic.goals)
    intro = (f"# {topic.number:02d} {topic.title}\n\n"
             f"**Points:** {topic.points:g} &nbsp; "
             f"**Time limit for grading:** {topic.time_limit:g} CPU-seconds\n\n"
             f"**Goals**\n\n{goals}\n\n"
             "Write your code in the cells marked `# YOUR CODE HERE`; keep the function names and "
             "signatures. Save the notebook and run the cell after a function to check it with "
             "its public checks (a few textbook cases; Validate runs them all). "
             "The cells at the end are graded when you submit.\n\n"
             f"## Instructions\n\n{docstring}\n")
    cells = [_cell("markdown", intro, {"grade": False, "solution": False, "locked": True,
                                        "grade_id": "instructions"})]
    for chunk in chunks:
        if chunk.is_solution:
            cells.append(_cell("code", chunk.source, {"grade": False, "solution": True, "locked": False,
                                                      "grade_id": f"solution_{chunk.name}"},
                               role="module"))
        else:
            cells.append(_cell("code", chunk.source, role="module", cell_id=f"module_{chunk.name}"))
        if chunk.name in topic.hints:  # a function the student writes: its check cell
            cells.append(_cell("code", check_cell_source(topic.name, chunk.name),
                               {"grade": True, "solution": False, "locked": True,
                                "grade_id": f"check_{chunk.name}", "points": 0},
                               role="check"))
    cells.append(_cell("markdown", "## Autograded tests\n\nEach cell below is one hidden test; "
                                   "its points are in its first line.",
                       {"grade": False, "solution": False, "locked": True, "grade_id": "tests_header"}))
    for test in hidden_tests(topic, base / "graders"):
        cells.append(_cell("code", grade_cell_source(topic.name, test),
                           {"grade": True, "solution": False, "locked": True,
                            "grade_id": test.name, "points": test.points}))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
            "dlkit": {"topic": topic.name},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_text(notebook: dict) -> str:
    """Serialised as nbformat writes it, so Jupyter does not rewrite it on save."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def nbgrader_config() -> str:
    return (
        '"""nbgrader configuration for the kit\'s course (generated by `dlkit build`)."""\n\n'
        "from dlkit.nbgrader_grading import autograde_preprocessors\n\n"
        "c = get_config()  # noqa: F821 - provided by nbgrader\n\n"
        f'c.CourseDirectory.course_id = "{COURSE_ID}"\n'
        "# The points come from the kit's isolated grading, as with `dlkit grade`, not\n"
        "# from running the notebook: a student's cell could change what the\n"
        "# autograder cells run in the notebook's kernel. nbgrader's steps, with\n"
        "# Execute replaced by dlkit.nbgrader_grading.GradeInIsolation.\n"
        "c.Autograde.autograde_preprocessors = autograde_preprocessors()\n"
        "# Students and assignments are added as they are met.\n"
        "c.Autograde.create_student = True\n"
        "# A slower machine: raise a topic's limits (CPU-seconds, MB) over the registry's,\n"
        "# as `dlkit grade --time-limit/--memory-limit` does.\n"
        '# c.GradeInIsolation.time_limits = {"sequential_cnn": 360}\n'
        '# c.GradeInIsolation.memory_limits = {"sequential_cnn": 6000}\n'
    )
