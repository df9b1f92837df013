"""Start a worker for one student module and call into it under limits.

The supervisor lives in the grader's process.  It never imports student code;
it sends requests, receives plain data, and turns every way a worker can fail
(an exception, ``sys.exit``, a hang, a crash, a memory blow-up, an oversized
reply) into an :class:`Outcome` with a message a student can act on.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from dlkit import processes, scratch
from dlkit.sandbox import plaindata, spawned, template, wire
from dlkit.sandbox.limits import Limits, wall_backstop
from dlkit.sandbox.plaindata import Record
from dlkit.sandbox.untrusted_files import read_regular_file

POLL_SECONDS = 0.02
MONITOR_WAIT_SECONDS = 0.2
# How long a worker may wait for the template to fork it (its imports
# included, on a loaded machine).
TEMPLATE_START_SECONDS = 180
# The monitor enforces the wall-clock backstop; the reply's deadline only backs it up.
DEADLINE_SLACK_SECONDS = 5.0

# Outcome statuses.  "ok" and "raised"/"exit" leave the worker alive; the
# others mean it was stopped and must be started again before the next call.
# "lost": the worker could not start, or was killed from outside (not by the
# kit, not by its student's code's doing that the kit can see): the kit's failure.
FATAL = {"timeout", "memory", "died", "protocol", "budget", "lost"}

# Workers not yet closed, for close_all.
_OPEN: weakref.WeakSet = weakref.WeakSet()


@dataclass
class Outcome:
    status: str  # ok | raised | exit | timeout | memory | died | protocol | budget | refused | lost
    value: object = None
    message: str = ""
    traceback: str = ""
    seconds: float = 0.0  # CPU-seconds charged

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def fatal(self) -> bool:
        return self.status in FATAL


class _OutputTail:
    """Drains one pipe so the worker never blocks, keeping the first bytes."""

    def __init__(self, stream, keep: int) -> None:
        self.keep, self.kept, self.total = keep, bytearray(), 0
        self.thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self.thread.start()

    def _drain(self, stream) -> None:
        try:
            while chunk := stream.read1(1 << 16):
                self.total += len(chunk)
                room = self.keep - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
        except (OSError, ValueError):
            pass

    def text(self) -> str:
        out = self.kept.decode(errors="replace")
        if self.total > len(self.kept):
            out += f"\n[... {self.total - len(self.kept)} more bytes of output dropped]"
        return out


@dataclass
class _Watch:
    """Shared between the monitor thread and the caller."""

    pids: set = field(default_factory=set)
    peak_bytes: int = 0
    cpu: float = 0.0  # CPU-seconds of the whole process tree so far (never decreases)
    # What the monitor enforces now: the tree's CPU total may not pass
    # cpu_limit, and wall_limit seconds may not pass from wall_from (the
    # call's start; for an import, the fork, set by the monitor).
    cpu_limit: float | None = None
    wall_limit: float | None = None
    wall_from: float | None = None
    allowance: str = "topic"  # which limit the current one is: "topic" or "call"
    cpu_from: float = 0.0  # the tree's CPU total when the request in flight was sent
    allowed: float = 0.0  # the CPU-seconds it may use
    stopped_for: str | None = None  # "memory" | "cpu" | "wall": why the monitor stopped it
    stop: threading.Event = field(default_factory=threading.Event)


class Worker:
    """One student module in one worker process (restartable), forked from
    the warm template (:mod:`dlkit.sandbox.template`)."""

    def __init__(self, module_name: str, module_path: str, limits: Limits,
                 env: dict | None = None) -> None:
        self.module_name, self.module_path, self.limits = module_name, module_path, limits
        self.extra_env = dict(env or {})
        self._spent_cpu = 0.0  # CPU-seconds of stopped processes and charged from elsewhere
        self._spent_wall = 0.0  # wall seconds of imports and calls, against the backstop
        self.starts = 0
        self._launched_at: float | None = None  # a load request is in flight since then
        self.proc: template.ForkedProcess | spawned.SpawnedProcess | None = None
        self.stdout: _OutputTail | None = None
        self.stderr: _OutputTail | None = None
        self.output = ""  # captured output of stopped workers, capped
        self.peak_bytes = 0
        self._dir: str | None = None
        self._pending: Outcome | None = None  # a send that already failed
        self._watch: _Watch | None = None
        # Model files received from the worker live here, outside its folder.
        self.exchange = scratch.mkdtemp(prefix=f"dlkit-{module_name}-models-")
        self._received = 0
        _OPEN.add(self)

    # -- life cycle -------------------------------------------------------

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def used(self) -> float:
        """CPU-seconds used so far: every process this worker has been, and
        what was charged to it (:meth:`charge`)."""
        running = self._watch.cpu if self.proc is not None and self._watch is not None else 0.0
        return self._spent_cpu + running

    def charge(self, cpu_seconds: float) -> None:
        """Count work done elsewhere for this topic (the kit's trainer) against its budget."""
        self._spent_cpu += max(cpu_seconds, 0.0)
        if self._watch is not None and self._watch.cpu_limit is not None and self._watch.allowance == "topic":
            self._watch.cpu_limit -= max(cpu_seconds, 0.0)

    def cpu_left(self) -> float:
        return self.limits.cpu_seconds - self.used

    def wall_left(self) -> float:
        return self.limits.wall_seconds - self._spent_wall

    def launch(self) -> None:
        """Have the template fork the worker and send the import request
        without waiting, so that imports of several topics overlap;
        :meth:`start` waits."""
        if self._launched_at is not None or self.alive or self.cpu_left() <= 0 or self.wall_left() <= 0:
            return
        self.starts += 1
        try:
            source = read_regular_file(self.module_path)
        except OSError as exc:
            self._launched_at = time.monotonic()
            self._pending = Outcome("refused", message=str(exc))
            return
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        self._dir = scratch.mkdtemp(prefix=f"dlkit-{self.module_name}-")
        # The worker's temporary files go in its folder, removed when it is
        # stopped (as the sandbox does): a SIGKILLed worker never runs the
        # atexit hooks that remove them (TensorFlow's autograph files).
        env = {**self.extra_env, "TMPDIR": self._dir, "DLKIT_WORKER_THREADS": str(int(self.limits.threads))}
        beside = os.path.dirname(os.path.abspath(self.module_path))
        if self.limits.sandbox_hidden is not None:
            # Fenced, the worker sees only its own folder (a tmpfs it gets
            # inside the fence), where it writes the module it is sent.
            beside = None
            env["DLKIT_SANDBOX_HIDDEN"] = json.dumps(list(self.limits.sandbox_hidden))
            env["DLKIT_SANDBOX_DISK_MB"] = str(int(self.limits.disk_mb))
        try:
            if processes.PORTABLE:
                self.proc = spawned.spawn(self._dir, _worker_env(env), req_r, rep_w)
            else:
                self.proc = template.SHARED.spawn(self._dir, _worker_env(env), *_template_place(), req_r,
                                                  rep_w)
        except OSError as exc:  # no process to run the student's code: the machine's failure
            for fd in (req_w, rep_r):
                os.close(fd)
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
            self._launched_at = time.monotonic()
            self._pending = Outcome("lost", message=f"the worker process could not be started ({exc})")
            return
        finally:
            os.close(req_r)
            os.close(rep_w)
        self._req, self._rep = req_w, rep_r
        self.stdout = _OutputTail(self.proc.stdout, self.limits.output_bytes)
        self.stderr = _OutputTail(self.proc.stderr, self.limits.output_bytes)
        # The import may use what is left of the topic's budget; its wall
        # clock starts when the template forks the worker.
        self._watch = _Watch(cpu_limit=self.cpu_left(), allowed=self.cpu_left(),
                             wall_limit=min(wall_backstop(self.cpu_left()), self.wall_left()))
        threading.Thread(target=self._monitor, args=(self.proc, self._watch), daemon=True).start()
        self._launched_at = time.monotonic()
        self._send({"op": "load", "name": self.module_name, "beside": beside,
                    "source": np.frombuffer(source, dtype=np.uint8)},
                   f"importing {os.path.basename(self.module_path)}")

    def start(self) -> Outcome:
        """Wait for the module's import (launching it first if needed); an
        import failure is returned as the outcome and the worker stopped."""
        self.launch()
        if self._launched_at is None:
            if self.alive:
                return Outcome("ok")
            return Outcome("budget", message=self._budget_message())
        self._launched_at = None
        name = os.path.basename(self.module_path)
        outcome = self._pending
        if outcome is None:
            if self.proc.wait_for_pid(TEMPLATE_START_SECONDS) is None:
                outcome = self._lost(f"importing {name}")
            else:
                outcome = self._await(self._watch, f"importing {name}", loading=True)
        self._pending = None
        if not outcome.ok:
            if outcome.status == "raised":
                outcome.message = f"importing {name} raised {outcome.message}"
            self.stop()
        return outcome

    def stop(self) -> None:
        if self.proc is None:
            return
        self._launched_at = None
        watch = self._watch
        watch.stop.set()
        pid = self.proc.wait_for_pid(0)
        if pid is not None:
            watch.cpu = max(watch.cpu, self._tree_cpu(pid))
            processes.kill_all(pid, watch.pids | processes.descendants(pid))
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        # Not forked yet: it will find its request pipe closed and exit.
        self.proc.close()
        for fd in (self._req, self._rep):
            try:
                os.close(fd)
            except OSError:
                pass
        for tail in (self.stdout, self.stderr):
            tail.thread.join(timeout=1)
        self.output = (self.output + self.stdout.text() + self.stderr.text())[-4 * self.limits.output_bytes:]
        self.peak_bytes = max(self.peak_bytes, watch.peak_bytes)
        self._spent_cpu += watch.cpu
        self.proc = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def close(self) -> None:
        """Stop the worker and remove the received model files."""
        self.stop()
        shutil.rmtree(self.exchange, ignore_errors=True)
        _OPEN.discard(self)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- calls ------------------------------------------------------------

    def call(self, target: str, args=(), kwargs=None, description: str = "",
             seconds: float | None = None) -> Outcome:
        """Call ``target`` (a function of the student's module, or
        ``harness:dlkit.module:function``) with plain-data arguments;
        ``seconds`` (CPU-seconds) replaces the limit of one call."""
        description = description or target
        if not self.alive:
            return Outcome("died", message="the worker is not running")
        allowed = seconds or self.limits.call_cpu_seconds
        left = self.cpu_left()
        if left <= 0 or self.wall_left() <= 0:
            self.stop()
            return Outcome("budget", message=self._budget_message())
        args, kwargs = self._deliver(tuple(args)), self._deliver(dict(kwargs or {}))
        watch = self._watch
        watch.wall_from = time.monotonic()
        watch.wall_limit = min(wall_backstop(min(allowed, left)), self.wall_left())
        watch.allowance = "call" if allowed < left else "topic"
        watch.cpu_from, watch.allowed = watch.cpu, min(allowed, left)
        watch.cpu_limit = watch.cpu_from + watch.allowed
        self._send({"op": "call", "target": target, "args": args, "kwargs": kwargs}, description)
        outcome = self._pending or self._await(watch, description)
        if self._watch is watch and self.proc is not None:
            # Between calls, what is left of the topic's budget still holds
            # (a thread the student left spinning uses it up).
            watch.allowance, watch.wall_limit = "topic", None
            watch.cpu_limit = max(self.limits.cpu_seconds - self._spent_cpu, watch.cpu)
        if outcome.ok:
            outcome.value = self._collect(outcome.value)
        return outcome
    def _deliver(self, args):
        """Models the grader passes travel as bytes inside the request:
        nothing is copied into a folder the worker can write."""
        return plaindata.map_values(args, self._deliver_model)

    def _deliver_model(self, value):
        if isinstance(value, Record) and value.kind == "keras_model" and "path" in value.data:
            with open(value.data["path"], "rb") as fh:
                return Record("keras_model", {"bytes": np.frombuffer(fh.read(), dtype=np.uint8)})
        return value

    def _collect(self, result):
        """Models the worker returns arrive as bytes: written here into the
        supervisor's own folder, which the worker cannot write."""
        return plaindata.map_values(result, self._collect_model)

    def _collect_model(self, value):
        if not (isinstance(value, Record) and value.kind == "keras_model"):
            return value
        data = value.data if isinstance(value.data, dict) else {}
        if "refused" in data:
            return Record("keras_model", {"refused": str(data["refused"])[:2000]})
        content = data.get("bytes")
        if not (isinstance(content, np.ndarray) and content.dtype == np.uint8 and content.ndim == 1):
            error = str(data.get("error", "the model file is missing"))[:2000]
            return Record("keras_model", {"error": error})
        if content.size > self.limits.model_bytes:
            return Record("keras_model", {"refused": f"the saved model takes {content.size >> 20} MB, more "
                                                     f"than the {self.limits.model_bytes >> 20} MB "
                                                     "allowed: far too many parameters"})
        self._received += 1
        target = os.path.join(self.exchange, f"{self.starts}-{self._received}.keras")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.tobytes())
        return Record("keras_model", {"path": target})

    def _send(self, request: dict, description: str) -> None:
        self._pending = None
        try:
            wire.send(self._req, plaindata.encode(request))
        except (BrokenPipeError, OSError):
            self._pending = self._death(description)

    def _await(self, watch: _Watch, description: str, loading: bool = False) -> Outcome:
        """The reply to the request in flight.  The monitor thread enforces
        the limits (it stops the worker, and the reply pipe closes); the
        deadline here only backs it up."""
        cpu_before = watch.cpu_from
        began = watch.wall_from or time.monotonic()
        deadline = began + (watch.wall_limit or 0.0) + DEADLINE_SLACK_SECONDS
        try:
            reply = plaindata.decode(wire.receive(self._rep, deadline, self.limits.reply_bytes))
            status = reply.get("status") if isinstance(reply, dict) else None
            if status == "ok":
                outcome = Outcome("ok", value=reply.get("value"))
            elif status == "raised":
                outcome = Outcome("raised", message=f"{reply['type']}: {reply['message']}",
                                  traceback=str(reply.get("traceback", "")))
                outcome.value = reply["type"]
            elif status == "exit":
                outcome = Outcome("exit", message=f"called sys.exit({reply['code']}) while {description}")
            else:
                raise ValueError("unexpected reply")
            # An import launched ahead is charged its own duration, not the wait.
            wall = time.monotonic() - began
            if loading and isinstance(reply.get("seconds"), float):
                wall = min(max(reply["seconds"], 0.0), wall)
            self._spent_wall += wall
            pid = self.proc.wait_for_pid(0)
            if pid is not None:
                watch.cpu = max(watch.cpu, self._tree_cpu(pid))
            outcome.seconds = watch.cpu - cpu_before
            return outcome
        except wire.WireTimeout:
            watch.stopped_for = watch.stopped_for or "wall"
            return self._death(description)
        except (wire.WireClosed, BrokenPipeError):
            return self._death(description)
        except wire.WireTooLarge as exc:
            outcome = Outcome("protocol", message=f"{description} returned {exc.args[0]} bytes, more than "
                                                  f"the {self.limits.reply_bytes} allowed")
        except (ValueError, KeyError, TypeError, OSError) as exc:
            outcome = Outcome("protocol", message=f"{description}: the worker sent a malformed reply ({exc})")
        self._spent_wall += time.monotonic() - began
        self.stop()
        outcome.seconds = watch.cpu - cpu_before
        return outcome

    def _death(self, description: str) -> Outcome:
        """The outcome of a worker that stopped answering: stopped by the
        monitor for a limit, crashed, or lost with the template."""
        watch = self._watch
        began = watch.wall_from or time.monotonic()
        cpu_before = watch.cpu_from
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        lost = self.proc.lost
        reason = watch.stopped_for
        self._spent_wall += time.monotonic() - began
        self.stop()
        used = max(watch.cpu - cpu_before, 0.0)
        status = "budget" if watch.allowance == "topic" else "timeout"
        which = (f"the topic's time limit of {self.limits.cpu_seconds:.0f} CPU-seconds" if status == "budget"
                 else f"the time limit of {watch.allowed:.0f} CPU-seconds for one call")
        if reason == "memory":
            outcome = Outcome("memory", message=f"{description} used more than the memory limit of "
                                                f"{self.limits.memory_mb} MB; the worker was stopped")
        elif reason == "cpu":
            outcome = Outcome(status, message=f"{description} did not finish within {which}; "
                                              "the worker was stopped")
        elif reason == "wall":
            outcome = Outcome(status, message=(
                f"{description} did not finish within the wall-clock backstop of {watch.wall_limit:.0f} s "
                f"({which}): it used only {used:.1f} CPU-seconds, waiting, sleeping or blocked; "
                "the worker was stopped"))
        elif lost:
            outcome = self._lost(description, lost)
        elif code == -9:
            # Neither a limit nor the student's crash the kit can see: the kit did not kill it.
            outcome = Outcome("lost", message=f"the worker was killed from outside the kit (SIGKILL, "
                                              f"by another process or the machine) while {description}")
        else:
            if code is None:
                how = "closed its connection to the grader"
            elif code < 0:
                how = f"was killed by {processes.signal_name(code)}"
                if code == -11:
                    how += " (a segmentation fault)"
            else:
                how = f"exited with status {code} (os._exit or a crash)"
            outcome = Outcome("died", message=f"the worker {how} while {description}")
        outcome.seconds = used
        return outcome

    def _lost(self, description: str, why: str = "") -> Outcome:
        """The template could not give a worker: the kit's failure, not the student's."""
        why = why or (self.proc.lost if self.proc is not None and self.proc.lost else
                      f"the template process forked no worker within {TEMPLATE_START_SECONDS} s")
        self.stop()
        tail = template.SHARED.log_tail().strip()
        return Outcome("lost", message=f"the kit could not run a worker while {description}: {why}"
                                       + (f"\n{tail}" if tail else ""))

    def _tree_cpu(self, pid: int) -> float:
        return sum(processes.cpu_seconds(p) for p in processes.descendants(pid))

    def _monitor(self, proc: template.ForkedProcess, watch: _Watch) -> None:
        pid = None
        while not watch.stop.is_set() and pid is None:
            pid = proc.wait_for_pid(MONITOR_WAIT_SECONDS)
            if pid is None and proc.poll() is not None:
                return
        if pid is None:
            return
        if watch.wall_from is None:
            watch.wall_from = proc.started_at  # an import's wall clock starts at the fork
        memory = self.limits.memory_mb << 20
        # Each process starts with the template's pages (TensorFlow and
        # friends, shared, not the student's): only what it holds beyond
        # them counts.  Cheap enough to read every poll, unlike smaps.
        baseline = 0 if processes.PORTABLE else template.SHARED.resident_bytes()
        while not watch.stop.is_set() and proc.poll() is None:
            pids = processes.descendants(pid)
            watch.pids |= pids
            used = sum(max(processes.resident_bytes(p) - baseline, 0) for p in pids)
            watch.peak_bytes = max(watch.peak_bytes, used)
            watch.cpu = max(watch.cpu, sum(processes.cpu_seconds(p) for p in pids))
            cpu_limit, wall_limit, wall_from = watch.cpu_limit, watch.wall_limit, watch.wall_from
            if used > memory:
                watch.stopped_for = "memory"
            elif cpu_limit is not None and watch.cpu > cpu_limit:
                watch.stopped_for = "cpu"
            elif wall_limit is not None and wall_from is not None and \
                    time.monotonic() - wall_from > wall_limit:
                watch.stopped_for = "wall"
            if watch.stopped_for:
                processes.kill_all(pid, watch.pids)
                return
            watch.stop.wait(POLL_SECONDS)

    def _budget_message(self) -> str:
        return (f"the topic's time limit of {self.limits.cpu_seconds:.0f} CPU-seconds "
                f"(or its wall-clock backstop of {self.limits.wall_seconds:.0f} s) was used up "
                "before this test could run")


def _worker_env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DLKIT_", "PYTEST_"))}
    env.update({
        "TF_CPP_MIN_LOG_LEVEL": "3",  # TensorFlow's start-up chatter
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ inside submissions
        "MPLBACKEND": "Agg",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env


@functools.cache
def _template_folder() -> str:
    return scratch.mkdtemp(prefix="dlkit-template-")


def _template_place() -> tuple[dict, str]:
    """The template's environment (the workers', so no grader secret) and folder."""
    folder = _template_folder()
    return _worker_env({"TMPDIR": folder}), folder


def warm_up() -> None:
    """Start the template's imports now, to overlap with this process's own
    (the portable path has no template: each worker imports for itself)."""
    if not processes.PORTABLE:
        template.SHARED.start(*_template_place())


def restart_template() -> None:
    """Stop the template with every worker it forked, and start a new one."""
    template.SHARED.close()
    warm_up()


def close_all() -> None:
    """Close every open worker: its processes, however they forked, and its
    folders.  For a grader process about to exit in the middle of a
    submission (:func:`dlkit.grading.grader_process.exit_when_orphaned`); best effort,
    since the thread that uses a worker may be using it right now.

    Then the template, which kills the workers it forked: those of a judge
    process (dlkit.testing.topic_process) are not in this process's list."""
    for worker in list(_OPEN):
        try:
            worker.close()
        except Exception:  # noqa: BLE001
            pass
    try:
        template.SHARED.close()
    except Exception:  # noqa: BLE001
        pass
