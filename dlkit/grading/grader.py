"""Grade submissions: run the hidden graders in a grader process.

The grader process (:mod:`dlkit.grading.grader_process`) runs pytest over
``graders/test_<topic>.py`` with the dlkit plugin, which starts one worker per
topic for the student's code.  The grader process never imports student
code, and this process never imports TensorFlow.  Whatever happens, every
submission gets a report (:class:`dlkit.results.Report`): a topic whose
grading could not run carries an ``error`` and zero points.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dlkit import grader_secret, paths, registry, scratch
from dlkit.results import Report, TopicResult
from dlkit.sandbox.limits import judge_wall_seconds
from dlkit.settings import GradingSettings, with_overrides

# The grader process is trusted, but it must never hang the run either.
GRADER_MARGIN_SECONDS = 120
# Submissions one grader process grades before a fresh one takes over.
RECYCLE_AFTER = 8
# How long a grader process told to finish, or to stop, may take to exit.
GRADER_EXIT_SECONDS = 30


def grader_file(topic: registry.Topic, graders: Path | None = None) -> Path:
    return (graders or paths.GRADERS) / f"test_{topic.name}.py"


def grade(submission: Path, topic_names: list[str] | None = None,
          limits: dict | None = None, graders: Path | None = None) -> Report:
    """The report for one submission."""
    return grade_many([submission], topic_names, limits, graders)[0]


def grade_many(submissions: list[Path], topic_names: list[str] | None = None,
               limits: dict | None = None,
               graders: Path | None = None,
               submission_limits: list[dict] | None = None, workers: int = 1,
               on_report: Callable[[int, Report], None] | None = None) -> list[Report]:
    """Reports for several submissions, in order, graded one after another in
    one grader process (a fresh one after a submission it failed on), or in
    ``workers`` grader processes that each take the next submission as soon
    as they are free, each with its share of the cores unless ``limits``
    says ``"threads"``.  ``on_report(index, report)`` is called (one call at
    a time) as each report arrives; an interrupted run takes no further
    submission.

    ``limits`` overrides the registry's limits for every submission and
    ``submission_limits`` (one per submission) for one:
    ``{"time": {topic: seconds}, "memory": {topic: megabytes}}``.  ``limits``
    also says how workers are fenced: ``"sandbox"`` is ``"auto"`` (the
    default: :mod:`dlkit.sandbox.namespaces` where the machine allows it),
    ``"on"`` or ``"off"``, ``"sandbox_hide"`` lists more folders to hide,
    and ``"threads"`` caps each process's compute threads (:func:`grader_env`).
    """
    submissions = list(submissions)
    overrides = submission_limits or [{} for _ in submissions]
    workers = max(1, min(workers, len(submissions)))
    if workers > 1:
        limits = dict(limits or {})
        limits.setdefault("threads", max(1, (os.cpu_count() or 1) // workers))
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(submissions)):
        todo.put(index)
    reports: list = [None] * len(submissions)
    lock, stop = threading.Lock(), threading.Event()

    def serve() -> None:
        with Grader(topic_names, limits, graders) as grader:
            while not stop.is_set():
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                reports[index] = grader.grade(Path(submissions[index]), overrides[index])
                if on_report is not None:
                    with lock:
                        on_report(index, reports[index])

    if workers == 1:
        serve()
        return reports
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(serve) for _ in range(workers)]
        try:
            for future in futures:
                future.result()
        finally:
            stop.set()  # interrupted (a timeout, Ctrl-C): take no further submission
    return reports


@functools.cache
def _sweep_once() -> None:
    scratch.sweep()


class Grader:
    """Grades submissions one at a time in a grader process
    (:mod:`dlkit.grading.grader_process`) that is started once and reused, so that
    TensorFlow's import and the graders' reference values are paid for once.

    The process is started afresh after ``recycle_after`` submissions (what
    a long-lived TensorFlow process accumulates stays bounded) and after a
    submission it did not finish: a grader process that crashed or hung
    costs that submission's topics, never the next submission's."""

    def __init__(self, topic_names: list[str] | None = None, limits: dict | None = None,
                 graders: Path | None = None, recycle_after: int = RECYCLE_AFTER) -> None:
        self.topics = registry.select(topic_names)
        # One validated record (dlkit.settings); a limits dict is read as one.
        self.settings = GradingSettings.coerce(limits)
        self.graders = graders
        self.runnable = [t for t in self.topics if grader_file(t, graders).exists()]
        self.recycle_after = recycle_after
        _sweep_once()  # what killed runs could not remove
        self._tmp = tempfile.TemporaryDirectory(prefix=scratch.GRADER_PREFIX)
        self.folder = Path(self._tmp.name)
        scratch.claim(self.folder)
        self._proc: subprocess.Popen | None = None
        self._log = self.folder / "grader.log"
        self._unread = b""
        self._served = 0  # by the running process
        self._count = 0  # by this Grader
        if self.runnable:
            (self.folder / "job.json").write_text(json.dumps({
                "rootdir": str(grader_file(self.runnable[0], graders).parent),
                "grader_files": [str(grader_file(t, graders)) for t in self.runnable],
            }))

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stop(gently=True)
        self._tmp.cleanup()

    def grade(self, submission: Path, submission_limits: dict | None = None) -> Report:
        """The report for one submission; ``submission_limits`` as in :func:`grade_many`."""
        own = with_overrides(self.settings, submission_limits)
        raw, failure = None, ""
        if self.runnable:
            raw, failure = self._run(Path(submission), own)
        return _report(self.topics, self.runnable, self.graders, raw, failure)

    def _run(self, submission: Path, settings: GradingSettings) -> tuple[Report | None, str]:
        if self._proc is None or self._served >= self.recycle_after:
            self._stop(gently=True)
            self._start()
        self._count += 1
        self._served += 1
        line = json.dumps({"submission": str(submission.resolve()), "settings": settings.to_json()}) + "\n"
        # Time limits are CPU-seconds; what bounds the process is each
        # topic's wall-clock backstop.
        budget = GRADER_MARGIN_SECONDS + sum(
            judge_wall_seconds(settings.time_limit(t.name, t.time_limit)) for t in self.runnable)
        try:
            self._proc.stdin.write(line.encode())
            self._proc.stdin.flush()
            answered, reply = self._reply(budget)
        except OSError:  # the process is gone: a broken pipe
            answered, reply = "died", None
        if answered != "done":
            self._stop(gently=False)
        report = reply.get("report") if isinstance(reply, dict) else None
        if isinstance(report, dict):
            try:
                return Report.from_json(report), ""
            except (KeyError, TypeError, ValueError) as exc:
                return None, f"the grader process sent a malformed report ({type(exc).__name__}: {exc})"
        if answered == "timeout":
            return None, f"the grader process did not finish within {budget:.0f} s"
        return None, f"the grader process failed:\n{self._log_tail()}"

    def _start(self) -> None:
        # What grading writes goes in this Grader's folder, removed on close
        # whatever became of the process: its own files (scratch) and what
        # libraries leave in TMPDIR for an orderly exit to remove
        # (TensorFlow's autograph files), which a stopped process never has.
        temp = self.folder / "tmp"
        temp.mkdir(exist_ok=True)
        env = {**grader_env(self.settings), scratch.ENV: str(self.folder / "scratch"), "TMPDIR": str(temp)}
        with open(self._log, "wb") as log:  # the child keeps its own descriptor
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "dlkit.grading.grader_process", str(self.folder / "job.json"),
                 str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, cwd=self.folder)
        self._unread = b""
        self._served = 0

    def _reply(self, budget: float) -> tuple[str, dict | None]:
        """Wait for the process's reply line: ("done", the reply), or
        ("timeout" | "died", None)."""
        deadline = time.monotonic() + budget
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._unread:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout", None
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return "died", None
                self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        try:
            return "done", json.loads(line)
        except ValueError:
            return "died", None

    def _stop(self, gently: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()  # end of input: the process finishes and exits
        except OSError:
            pass
        if gently:
            try:
                proc.wait(timeout=GRADER_EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        if proc.poll() is None:
            proc.terminate()  # it stops its workers and what they forked, then exits
            try:
                proc.wait(timeout=GRADER_EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.wait()
        proc.stdout.close()

    def _log_tail(self) -> str:
        try:
            return self._log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def _report(topics: list, runnable: list, graders: Path | None, raw: Report | None,
            failure: str) -> Report:
    """A submission's report with every topic in the registry's order; a
    topic whose grading did not run carries an error and zero points."""
    found = {t.name: t for t in raw.topics} if raw is not None else {}
    ordered = []
    for t in topics:
        if t.name in found:
            ordered.append(found[t.name])
        elif t not in runnable:
            ordered.append(_empty_topic(t, f"no grader found at {grader_file(t, graders)}"))
        else:
            ordered.append(_empty_topic(t, failure or "the grader produced no result"))
    # fenced: whether student code ran inside dlkit.sandbox.namespaces' fence.
    return Report.build(ordered, fenced=raw is not None and raw.fenced)


def _empty_topic(topic: registry.Topic, error: str) -> TopicResult:
    """A topic the kit could not grade: no points, one grader error."""
    return TopicResult(topic.name, 0, topic.points, error, kit_error=True)


def grader_env(settings: GradingSettings | dict | None) -> dict:
    """The environment of a grader process, which its workers inherit.

    ``settings.threads`` caps TensorFlow's and the BLAS's compute threads
    (``grade_course`` gives each of N parallel grader processes its share of
    the cores): several processes that each start a thread per core slow
    one another down far more than they gain."""
    # The instructor's grader secret reaches the grader processes (never the
    # workers: supervisor._worker_env drops every DLKIT_ variable).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DLKIT_") or k == grader_secret.ENV_VAR}
    env.update({"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1",
                "DLKIT_ROOT": str(paths.ROOT)})
    settings = GradingSettings.coerce(settings)
    if settings.threads:
        threads = str(int(settings.threads))
        env.update({"TF_NUM_INTRAOP_THREADS": threads, "OMP_NUM_THREADS": threads,
                    "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads})
    return env
