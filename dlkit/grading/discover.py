"""Find a topic's module anywhere below a submission directory."""

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
