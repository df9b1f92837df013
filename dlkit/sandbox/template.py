"""Warm workers: one clean process imports TensorFlow and friends once, and
every worker is forked from it.

Importing TensorFlow and Keras takes about 4.5 CPU-seconds; a grading run
starts a worker (or two) per topic.  The template process pays for the
imports once, then forks a worker per request; the forked child enters the
fence and serves exactly as a worker started on its own would
(:mod:`dlkit.sandbox.worker`).

What the template holds is what every worker may see: it is started with the
workers' environment (no ``DLKIT_`` variable, so no grader secret), imports
only the libraries in :data:`PRELOADED` and the worker's own modules, and
never imports a grader or a student's module.  Importing TensorFlow starts
no thread that a fork would lose, and never initialises CUDA: each worker
finds its GPU itself (:func:`dlkit.sandbox.worker.configure_compute`).

Protocol (a ``SOCK_SEQPACKET`` socket pair): the supervisor sends one JSON
message ``{"cwd": ..., "env": {...}}`` per worker with five descriptors
(request read end, reply write end, stdout, stderr, and a *status* pipe's
write end).  On the status pipe the template writes ``pid N`` when it has
forked the worker and ``exit CODE`` (``Popen``'s returncode convention)
when it has reaped it, then closes it.  When the supervisor's end closes,
the template kills its workers and exits.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

# Imported once in the template, so that no worker pays for them.  The first
# entries are what a student's module imports; the last, the worker itself.
PRELOADED = ("numpy", "scipy", "tensorflow", "keras", "sklearn.model_selection",
             "matplotlib", "scikeras.wrappers", "dlkit.sandbox.worker", "dlkit.harness")
DESCRIPTORS = 5  # request, reply, stdout, stderr, status
MESSAGE_BYTES = 1 << 20
PARENT_CHECK_SECONDS = 1.0
SLICE_SECONDS = 0.05


# -- the supervisor's side --------------------------------------------------


class ForkedProcess:
    """A worker forked by the template: ``Popen``'s ``pid``, ``poll``,
    ``wait`` and ``returncode``, read from the worker's status pipe (the
    template, not this process, is its parent)."""

    def __init__(self, status_fd: int, stdout, stderr) -> None:
        os.set_blocking(status_fd, False)
        self._status_fd = status_fd
        self._lock = threading.Lock()
        self._unread = b""
        self._pid: int | None = None
        self.started_at: float | None = None  # monotonic, when the fork was reported
        self.returncode: int | None = None
        self.lost: str | None = None  # the template ended without reporting this worker's end
        self.stdout, self.stderr = stdout, stderr

    def _read(self, timeout: float | None) -> bool:
        """Read what the status pipe holds (waiting up to ``timeout``);
        False once it is closed.  The monitor thread and the caller both
        read: the descriptor is non-blocking and the parsing locked."""
        fd = self._status_fd
        if fd < 0:
            return False
        # Short waits: the other thread may take what arrives, and would
        # leave this one waiting out its whole timeout.
        timeout = SLICE_SECONDS if timeout is None else min(timeout, SLICE_SECONDS)
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
        except (OSError, ValueError):  # closed by the other thread meanwhile
            return False
        if not ready:
            return True
        with self._lock:
            if self._status_fd < 0:
                return False
            try:
                chunk = os.read(fd, 4096)
            except BlockingIOError:  # the other thread took it
                return True
            if not chunk:
                os.close(fd)
                self._status_fd = -1
                if self.returncode is None:
                    self.lost = ("the template process ended before forking the worker" if self._pid is None
                                 else "the template process ended before reporting the worker's end")
                return False
            self._unread += chunk
            while b"\n" in self._unread:
                line, _, self._unread = self._unread.partition(b"\n")
                kind, _, value = line.decode().partition(" ")
                if kind == "pid":
                    self._pid, self.started_at = int(value), time.monotonic()
                elif kind == "exit":
                    self.returncode = int(value)
        return True

    def wait_for_pid(self, timeout: float | None = None) -> int | None:
        """The worker's pid, once the template has forked it (None: it will not)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._pid is None and self.returncode is None and self._status_fd >= 0:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            self._read(left)
        return self._pid

    @property
    def pid(self) -> int | None:
        return self.wait_for_pid()

    def poll(self) -> int | None:
        """The return code, or None while it runs; a worker the template
        lost counts as ended (code 1, with :attr:`lost` saying why)."""
        while self.returncode is None and self._status_fd >= 0:
            try:
                ready, _, _ = select.select([self._status_fd], [], [], 0)
            except (OSError, ValueError):  # closed by the other thread meanwhile: _read saw its end
                break
            if not ready:
                break
            self._read(0)
        if self.returncode is None and self._status_fd < 0:
            self.returncode = 1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired("worker", timeout)
            self._read(left)
        return self.returncode

    def close(self) -> None:
        with self._lock:
            if self._status_fd >= 0:
                os.close(self._status_fd)
                self._status_fd = -1


class Template:
    """The template process, started on first use and again if it ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._owner = os.getpid()  # the process that started it (a judge is forked from it)
        self._sock: socket.socket | None = None
        self.log: str | None = None  # the template's own output

    def log_tail(self) -> str:
        try:
            with open(self.log, "rb") as fh:
                return fh.read()[-2000:].decode(errors="replace")
        except (OSError, TypeError):
            return ""

    def resident_bytes(self) -> int:
        """The template's resident memory, which each worker starts with."""
        from dlkit import processes

        proc = self._proc
        return processes.resident_bytes(proc.pid) if proc is not None else 0

    def start(self, env: dict, cwd: str) -> None:
        """Start the template (its imports run in the background)."""
        with self._lock:
            self._ensure(env, cwd)

    def _alive(self) -> bool:
        if self._proc is None:
            return False
        if os.getpid() == self._owner:
            return self._proc.poll() is None
        # A process forked from the owner (a judge, dlkit.testing.topic_process)
        # cannot wait for the template, which is not its child.
        from dlkit import processes

        return processes.running(self._proc.pid)

    def _ensure(self, env: dict, cwd: str) -> None:
        if self._alive():
            return
        if self._sock is not None:
            self._sock.close()
        if self._proc is None:
            atexit.register(self.close)  # the template ends with the process that uses it
        self._owner = os.getpid()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = os.path.join(cwd, "template.log")
        with open(self.log, "ab") as log:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "dlkit.sandbox.template", str(theirs.fileno()), str(os.getpid())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                cwd=cwd, env=env, start_new_session=True)
        theirs.close()
        self._sock = ours

    def spawn(self, cwd: str, env: dict, template_env: dict, template_cwd: str,
              request_fd: int, reply_fd: int) -> ForkedProcess:
        """Ask for a worker serving ``request_fd``/``reply_fd`` in ``cwd``
        with ``env``; returns at once (the fork happens when the template
        has finished its imports).  The caller closes its copies of the two
        descriptors."""
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        status_r, status_w = os.pipe()
        fds = [request_fd, reply_fd, out_w, err_w, status_w]
        try:
            with self._lock:
                self._ensure(template_env, template_cwd)
                message = json.dumps({"cwd": cwd, "env": env}).encode()
                try:
                    socket.send_fds(self._sock, [message], fds)
                except OSError:
                    pass  # the template died: the status pipe's EOF says so
        finally:
            for fd in (out_w, err_w, status_w):
                os.close(fd)
        return ForkedProcess(status_r, os.fdopen(out_r, "rb"), os.fdopen(err_r, "rb"))

    def close(self) -> None:
        """Stop the template and its workers (it sees its socket close)."""
        with self._lock:
            if self._sock is not None:
                self._sock.close()  # the template kills its workers and exits
                self._sock = None
            if self._proc is not None:
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
                self._proc = None


SHARED = Template()


# -- the template process ---------------------------------------------------


def _preload() -> None:
    for name in PRELOADED:
        try:
            __import__(name)
        except ImportError:
            pass  # an optional library that is not installed


def _serve(sock: socket.socket, parent: int) -> None:
    children: dict[int, int] = {}  # pid -> status pipe
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    try:
        while os.getppid() == parent:
            ready, _, _ = select.select([sock, wake_r], [], [], PARENT_CHECK_SECONDS)
            if wake_r in ready:
                os.read(wake_r, 4096)
            _reap(children)
            if sock in ready:
                try:
                    message, fds, _, _ = socket.recv_fds(sock, MESSAGE_BYTES, DESCRIPTORS)
                except OSError:
                    break
                if not message:
                    break  # the supervisor is gone
                if len(fds) != DESCRIPTORS:
                    for fd in fds:
                        os.close(fd)
                    continue
                _fork_worker(json.loads(message), fds, sock, (wake_r, wake_w), children)
    finally:
        from dlkit import processes

        for pid in children:
            processes.kill_all(pid, {pid})


def _fork_worker(request: dict, fds: list[int], sock, wake, children: dict) -> None:
    request_fd, reply_fd, out_w, err_w, status_w = fds
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            _become_worker(request, request_fd, reply_fd, out_w, err_w, [sock.fileno(), *wake, status_w,
                                                                          *children.values()])
        finally:
            os._exit(70)
    os.write(status_w, f"pid {pid}\n".encode())
    for fd in (request_fd, reply_fd, out_w, err_w):
        os.close(fd)
    children[pid] = status_w


def _reap(children: dict) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        fd = children.pop(pid, None)
        if fd is not None:
            try:
                os.write(fd, f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
            except OSError:
                pass
            os.close(fd)


def _become_worker(request: dict, request_fd: int, reply_fd: int, out_w: int, err_w: int,
                   template_fds: list[int]) -> None:
    """In the forked child: drop the template's descriptors and signal
    handling, take the worker's standard streams, folder and environment,
    then serve as :func:`dlkit.sandbox.worker.serve` does."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for fd in template_fds:
        try:
            os.close(fd)
        except OSError:
            pass
    os.setsid()  # its own process group, which the supervisor kills whole
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    keep = {0, 1, 2, request_fd, reply_fd}
    for fd in _open_fds():
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import tempfile

    tempfile.tempdir = None  # computed again from this worker's TMPDIR
    from dlkit.sandbox import worker

    worker.serve(request_fd, reply_fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _open_fds() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return list(range(3, 1024))


def main(control_fd: int, parent: int) -> None:
    os.environ.pop("PYTHONSTARTUP", None)
    _preload()
    sock = socket.socket(fileno=control_fd)
    _serve(sock, parent)
    os._exit(0)  # at once: a slow interpreter teardown would look like a leaked process


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
