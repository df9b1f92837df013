"""``check(topic, function)``: a student notebook's check cells.

The student's notebook has, after each function's cell, a cell calling
:func:`check`.  It runs ``dlkit check TOPIC FUNCTION --path NOTEBOOK`` (the
function's public checks, the student's code in the same isolated worker as
at the command line, with the same messages) and raises
:class:`ChecksFailed` with those messages when a check fails, so that
nbgrader's Validate, which runs the notebook and looks at these cells
(0-point autograder cells), fails with them too.  Only public checks run:
nothing of the hidden graders is needed or shown.

Which code is checked: the notebook **as saved on disk**, which is what is
handed in and what ``dlkit check``, Validate and the grading read.  The
kernel only holds what was run, in whatever order, with classes' and
helpers' sources that Python cannot always give back.  What the student ran
but did not save is detected (a function in the kernel whose source differs
from the saved cell's) and the cell says to save and run it again.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from dlkit.module_chunks import module_chunks
from dlkit.submission import code_of, same_code

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PROGRESS = re.compile(r"^[.FEsxX]+\s*\[\s*\d+%\]\s*$")


class ChecksFailed(AssertionError):
    """A public check of the function failed; the message has the checks' report."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the report is the whole story.
        return [f"{type(self).__name__}: {self}"]


def check(topic: str, function: str, notebook: str | os.PathLike | None = None) -> None:
    """Run ``function``'s public checks on the saved notebook of ``topic``;
    print the report, or raise :class:`ChecksFailed` with it."""
    __tracebackhide__ = True  # IPython: show the message, not the kit's frames
    path = Path(notebook) if notebook else find_notebook(topic)
    if path is None:
        raise ChecksFailed(f"the notebook of {topic} was not found in {Path.cwd()}: "
                           f"check({topic!r}, {function!r}, notebook='path/to/it.ipynb')")
    unsaved = unsaved_functions(path, _kernel_namespace())
    saved = time.strftime("%H:%M:%S", time.localtime(path.stat().st_mtime))
    print(f"Checking {function} in {path.name} as saved at {saved}...", flush=True)
    if unsaved:
        print(f"note: what you ran of {', '.join(unsaved)} is not what is saved; the saved notebook "
              "is checked (and handed in): save it (Ctrl+S) and run this cell again", flush=True)
    done = subprocess.run([sys.executable, "-m", "dlkit.self_check", topic, function, "--path", str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env={**os.environ, "PY_COLORS": "0"})
    report = _report(done.stdout)
    if done.returncode != 0:
        raise ChecksFailed(f"{function} does not pass its public checks yet\n{report}")
    print(report)


def _report(output: str) -> str:
    """The dlkit summary, without colours and pytest's progress lines."""
    lines = ANSI.sub("", output).rstrip().splitlines()
    return "\n".join(ln for ln in lines if not PROGRESS.match(ln))


def find_notebook(topic: str) -> Path | None:
    """The notebook this kernel runs: JupyterLab tells the kernel its path;
    else ``<topic>.ipynb`` in the kernel's folder (nbgrader's Validate runs
    it there), else the one notebook there that is this topic's."""
    session = os.environ.get("JPY_SESSION_NAME") or _kernel_namespace().get("__session__")
    if session:
        for candidate in (Path(session), Path.cwd() / Path(session).name):
            if candidate.suffix == ".ipynb" and candidate.is_file():
                return candidate
    default = Path.cwd() / f"{topic}.ipynb"
    if default.is_file():
        return default
    mine = [p for p in sorted(Path.cwd().glob("*.ipynb")) if _topic_of(p) == topic]
    return mine[0] if len(mine) == 1 else None


def _topic_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_text()).get("metadata", {}).get("dlkit", {}).get("topic")
    except (OSError, ValueError, AttributeError):
        return None


def _kernel_namespace() -> dict:
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def unsaved_functions(path: Path, namespace: dict) -> list[str]:
    """The functions defined in the kernel whose source differs from the
    saved notebook's (best effort: a source Python cannot give back is skipped)."""
    try:
        _, chunks = module_chunks(code_of(path))
    except (OSError, SyntaxError, ValueError):
        return []
    differ = []
    for chunk in chunks:
        value = namespace.get(chunk.name)
        if not inspect.isfunction(value):
            continue
        try:
            ran = inspect.getsource(value)
        except (OSError, TypeError):
            continue
        if not same_code(ran, chunk.source):
            differ.append(chunk.name)
    return differ
