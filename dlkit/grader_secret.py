"""The grader secret: what held-out data is kept behind.

Held-out data (:func:`dlkit.datasets.held_out`,
:func:`dlkit.pretrained.held_out_target`) is for graders only, so those
functions ask for this secret first, and it is not to be had where student
code runs:

* inside a worker (the process that imports a student's module) it is
  refused outright, whatever the sandbox setting;
* the instructor's setting, ``DLKIT_GRADER_SECRET``, is one of the
  ``DLKIT_*`` variables the supervisor leaves out of a worker's
  environment;
* without that setting, a random per-installation secret is kept in
  :func:`secret_file` (created on first use, readable by its owner only),
  whose folder a sandboxed worker sees covered by an empty file system
  (:func:`dlkit.testing.plugin.sandbox_hidden`).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ENV_VAR = "DLKIT_GRADER_SECRET"
WORKER_MODULE = "dlkit.sandbox.worker"
# Workers are forked from the template: their __main__ is the template's.
WORKER_MAINS = (WORKER_MODULE, "dlkit.sandbox.template")


class HeldOutRefused(PermissionError):
    """Held-out data was asked for where student code runs."""


def secret_dir() -> Path:
    """The folder of the per-installation secret: ``$XDG_CONFIG_HOME/dlkit``
    or ``~/.config/dlkit``."""
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "dlkit"


def secret_file() -> Path:
    return secret_dir() / "grader-secret"


def in_worker() -> bool:
    """Whether this process is a worker, which runs students' code."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", None) in WORKER_MAINS


def grader_secret(purpose: str = "held-out data") -> str:
    """The secret: ``$DLKIT_GRADER_SECRET``, else this installation's own
    (made on first use).  Raises :class:`HeldOutRefused` in a worker."""
    if in_worker():
        raise HeldOutRefused(
            f"{purpose} is for the graders only: student code is graded on data it is never "
            "given, so train and tune on what your function receives (or on "
            "dlkit.datasets.load(...), the train split)")
    value = os.environ.get(ENV_VAR)
    if value:
        return value
    return _installation_secret()


def _installation_secret() -> str:
    path = secret_file()
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise OSError(exc.errno, f"no grader secret: {ENV_VAR} is not set and this "
                                 f"installation's cannot be made in {path.parent} ({exc.strerror}); "
                                 f"set {ENV_VAR}, XDG_CONFIG_HOME or HOME") from exc
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)  # fails if another process made it first: theirs wins
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
