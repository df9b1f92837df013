"""The grader process: grades submissions one after another, as they are
handed to it.

Run by :mod:`dlkit.grading.grader` as ``python -m dlkit.grading.grader_process
JOB.json PARENT_PID``.  Each line on standard input names one submission;
its report comes back as one line of JSON on standard output, a pipe no
worker holds: a report never passes through a file a student's process
could reach.  Whatever else is printed here (pytest,
TensorFlow) goes to standard error, the grader's log.  TensorFlow and the
graders are imported once and reused; each submission gets its own pytest
session, its own workers and its own report file.  Student code never runs
here (it runs in the workers).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from dlkit import scratch
from dlkit.sandbox import supervisor
from dlkit.settings import GradingSettings
from dlkit.testing import topic_process

# How often the grader process checks that the process feeding it is alive.
ORPHAN_CHECK_SECONDS = 0.5
# How long a grader process that must exit may spend stopping its workers.
CLEANUP_SECONDS = 10


def pytest_args(job: dict, item: dict) -> list[str]:
    """The plugin's command line for one submission, from its settings
    (:class:`dlkit.settings.GradingSettings`, already merged with the run's)."""
    settings = GradingSettings.from_json(item.get("settings"))
    # no:unraisableexception: its gc.collect() over TensorFlow's heap costs ~0.5 s a submission.
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "dlkit.testing.plugin",
            "-o", "addopts=", "--rootdir", job["rootdir"],
            "--submission", item["submission"], "--grade-report", item["report"], "--judge-per-topic"]
    for kind, limits in (("time", settings.time), ("memory", settings.memory)):
        args += [arg for name, value in limits.items() for arg in (f"--{kind}-limit", f"{name}={value}")]
    args += ["--sandbox", settings.sandbox]
    for folder in settings.sandbox_hide:
        args += ["--sandbox-hide", folder]
    return args + grader_targets(job["grader_files"], settings.tests)


def grader_targets(grader_files: list[str], only: dict) -> list[str]:
    """The grader files, or for a topic in ``only`` ({topic: [test names]})
    just those tests of its file (the kit's catalog tests grade each
    mistake on the test that must catch it)."""
    targets = []
    for path in grader_files:
        topic = Path(path).stem.removeprefix("test_")
        targets += [f"{path}::{name}" for name in only[topic]] if only.get(topic) else [path]
    return targets


def stop_workers_and_exit(folder: Path | None = None) -> None:
    """Exit in the middle of a submission: first stop its workers with all
    they forked (which would otherwise outlive this process) and remove
    their folders, then ``folder`` if given."""
    # Exit even if the cleanup gets stuck on a worker in use.
    threading.Timer(CLEANUP_SECONDS, os._exit, (1,)).start()
    topic_process.stop_judge()
    supervisor.close_all()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(1)


def exit_when_orphaned(parent: int, folder: Path) -> None:
    """Exit at once when ``parent``, the process handing out submissions, is
    gone (killed, say, with the nbgrader kernel that ran it): nobody would
    read the report of the student in hand, and nobody is left to remove
    ``folder``, the :class:`~dlkit.grading.grader.Grader`'s.

    A thread that polls, rather than ``PR_SET_PDEATHSIG``, because that
    signal follows the parent *thread* that started this process, and a pool
    thread may end while its process is still in use."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        stop_workers_and_exit(folder)

    threading.Thread(target=watch, name="dlkit-orphan-watch", daemon=True).start()


def main(job_path: str, parent: int | None = None) -> int:
    # The Grader terminates a grader process that overran its budget.
    signal.signal(signal.SIGTERM, lambda *_: stop_workers_and_exit())
    if parent is not None:
        exit_when_orphaned(parent, Path(job_path).parent)
    with open(job_path) as fh:
        job = json.load(fh)
    # The replies keep the real standard output; fd 1 itself now goes to the
    # log, so that nothing pytest or TensorFlow prints can pass for a reply.
    # The workers' template imports TensorFlow while this process does.
    supervisor.warm_up()
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for line in sys.stdin:
        item = json.loads(line)
        print(f"=== grading {item['submission']}", flush=True)
        # The plugin (in this process) writes the report into a folder of
        # this process's own, read back here and passed on by the pipe.
        folder = Path(scratch.mkdtemp(prefix="dlkit-report-"))
        item["report"] = str(folder / "report.json")
        pytest.main(pytest_args(job, item))
        sys.stdout.flush()
        report = read_report(Path(item["report"]))
        shutil.rmtree(folder, ignore_errors=True)
        # TensorFlow's and the graders' objects live as long as this process:
        # move them out of the collector's sight so later sessions skip them.
        gc.freeze()
        replies.write(json.dumps({"submission": item["submission"], "report": report}) + "\n")
    return 0


def read_report(path: Path) -> dict | None:
    """The plugin's report, or None if it wrote none."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd) as fh:
        try:
            return json.load(fh)
        except ValueError:
            return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None))
