"""What an nbgrader autograder cell runs: ``grade_cell(topic, test)``.

The notebook's own kernel never runs the hidden tests.  The first autograder
cell of a topic reads the notebook file (nbgrader executes it in its own
folder), keeps the module's cells (the setup cell and the solution cells),
writes them as ``<topic>.py`` into a fresh temporary folder (never beside the
submission, so no submitted file is overwritten) and grades that module
exactly as ``dlkit grade`` does: hidden graders in a grader process, the
student's code in an isolated worker.  Every cell then reports its own test:

* full marks: the cell's value is the points;
* partial credit: the message is printed and the value is the points earned
  (nbgrader reads a number as partial credit);
* no points: the cell raises :class:`TestFailed` with the student-facing
  message (nbgrader gives an erroring cell no points).

Nothing is written to stderr (nbgrader zeroes a cell that writes there).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import warnings
from pathlib import Path

# (topic, hash of the module's source) -> the topic's report
_reports: dict[tuple[str, str], dict] = {}


class TestFailed(AssertionError):
    """An autograder cell's test earned no points; the message says why."""


def module_source(notebook: dict) -> str:
    """The student's module as written in the notebook: the setup cell and
    the solution cells, in order.  IPython magics and shell escapes are
    commented out (they are not Python)."""
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {})
        nbgrader = meta.get("nbgrader", {})
        if nbgrader.get("grade"):
            continue
        if meta.get("dlkit", {}).get("role") == "module" or nbgrader.get("solution"):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            parts.append("\n".join("# " + ln if ln.lstrip().startswith(("%", "!")) else ln
                                   for ln in text.splitlines()))
    return "\n\n\n".join(parts) + "\n"


def topic_report(topic: str, notebook_path: Path) -> dict:
    """The topic's grading report for the notebook's current code (cached)."""
    from dlkit.grading import session

    source = module_source(json.loads(notebook_path.read_text()))
    key = (topic, hashlib.sha256(source.encode()).hexdigest())
    if key not in _reports:
        with tempfile.TemporaryDirectory(prefix="dlkit-notebook-") as folder:
            Path(folder, f"{topic}.py").write_text(source)
            _reports[key] = session.grade(Path(folder), [topic])["topics"][topic]
    return _reports[key]


def grade_cell(topic: str, test: str, notebook: str | None = None) -> float:
    """Grade ``test`` of ``topic`` on the notebook's code; see the module docstring."""
    __tracebackhide__ = True  # IPython: show the message, not the kit's frames
    path = Path(notebook) if notebook else Path.cwd() / f"{topic}.ipynb"
    if not path.exists():
        raise TestFailed(f"the notebook {path.name} was not found in {path.parent}")
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        report = topic_report(topic, path)
    result = next((t for t in report.get("tests", []) if t["name"] == test), None)
    if result is None:
        why = report.get("error") or "the grader reported no result for this test"
        raise TestFailed(f"{test}: 0 points\n{why}")
    points, max_points = float(result["points"]), float(result["max_points"])
    if result["passed"]:
        return points
    message = f"{test}: {points:g} / {max_points:g} points\n{result['message']}"
    if points <= 0:
        raise TestFailed(message)
    print(message)
    return points
