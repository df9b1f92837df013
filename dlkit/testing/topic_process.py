"""Each topic's hidden tests run in a judge process of their own.

The grader process imports TensorFlow and the graders, and collects; it
never runs a Keras operation.  For each topic it forks a judge process that
runs that topic's tests: that is where the student's models are loaded and
called (after :mod:`dlkit.testing.model_screen`), so whatever a model does to
Keras's global state ends with the topic, and no other topic or student
shares it.  Student code never runs in a judge either: it runs in the
topic's worker, as before.

The grader process watches its judge: CPU-seconds and resident anonymous
memory beyond the grader process's own (which the judge starts with) under
:data:`dlkit.sandbox.limits.JUDGE_CPU_SECONDS` and
:data:`~dlkit.sandbox.limits.JUDGE_MEMORY_MB`, and a wall-clock backstop.  A
judge that overruns or dies costs its own topic's remaining tests, as grader
errors (the kit's, not the student's); the next topic gets a fresh judge.

The judge sends each test's reports back over a pipe as they are made
(pytest's serializable form, as pytest-xdist does), then the reference
values it computed (:mod:`dlkit.testing.memo`) so later judges inherit them,
and what it learnt of the student's module (why it could not run).

Forking is only safe while TensorFlow's runtime has not started in this
process (its thread pools would be missing in the child): where it has (a
grader run in a process that already ran Keras), the tests run here as
before.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback

from dlkit import processes
from dlkit.sandbox.limits import JUDGE_CPU_SECONDS, JUDGE_MEMORY_MB, judge_wall_seconds
from dlkit.testing.memo import merge, new_entries, snapshot

POLL_SECONDS = 0.1
_running: int | None = None  # the judge running now, in the grader process
HEADER = struct.Struct("!Q")
PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether a judge forked now would find a working TensorFlow (never on
    the portable path: no fork on Windows, and an unsafe one on macOS)."""
    from dlkit import processes

    if processes.PORTABLE:
        return False
    if "tensorflow" not in sys.modules:
        return True
    try:
        from tensorflow.python.eager import context
    except ImportError:
        return True
    ctx = context.context_safe()
    return ctx is None or getattr(ctx, "_context_handle", None) is None


def run(items, topic_cpu_seconds: float, lost_report, student_info) -> None:
    """Run ``items`` (one topic's tests, in order) in a judge process and log
    their reports here.  ``lost_report(item, message)`` makes the report of
    a test the judge did not finish; ``student_info(topic, error, module)``
    takes what the judge learnt of the student's module."""
    config = items[0].config
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        code = 70
        try:
            _judge(items, write_fd, parent)
            code = 0
        except BaseException:  # noqa: BLE001 - said in the log; the parent reports it
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(write_fd)
    global _running
    _running = pid
    try:
        _Watch(pid, read_fd, items, config, topic_cpu_seconds, lost_report, student_info).run()
    finally:
        _running = None


def run_in_order(items) -> None:
    """Run ``items`` in this process, as pytest's own loop does, until the
    session should stop."""
    for index, item in enumerate(items):
        nextitem = items[index + 1] if index + 1 < len(items) else None
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        if item.session.shouldfail or item.session.shouldstop:
            return


def stop_judge() -> None:
    """SIGKILL the judge running now, if any: for a grader process about to
    exit (the judge would die with it, but holds the template's socket until then)."""
    if _running is not None:
        processes.kill_all(_running, {_running})


# -- in the judge -----------------------------------------------------------


class _Channel:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self.fd, view):]


class _Forwarder:
    """Sends every report the judge logs to the grader process."""

    def __init__(self, channel: _Channel, config) -> None:
        self.channel, self.config = channel, config

    def pytest_runtest_logreport(self, report) -> None:
        data = self.config.hook.pytest_report_to_serializable(config=self.config, report=report)
        self.channel.send(("report", report.nodeid, data))


def _judge(items, fd: int, parent: int) -> None:
    # The judge ends with the grader process, whatever ends it.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from dlkit.sandbox.worker import configure_compute

    configure_compute()  # on a GPU machine: memory growth, so the judge shares it with the workers
    config = items[0].config
    channel = _Channel(fd)
    # The grader process prints what the judge reports; the judge prints nothing of it.
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        config.pluginmanager.unregister(reporter)
    config.pluginmanager.register(_Forwarder(channel, config), "dlkit-judge-forwarder")
    before = snapshot()
    run_in_order(items)
    session = config._dlkit
    for name, student in session.students.items():
        channel.send(("student", name, student.error,
                      str(student.module_path) if student.module_path else None))
    channel.send(("memo", new_entries(before)))


# -- in the grader process --------------------------------------------------


class _Watch:
    """Reads the judge's reports and keeps it within its limits."""

    def __init__(self, pid, fd, items, config, topic_cpu_seconds, lost_report, student_info) -> None:
        self.pid, self.fd, self.items, self.config = pid, fd, items, config
        self.lost_report, self.student_info = lost_report, student_info
        self.by_id = {item.nodeid: item for item in items}
        self.pending: dict[str, list] = {}  # reports of a test not finished yet
        self.done: set[str] = set()
        self.buffer = b""
        self.wall = judge_wall_seconds(topic_cpu_seconds)
        # The judge starts with this process's heap (copied only when
        # written): its memory of its own is what it holds beyond it.
        self.shared = processes.anonymous_bytes(os.getpid())
        self.cpu, self.peak = 0.0, 0  # what the judge used, for the log

    def run(self) -> None:
        why = None
        started = time.monotonic()
        eof = False
        try:
            while not eof:
                ready, _, _ = select.select([self.fd], [], [], POLL_SECONDS)
                if ready:
                    data = os.read(self.fd, 1 << 20)
                    eof = not data
                    self.buffer += data
                    self._messages()
                why = why or self._overrun(started)
                if why:
                    processes.kill_all(self.pid, {self.pid})
                    break
        finally:
            os.close(self.fd)
            _, status = os.waitpid(self.pid, 0)
        if why is None and status != 0:
            why = _ended(status)
        print(f"\n[judge of {self.items[0].path.name}: {self.cpu:.1f} CPU-seconds, "
              f"{self.peak >> 20} MB beyond the grader process]", file=sys.stderr, flush=True)
        missing = [item for item in self.items if item.nodeid not in self.done]
        if missing and why is None:
            why = "the kit's judge process for this topic stopped before its tests were done"
        for item in missing:
            self._log(item, self.lost_report(item, f"grader error (not your code): {why}"))
        if why is not None:
            # A judge that did not finish may have left its workers running
            # (they are the template's children): a new template for the next topic.
            from dlkit.sandbox import supervisor

            supervisor.restart_template()

    def _overrun(self, started: float) -> str | None:
        cpu = processes.cpu_seconds(self.pid)
        own = processes.anonymous_bytes(self.pid) - self.shared
        self.cpu, self.peak = max(self.cpu, cpu), max(self.peak, own)
        if cpu > JUDGE_CPU_SECONDS:
            return (f"the kit's judge process for this topic used more than its {JUDGE_CPU_SECONDS:.0f} "
                    "CPU-seconds")
        if own > JUDGE_MEMORY_MB << 20:
            return f"the kit's judge process for this topic used more than {JUDGE_MEMORY_MB} MB"
        if time.monotonic() - started > self.wall:
            return f"the kit's judge process for this topic did not finish within {self.wall:.0f} s"
        return None

    def _messages(self) -> None:
        while len(self.buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self.buffer)
            if len(self.buffer) < HEADER.size + size:
                return
            message = pickle.loads(self.buffer[HEADER.size:HEADER.size + size])
            self.buffer = self.buffer[HEADER.size + size:]
            self._handle(message)

    def _handle(self, message) -> None:
        kind = message[0]
        if kind == "report":
            _, nodeid, data = message
            report = self.config.hook.pytest_report_from_serializable(config=self.config, data=data)
            self.pending.setdefault(nodeid, []).append(report)
            if report.when == "teardown" and nodeid in self.by_id:
                self._log(self.by_id[nodeid], self.pending.pop(nodeid))
        elif kind == "student":
            _, name, error, module = message
            self.student_info(name, error, module)
        elif kind == "memo":
            merge(message[1])

    def _log(self, item, reports) -> None:
        self.done.add(item.nodeid)
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        for report in reports:
            item.ihook.pytest_runtest_logreport(report=report)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def _ended(status: int) -> str | None:
    if os.WIFSIGNALED(status):
        return (f"the kit's judge process for this topic was killed by "
                f"{processes.signal_name(-os.WTERMSIG(status))}")
    if os.WEXITSTATUS(status) != 0:
        return f"the kit's judge process for this topic failed (exit code {os.WEXITSTATUS(status)})"
    return None
