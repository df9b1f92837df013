"""What a student submitted: a topic's module found anywhere below a
submission folder (:func:`find_module`), or a notebook's module cells
(:func:`module_source`)."""

from __future__ import annotations

import os
from pathlib import Path

SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "node_modules", ".venv", "venv"}


def find_module(submission: Path, filename: str) -> Path | None:
    """The shallowest file called ``filename`` below ``submission`` (ties
    broken alphabetically), skipping hidden and cache folders."""
    submission = Path(submission)
    if submission.is_file():
        return submission if submission.name == filename else None
    found = []
    for root, dirs, files in os.walk(submission, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        if filename in files:
            path = Path(root, filename)
            found.append((len(path.relative_to(submission).parts), str(path)))
    return Path(min(found)[1]) if found else None


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
