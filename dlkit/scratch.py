"""Where grading writes its own files: models handed to a student's worker,
the models received back, test images, the workers' folders.

One folder per process.  In a grader process it lies inside its
:class:`~dlkit.grading.session.Grader`'s folder (``DLKIT_SCRATCH``), which
the Grader removes however the process ended, killed or crashed included.
Anywhere else (pytest run by hand, a notebook) it is removed when the
process exits."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile

ENV = "DLKIT_SCRATCH"


@functools.cache
def folder() -> str:
    root = os.environ.get(ENV)
    if root:
        os.makedirs(root, exist_ok=True)
        return tempfile.mkdtemp(prefix=f"process-{os.getpid()}-", dir=root)
    path = tempfile.mkdtemp(prefix="dlkit-scratch-")
    atexit.register(_remove, path, os.getpid())
    return path


def mkdtemp(prefix: str) -> str:
    """A new folder in this process's scratch folder."""
    return tempfile.mkdtemp(prefix=prefix, dir=folder())


def _remove(path: str, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked child, whose parent still uses it
        shutil.rmtree(path, ignore_errors=True)
