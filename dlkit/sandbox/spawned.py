"""Workers started afresh, for machines without the template's fork server.

On Linux each worker is forked from the warm template
(:mod:`dlkit.sandbox.template`).  Elsewhere (macOS, where forking a process
that imported TensorFlow is unsafe, and Windows, which has no fork) and on
Linux with ``DLKIT_PORTABLE=1`` (the portable path's test), each worker is a
new ``python -m dlkit.sandbox.worker`` process that imports TensorFlow
itself: slower to start (its imports count against the topic's CPU budget,
which the registry's figures leave room for), the same protocol and limits.
It gets no fence there: the namespaces sandbox is Linux's.

:class:`SpawnedProcess` offers what the supervisor uses of
:class:`dlkit.sandbox.template.ForkedProcess`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

WINDOWS = sys.platform == "win32"


class SpawnedProcess:
    """``Popen`` with the template's ``ForkedProcess`` interface."""

    def __init__(self, popen: subprocess.Popen) -> None:
        self._popen = popen
        self.started_at = time.monotonic()
        self.lost: str | None = None  # nothing stands between this process and the worker
        self.stdout, self.stderr = popen.stdout, popen.stderr

    @property
    def pid(self) -> int:
        return self._popen.pid

    @property
    def returncode(self) -> int | None:
        return self._popen.returncode

    def wait_for_pid(self, timeout: float | None = None) -> int:
        return self._popen.pid

    def poll(self) -> int | None:
        return self._popen.poll()

    def wait(self, timeout: float | None = None) -> int:
        return self._popen.wait(timeout)

    def close(self) -> None:
        pass  # the output pipes are drained and closed by their readers


def spawn(cwd: str, env: dict, request_fd: int, reply_fd: int) -> SpawnedProcess:
    """A worker serving ``request_fd``/``reply_fd`` (inherited), in its own
    process group or session so that it is killed whole.  The caller closes
    its copies of the two descriptors."""
    command = [sys.executable, "-m", "dlkit.sandbox.worker"]
    options: dict = {"cwd": cwd, "env": env, "stdin": subprocess.DEVNULL,
                     "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    if WINDOWS:  # pragma: no cover - not run on this project's Linux CI
        import msvcrt

        handles = [msvcrt.get_osfhandle(fd) for fd in (request_fd, reply_fd)]
        for handle in handles:
            os.set_handle_inheritable(handle, True)
        info = subprocess.STARTUPINFO()
        info.lpAttributeList = {"handle_list": handles}
        options.update(startupinfo=info, close_fds=True,
                       creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)
        command += ["--handles", *map(str, handles)]
    else:
        options.update(pass_fds=(request_fd, reply_fd), start_new_session=True)
        command += [str(request_fd), str(reply_fd)]
    return SpawnedProcess(subprocess.Popen(command, **options))
