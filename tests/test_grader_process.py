"""The grader process is reused from one submission to the next, started
afresh after ``recycle_after`` submissions, and a grader process that
crashes or hangs costs only the submission it was grading.

The graders here are stand-ins that never import the student's module: the
"submission" is a word in ``output_size.py`` that tells the stand-in what to
do in the grader process itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import make_submission, stand_in_graders

from dlkit import paths, processes
from dlkit.grading.grader import Grader, grade, grade_many
from dlkit.results_text import format_table
from dlkit.sandbox.limits import judge_wall_seconds

TOPIC = "output_size"

STAND_IN = '''
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from dlkit.testing import fail

# Imported once, in the grader process; the tests run in a judge forked from it.
GRADER_PROCESS = os.getpid()


@pytest.mark.points(20)
def test_what_the_submission_says(request):
    submission = Path(request.config.getoption("--submission"))
    word = (submission / "output_size.py").read_text().strip()
    if word == "crash":
        os.kill(GRADER_PROCESS, signal.SIGKILL)
    if word == "temp file, then hang":  # as TensorFlow's autograph leaves one for atexit
        (submission / "temp file").write_text(tempfile.mkstemp()[1])
        time.sleep(3600)
    if word == "hang":
        time.sleep(3600)
    threads = os.environ.get("TF_NUM_INTRAOP_THREADS")
    if word != "pass":
        fail("", f"grader process {GRADER_PROCESS} threads {threads}")
'''


@pytest.fixture
def graders(tmp_path):
    return stand_in_graders(tmp_path / "graders", TOPIC, STAND_IN)


def pid_of(report: dict) -> str:
    return report.topic(TOPIC).tests[0].message.split("grader process ")[1].split()[0]


def test_one_process_grades_submissions_in_turn_and_is_recycled(tmp_path, graders):
    folders = [make_submission(tmp_path / f"s{k}", {TOPIC: "pid"}) for k in range(5)]
    with Grader([TOPIC], graders=graders, recycle_after=3) as grader:
        pids = [pid_of(grader.grade(f)) for f in folders]
    assert pids[0] == pids[1] == pids[2], pids
    assert pids[3] == pids[4] != pids[0], pids


def test_a_crashed_or_hung_grader_process_costs_only_that_submission(tmp_path, graders, monkeypatch):
    # a 6 s budget
    monkeypatch.setattr("dlkit.grading.grader.GRADER_MARGIN_SECONDS", 6 - judge_wall_seconds(1))
    words = ["pass", "crash", "pass", "hang", "pass"]
    folders = [make_submission(tmp_path / f"s{k}", {TOPIC: word}) for k, word in enumerate(words)]
    reports = grade_many(folders, [TOPIC], {"time": {TOPIC: 1}}, graders)
    scores = [r.topic(TOPIC).score for r in reports]
    assert scores == [20, 0, 20, 0, 20], scores
    crashed, hung = reports[1].topic(TOPIC), reports[3].topic(TOPIC)
    assert crashed.error.startswith("the grader process failed"), crashed
    assert hung.error == "the grader process did not finish within 6 s", hung
    # The kit's error, not the student's: one grader error each, in the report and the exit status.
    assert crashed.kit_error and hung.kit_error
    assert [r.grader_errors for r in reports] == [0, 1, 0, 1, 0]
    assert "GRADER ERROR (not your code): the grader process failed" in format_table(reports[1])


def test_a_stopped_grader_process_leaves_no_temporary_files(tmp_path, graders, monkeypatch):
    """Libraries leave temporary files for an orderly exit to remove, which a
    grader process stopped for overrunning never has: they are in the
    Grader's folder, not in the machine's TMPDIR."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    # a 6 s budget
    monkeypatch.setattr("dlkit.grading.grader.GRADER_MARGIN_SECONDS", 6 - judge_wall_seconds(1))
    folder = make_submission(tmp_path / "s", {TOPIC: "temp file, then hang"})
    with Grader([TOPIC], {"time": {TOPIC: 1}}, graders=graders) as grader:
        report = grader.grade(folder)
    assert report.topic(TOPIC).error == "the grader process did not finish within 6 s", report
    written = (folder / "temp file").read_text()
    assert not os.path.exists(written), written
    assert not list(temp.iterdir())


def test_no_grader_no_process(tmp_path):
    folder = make_submission(tmp_path / "s", {TOPIC: "pass"})
    report = grade(folder, [TOPIC], graders=tmp_path / "nowhere")
    assert report.topic(TOPIC).error.startswith("no grader found at"), report
    assert report.topic(TOPIC).kit_error and report.grader_errors == 1


def test_threads_reach_the_grader_process(tmp_path, graders):
    folder = make_submission(tmp_path / "s", {TOPIC: "tell"})
    out = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "dlkit.cli", "grade", str(folder), "--single", "--topic", TOPIC,
                    "--graders", str(graders), "--threads", "1", "--json", str(out)],
                   check=True, capture_output=True, timeout=120)
    message = json.loads(out.read_text())["topics"][TOPIC]["tests"][0]["message"]
    assert message.endswith("threads 1"), message


# Writes a temporary file, forks a child, says both pids and the file's
# path, and hangs at import, both for an hour.
FORK_AND_HANG = """
import os, tempfile, time
temp = tempfile.mkstemp()[1]
child = os.fork()
if child == 0:
    time.sleep(3600)
    os._exit(0)
with open({mark!r} + ".part", "w") as fh:
    fh.write(f"{{os.getpid()}} {{child}} {{temp}}")
os.rename({mark!r} + ".part", {mark!r})
time.sleep(3600)
"""
# The student may take 600 s; unsandboxed, so that the pids are this machine's.
HANGING_LIMITS = {"time": {TOPIC: 600}, "sandbox": "off"}

GRADE_IN_A_CHILD = f"""
import sys
from pathlib import Path
from dlkit.grading.grader import grade
grade(Path(sys.argv[1]), [{TOPIC!r}], {HANGING_LIMITS!r})
"""


def fork_and_hang(tmp_path) -> tuple[Path, Path]:
    """A submission that forks and hangs, and the file its pids will be in."""
    mark = tmp_path / "pids"
    return make_submission(tmp_path / "s", {TOPIC: FORK_AND_HANG.format(mark=str(mark))}), mark


def wait_for(mark: Path, still_grading) -> tuple[int, int, str]:
    """The worker's and the fork's pids, and the worker's temporary file."""
    deadline = time.monotonic() + 120
    while not mark.exists():
        assert still_grading() and time.monotonic() < deadline, "the worker never started"
        time.sleep(0.2)
    worker, fork, temp = mark.read_text().split()
    return int(worker), int(fork), temp


def assert_all_gone(pids: dict[str, int], folders: list[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while any(processes.running(pid) for pid in pids.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = {name: pid for name, pid in pids.items() if processes.running(pid)}
    for pid in survivors.values():
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"still running {seconds} s later: {survivors}"
    assert not [f for f in folders if os.path.exists(f)], folders


def test_a_grader_process_whose_parent_is_killed_stops_and_cleans_up(tmp_path):
    """As when nbgrader kills the kernel that was grading: the grader process,
    the student's worker and what it forked all end within seconds, not when
    the student's time runs out, and leave no folders behind."""
    folder, mark = fork_and_hang(tmp_path)
    parent = subprocess.Popen([sys.executable, "-c", GRADE_IN_A_CHILD, str(folder)])
    try:
        worker, fork, temp = wait_for(mark, lambda: parent.poll() is None)
        (grader,) = processes.children(parent.pid)
        folders = [os.readlink(f"/proc/{pid}/cwd") for pid in (grader, worker)] + [temp]
    finally:
        parent.kill()
        parent.wait()
    assert_all_gone({"grader": grader, "worker": worker, "fork": fork}, folders, 30)


def test_a_grader_process_over_its_budget_stops_its_workers_and_cleans_up(tmp_path, monkeypatch):
    """The Grader stops a grader process that overran: the worker and what
    it forked end with it, and no folder is left behind."""
    # 30 s of the wall-clock backstops of the student's 600 CPU-seconds and of the judge
    monkeypatch.setattr("dlkit.grading.grader.GRADER_MARGIN_SECONDS", 30 - judge_wall_seconds(600))
    folder, mark = fork_and_hang(tmp_path)
    grader = Grader([TOPIC], HANGING_LIMITS)
    with ThreadPoolExecutor(1) as pool:
        graded = pool.submit(grader.grade, folder)
        worker, fork, temp = wait_for(mark, lambda: not graded.done())
        folders = [os.readlink(f"/proc/{worker}/cwd"), str(grader.folder), temp]
        report = graded.result()
    grader.close()
    assert report.topic(TOPIC).error == "the grader process did not finish within 30 s", report
    assert_all_gone({"worker": worker, "fork": fork}, folders, 5)


def test_grading_leaves_no_files_behind(tmp_path):
    """The grader's models handed to the worker, its test images, the
    sandbox probe, the workers' folders: all are gone when grading ends."""
    temp, out = tmp_path / "temp", tmp_path / "report.json"
    temp.mkdir()
    subprocess.run([sys.executable, "-m", "dlkit.cli", "grade", str(paths.SOLUTIONS), "--single", "-q",
                    "--topic", "transfer_learning", "--json", str(out)],
                   env=dict(os.environ, TMPDIR=str(temp)), check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text())
    assert report["score"] == report["max_score"], report  # it did grade
    left = [str(p.relative_to(temp)) for p in temp.rglob("*")]
    assert not left, left


def test_the_instructors_grader_secret_reaches_grader_processes_but_never_workers(monkeypatch):
    from dlkit import grader_secret
    from dlkit.grading.grader import grader_env
    from dlkit.sandbox.supervisor import _worker_env

    monkeypatch.setenv(grader_secret.ENV_VAR, "instructor's secret")
    assert grader_env({})[grader_secret.ENV_VAR] == "instructor's secret"
    monkeypatch.setattr("os.environ", grader_env({}))
    assert grader_secret.ENV_VAR not in _worker_env({})
