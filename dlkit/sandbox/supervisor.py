"""Start a worker for one student module and call into it under limits.

The supervisor lives in the grader's process.  It never imports student code;
it sends requests, receives plain data, and turns every way a worker can fail
(an exception, ``sys.exit``, a hang, a crash, a memory blow-up, an oversized
reply) into an :class:`Outcome` with a message a student can act on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from dlkit import scratch
from dlkit.sandbox import plaindata, processes, wire
from dlkit.sandbox.limits import Limits
from dlkit.sandbox.plaindata import Record
from dlkit.sandbox.untrusted_files import read_regular_file

POLL_SECONDS = 0.02

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
    seconds: float = 0.0

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
    over_memory: bool = False
    load_deadline: float | None = None  # an import in flight must end by then
    load_overran: bool = False
    stop: threading.Event = field(default_factory=threading.Event)


class Worker:
    """One student module in one worker process (restartable)."""

    def __init__(self, module_name: str, module_path: str, limits: Limits,
                 env: dict | None = None) -> None:
        self.module_name, self.module_path, self.limits = module_name, module_path, limits
        self.extra_env = dict(env or {})
        self.used = 0.0  # seconds spent importing and in calls, against wall_seconds
        self.starts = 0
        self._launched_at: float | None = None  # a load request is in flight since then
        self.proc: subprocess.Popen | None = None
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

    def seconds_left(self) -> float:
        return self.limits.wall_seconds - self.used

    def launch(self) -> None:
        """Start the process and send the import request without waiting,
        so that imports of several topics overlap; :meth:`start` waits."""
        if self._launched_at is not None or self.alive or self.seconds_left() <= 0:
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
        env = {**self.extra_env, "TMPDIR": self._dir}
        beside = os.path.dirname(os.path.abspath(self.module_path))
        if self.limits.sandbox_hidden is not None:
            # Fenced, the worker sees only its own folder (a tmpfs it gets
            # inside the fence), where it writes the module it is sent.
            beside = None
            env["DLKIT_SANDBOX_HIDDEN"] = json.dumps(list(self.limits.sandbox_hidden))
            env["DLKIT_SANDBOX_DISK_MB"] = str(int(self.limits.disk_mb))
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dlkit.sandbox.worker", str(req_r), str(rep_w)],
                pass_fds=(req_r, rep_w), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                cwd=self._dir, env=_worker_env(env), start_new_session=True,
            )
        except OSError as exc:  # no process to run the student's code: the machine's failure
            for fd in (req_r, req_w, rep_r, rep_w):
                os.close(fd)
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
            self._launched_at = time.monotonic()
            self._pending = Outcome("lost", message=f"the worker process could not be started ({exc})")
            return
        os.close(req_r)
        os.close(rep_w)
        self._req, self._rep = req_w, rep_r
        self.stdout = _OutputTail(self.proc.stdout, self.limits.output_bytes)
        self.stderr = _OutputTail(self.proc.stderr, self.limits.output_bytes)
        self._watch = _Watch(pids={self.proc.pid})
        threading.Thread(target=self._monitor, args=(self.proc, self._watch), daemon=True).start()
        self._launched_at = time.monotonic()
        self._watch.load_deadline = self._launched_at + self.seconds_left()
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
        launched, self._launched_at = self._launched_at, None
        name = os.path.basename(self.module_path)
        outcome = self._pending or self._await(launched, self.seconds_left(), f"importing {name}",
                                               loading=True)
        self._pending = None
        if self._watch is not None:
            self._watch.load_deadline = None
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
        processes.kill_all(self.proc.pid, watch.pids | processes.descendants(self.proc.pid))
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for fd in (self._req, self._rep):
            try:
                os.close(fd)
            except OSError:
                pass
        for tail in (self.stdout, self.stderr):
            tail.thread.join(timeout=1)
        self.output = (self.output + self.stdout.text() + self.stderr.text())[-4 * self.limits.output_bytes:]
        self.peak_bytes = max(self.peak_bytes, watch.peak_bytes)
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
        ``harness:dlkit.module:function``) with plain-data arguments."""
        description = description or target
        if not self.alive:
            return Outcome("died", message="the worker is not running")
        limit = min(seconds or self.limits.call_seconds, self.seconds_left())
        if limit <= 0:
            self.stop()
            return Outcome("budget", message=self._budget_message())
        args, kwargs = self._deliver(tuple(args)), self._deliver(dict(kwargs or {}))
        outcome = self._request({"op": "call", "target": target, "args": args, "kwargs": kwargs},
                                limit, description)
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

    def _request(self, request: dict, limit: float, description: str) -> Outcome:
        started = time.monotonic()
        self._send(request, description)
        return self._pending or self._await(started, limit, description)

    def _send(self, request: dict, description: str) -> None:
        self._pending = None
        try:
            wire.send(self._req, plaindata.encode(request))
        except (BrokenPipeError, OSError):
            self._pending = self._death(description)

    def _await(self, started: float, limit: float, description: str, loading: bool = False) -> Outcome:
        charged = None  # an import launched ahead is charged its own duration, not the wait
        try:
            reply = plaindata.decode(wire.receive(self._rep, started + limit, self.limits.reply_bytes))
            status = reply.get("status") if isinstance(reply, dict) else None
            if loading and isinstance(reply.get("seconds"), float):
                charged = min(max(reply["seconds"], 0.0), time.monotonic() - started)
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
        except wire.WireTimeout:
            self.stop()
            budget = self.limits.wall_seconds - self.used - (time.monotonic() - started) <= 0.05
            what = "the topic's time limit" if budget else f"the time limit of {limit:.0f} s"
            outcome = Outcome("budget" if budget else "timeout",
                              message=f"{description} did not finish within {what}; the worker was stopped")
        except (wire.WireClosed, BrokenPipeError):
            outcome = self._death(description)
        except wire.WireTooLarge as exc:
            self.stop()
            outcome = Outcome("protocol", message=f"{description} returned {exc.args[0]} bytes, more than "
                                                  f"the {self.limits.reply_bytes} allowed")
        except (ValueError, KeyError, TypeError, OSError) as exc:
            self.stop()
            outcome = Outcome("protocol", message=f"{description}: the worker sent a malformed reply ({exc})")
        outcome.seconds = time.monotonic() - started if charged is None else charged
        self.used += outcome.seconds
        return outcome

    def _death(self, description: str) -> Outcome:
        watch = self._watch
        if watch.load_overran:
            self.stop()
            return Outcome("budget", message=f"{description} did not finish within the topic's "
                                             "time limit; the worker was stopped")
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        self.stop()
        if watch.over_memory:
            return Outcome("memory", message=f"{description} used more than the memory limit of "
                                             f"{self.limits.memory_mb} MB; the worker was stopped")
        if code == -9:
            # Neither the memory limit nor the time limit: the kit did not kill it.
            return Outcome("lost", message=f"the worker was killed from outside the kit (SIGKILL, "
                                           f"by another process or the machine) while {description}")
        if code is None:
            how = "closed its connection to the grader"
        elif code < 0:
            how = f"was killed by {processes.signal_name(code)}"
            if code == -11:
                how += " (a segmentation fault)"
        else:
            how = f"exited with status {code} (os._exit or a crash)"
        return Outcome("died", message=f"the worker {how} while {description}")

    def _monitor(self, proc: subprocess.Popen, watch: _Watch) -> None:
        limit = self.limits.memory_mb << 20
        while not watch.stop.is_set() and proc.poll() is None:
            pids = processes.descendants(proc.pid)
            watch.pids |= pids
            used = sum(processes.resident_bytes(p) for p in pids)
            watch.peak_bytes = max(watch.peak_bytes, used)
            if used > limit:
                watch.over_memory = True
                processes.kill_all(proc.pid, watch.pids)
                return
            # An import that overruns while nobody waits for it (it was
            # launched ahead) must not keep a core busy.
            if watch.load_deadline is not None and time.monotonic() > watch.load_deadline:
                watch.load_overran = True
                processes.kill_all(proc.pid, watch.pids)
                return
            watch.stop.wait(POLL_SECONDS)

    def _budget_message(self) -> str:
        return (f"the topic's time limit of {self.limits.wall_seconds:.0f} s was used up "
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


def close_all() -> None:
    """Close every open worker: its processes, however they forked, and its
    folders.  For a grader process about to exit in the middle of a
    submission (:func:`dlkit.grading.batch.exit_when_orphaned`); best effort,
    since the thread that uses a worker may be using it right now."""
    for worker in list(_OPEN):
        try:
            worker.close()
        except Exception:  # noqa: BLE001
            pass
