"""A failure that is not the student's (a grader's own exception, a worker
killed from outside) is run once more and, if it fails again, reported as
``grader_error``: no points, a message that says it is the kit's, and
``dlkit grade`` exits non-zero.

The graders here are stand-ins written into a folder of their own: the first
line of the submitted module says what the stand-in does, and it counts its
runs in a file of the submission's folder."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from conftest import make_submission, stand_in_graders

from dlkit import cli
from dlkit.grading.grader import grade
from dlkit.results import FAILED, GRADER_ERROR, PASSED, Report

TOPIC = "output_size"
NO_FENCE = {"sandbox": "off"}  # the worker's pid is the one the stand-in kills

STAND_IN = '''
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from dlkit.testing import fail


def runs(request):
    """Count this run in the submission's folder; the count so far."""
    folder = Path(request.config.getoption("--submission"))
    with open(folder / "runs", "a") as fh:
        fh.write("run\\n")
    return folder, len((folder / "runs").read_text().splitlines())


def kill_when_written(pidfile):
    """SIGKILL the worker whose pid appears in ``pidfile``: from outside it."""
    def kill():
        for _ in range(1200):
            if pidfile.exists():
                os.kill(int(pidfile.read_text()), signal.SIGKILL)
                return
            time.sleep(0.025)
    threading.Thread(target=kill, daemon=True).start()


@pytest.mark.points(20)
def test_the_word(student, request):
    folder, run = runs(request)
    word = (folder / "output_size.py").read_text().splitlines()[0].removeprefix("# ")
    if word == "key error":
        {}["reference"]  # the grader's own bug
    if word == "grader assert":
        assert 1 + 1 == 3, "the grader's self-check"
    if word == "wrong":
        fail("the_word()", "returned the wrong word")
    if word.startswith("kill"):
        kills = int(word.split()[1])
        pidfile = folder / f"pid{run}"
        if run <= kills:
            kill_when_written(pidfile)
        got = student.nap(str(pidfile), 60 if run <= kills else 0)
        if got != "rested":
            fail("nap()", f"returned {got!r}")
'''

MODULE = '''
import os
import time


def nap(pidfile, seconds):
    with open(pidfile + ".tmp", "w") as fh:
        fh.write(str(os.getpid()))
    os.replace(pidfile + ".tmp", pidfile)
    time.sleep(seconds)
    return "rested"
'''


@pytest.fixture
def graders(tmp_path):
    return stand_in_graders(tmp_path / "graders", TOPIC, STAND_IN)


def submission(folder, word: str):
    """The word on the module's first line tells the stand-in what to do."""
    return make_submission(folder, {TOPIC: f"# {word}\n{MODULE}"})


def runs_of(folder) -> int:
    return len((folder / "runs").read_text().splitlines())


@pytest.mark.parametrize("word", ["key error", "grader assert"])
def test_a_grader_exception_is_a_grader_error_after_one_retry(tmp_path, graders, word):
    folder = submission(tmp_path / "s", word)
    report = grade(folder, [TOPIC], NO_FENCE, graders)
    test = report.topic(TOPIC).tests[0]
    assert test.status == GRADER_ERROR and test.points == 0, test
    assert test.message.startswith("grader error (not your code): "), test.message
    assert ("KeyError: 'reference'" if word == "key error" else "the grader's self-check") in test.message
    assert runs_of(folder) == 2, "a grader error is retried once"
    assert report.grader_errors == 1
    assert report.to_json()["topics"][TOPIC]["tests"][0]["status"] == GRADER_ERROR


def test_a_student_failure_is_failed_and_not_retried(tmp_path, graders):
    folder = submission(tmp_path / "s", "wrong")
    test = grade(folder, [TOPIC], NO_FENCE, graders).topic(TOPIC).tests[0]
    assert test.status == FAILED and "returned the wrong word" in test.message, test
    assert runs_of(folder) == 1


@pytest.mark.parametrize("kills, status", [(1, PASSED), (2, GRADER_ERROR)])
def test_a_worker_killed_from_outside_is_the_kits_error(tmp_path, graders, kills, status):
    """The first run's worker is SIGKILLed during the call: the retry passes.
    Killed on both runs: grader_error, not the student's lost points."""
    folder = submission(tmp_path / "s", f"kill {kills}")
    test = grade(folder, [TOPIC], NO_FENCE, graders).topic(TOPIC).tests[0]
    assert test.status == status, test
    assert runs_of(folder) == 2
    if status == PASSED:
        assert test.points == 20
    else:
        assert test.points == 0 and "killed from outside the kit (SIGKILL" in test.message, test


def test_grade_exits_3_on_a_grader_error_and_says_so(tmp_path, graders, capsys):
    folder = submission(tmp_path / "s", "key error")
    code = cli.main(["grade", str(folder), "--single", "--topic", TOPIC, "--graders", str(graders),
                     "--sandbox", "off"])
    out = capsys.readouterr().out
    assert code == 3, out
    assert "GRADER ERROR" in out and "1 grader error" in out, out


def test_the_gradebook_counts_grader_errors_per_student(tmp_path, graders, capsys):
    course = tmp_path / "course"
    submission(course / "ann", "key error")
    submission(course / "bob", "wrong")
    book = tmp_path / "book"
    code = cli.main(["grade", str(course), "--students", "--topic", TOPIC, "--graders", str(graders),
                     "--sandbox", "off", "--gradebook", str(book)])
    out = capsys.readouterr().out
    assert code == 3, out
    rows = {r["student"]: r for r in csv.DictReader(open(book / "gradebook.csv"))}
    assert rows["ann"]["grader_errors"] == "1" and rows["bob"]["grader_errors"] == "0", rows
    assert "1 grader error" in out, out


PUBLIC_CHECK = '''
from pathlib import Path


def test_the_word(request):
    folder = Path(request.config.getoption("--submission"))
    with open(folder / "runs", "a") as fh:
        fh.write("run\\n")
    assert 1 + 1 == 3, "your answer is wrong"
'''


def test_a_plain_assert_in_public_checks_is_the_students_failure(tmp_path):
    """Public checks are written with plain asserts on the student's results:
    their folder's conftest says so, and such a failure is ``failed``, run once."""
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "conftest.py").write_text(
        'pytest_plugins = ["dlkit.testing.plugin"]\n\n\ndef pytest_dlkit_public_checks():\n    return True\n')
    (checks / f"test_{TOPIC}.py").write_text(PUBLIC_CHECK)
    folder = submission(tmp_path / "s", "public")
    out = tmp_path / "report.json"
    done = pytest_run(checks / f"test_{TOPIC}.py", folder, out)
    test = Report.from_json(json.loads(out.read_text())).topic(TOPIC).tests[0]
    assert test.status == FAILED and test.message == "your answer is wrong", test
    assert runs_of(folder) == 1
    assert done.stdout.splitlines()[-1].startswith("1 failed in"), done.stdout


@pytest.mark.parametrize("word, summary", [("key error", "1 failed in"), ("kill 1", "1 passed in")])
def test_pytest_counts_a_test_run_again_once_with_no_teardown_error(tmp_path, graders, word, summary):
    folder = submission(tmp_path / "s", word)
    done = pytest_run(graders / f"test_{TOPIC}.py", folder, tmp_path / "report.json")
    assert runs_of(folder) == 2
    assert done.stdout.splitlines()[-1].startswith(summary), done.stdout[-3000:]


def pytest_run(test_file, folder, report) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", str(test_file), "-q", "-o", "addopts=",
                           "-p", "no:cacheprovider", "-p", "dlkit.testing.plugin", "--sandbox", "off",
                           "--rootdir", str(test_file.parent), "--submission", str(folder),
                           "--grade-report", str(report)], capture_output=True, text=True, timeout=120)


def test_a_report_stored_before_status_existed_reads_back():
    """A gradebook's results/ written by an earlier kit have ``passed`` only."""
    old = {"score": 1.5, "max_score": 4, "fenced": True, "topics": {TOPIC: {
        "score": 1.5, "max_score": 4, "error": None, "module": None, "tests": [
            {"name": "a", "points": 1.5, "max_points": 2, "passed": False, "message": "m"},
            {"name": "b", "points": 0, "max_points": 2, "passed": True, "message": ""}]}}}
    report = Report.from_json(old)
    assert [t.status for t in report.topic(TOPIC).tests] == [FAILED, PASSED]
    assert Report.from_json(report.to_json()) == report
    assert report.to_json()["topics"][TOPIC]["tests"][0] == {**old["topics"][TOPIC]["tests"][0],
                                                             "status": FAILED}
