"""Where grading writes its own files: models handed to a student's worker,
the models received back, test images, the workers' folders.

One folder per process.  In a grader process it lies inside its
:class:`~dlkit.grading.grader.Grader`'s folder (``DLKIT_SCRATCH``), which
the Grader removes however the process ended, killed or crashed included.
Anywhere else (pytest run by hand, a notebook) it is removed when the
process exits.

Only an orderly exit removes a folder in the machine's temporary folder (a
Grader's, this process's scratch): a process killed outright (SIGKILL, the
OOM killer) cannot.  Each such folder names its owner, and :func:`sweep`,
run when a Grader starts, removes those whose owner is gone."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile

from dlkit import processes

ENV = "DLKIT_SCRATCH"
# The prefixes of the folders that dlkit makes in the machine's temporary folder.
GRADER_PREFIX, PROCESS_PREFIX = "dlkit-grade-", "dlkit-scratch-"
OWNER_FILE = "owner"


@functools.cache
def folder() -> str:
    root = os.environ.get(ENV)
    if root:
        os.makedirs(root, exist_ok=True)
        return tempfile.mkdtemp(prefix=f"process-{os.getpid()}-", dir=root)
    path = owned_mkdtemp(PROCESS_PREFIX)
    atexit.register(_remove, path, os.getpid())
    return path


def owned_mkdtemp(prefix: str) -> str:
    """A new folder in the machine's temporary folder that names this
    process as its owner, for :func:`sweep`."""
    path = tempfile.mkdtemp(prefix=prefix)
    claim(path)
    return path


def claim(path: str | os.PathLike) -> None:
    """Name this process as the owner of ``path``, a folder that it removes
    when it ends in order, for :func:`sweep` to remove if it does not."""
    with open(os.path.join(path, OWNER_FILE), "w") as fh:
        fh.write(processes.identity(os.getpid()) or "")


def sweep() -> list[str]:
    """Remove this user's dlkit folders in the machine's temporary folder
    whose owner process is gone; the removed folders.

    The owner is a pid and its start time, so a reused pid is not mistaken
    for the owner; a folder that names no owner (one just being made) is
    left alone."""
    removed = []
    root = tempfile.gettempdir()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if not name.startswith((GRADER_PREFIX, PROCESS_PREFIX)) or not _owned_by_this_user(path):
            continue
        try:
            with open(os.path.join(path, OWNER_FILE)) as fh:
                owner = fh.read().split()
        except OSError:
            continue
        if len(owner) == 2 and owner[0].isdigit() and processes.identity(int(owner[0])) != " ".join(owner):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _owned_by_this_user(path: str) -> bool:
    try:
        return os.path.isdir(path) and not os.path.islink(path) and os.stat(path).st_uid == os.getuid()
    except OSError:
        return False


def mkdtemp(prefix: str) -> str:
    """A new folder in this process's scratch folder."""
    return tempfile.mkdtemp(prefix=prefix, dir=folder())


def _remove(path: str, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked child, whose parent still uses it
        shutil.rmtree(path, ignore_errors=True)
