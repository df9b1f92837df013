"""The grader process is reused from one submission to the next, started
afresh after ``recycle_after`` submissions, and a grader process that
crashes or hangs costs only the submission it was grading.

The graders here are stand-ins that never import the student's module: the
"submission" is a word in ``output_size.py`` that tells the stand-in what to
do in the grader process itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import make_submission

from dlkit.grading import session

TOPIC = "output_size"

STAND_IN = '''
import os
import time
from pathlib import Path

import pytest


@pytest.mark.points(20)
def test_what_the_submission_says(request):
    word = (Path(request.config.getoption("--submission")) / "output_size.py").read_text().strip()
    if word == "crash":
        os._exit(3)
    if word == "hang":
        time.sleep(3600)
    threads = os.environ.get("TF_NUM_INTRAOP_THREADS")
    assert word == "pass", f"grader process {os.getpid()} threads {threads}"
'''


@pytest.fixture
def graders(tmp_path):
    folder = tmp_path / "graders"
    folder.mkdir()
    (folder / f"test_{TOPIC}.py").write_text(STAND_IN)
    return folder


def pid_of(report: dict) -> str:
    return report["topics"][TOPIC]["tests"][0]["message"].split("grader process ")[1].split()[0]


def test_one_process_grades_submissions_in_turn_and_is_recycled(tmp_path, graders):
    folders = [make_submission(tmp_path / f"s{k}", {TOPIC: "pid"}) for k in range(5)]
    with session.Grader([TOPIC], graders=graders, recycle_after=3) as grader:
        pids = [pid_of(grader.grade(f)) for f in folders]
    assert pids[0] == pids[1] == pids[2], pids
    assert pids[3] == pids[4] != pids[0], pids


def test_a_crashed_or_hung_grader_process_costs_only_that_submission(tmp_path, graders, monkeypatch):
    monkeypatch.setattr(session, "GRADER_MARGIN_SECONDS", 5)
    words = ["pass", "crash", "pass", "hang", "pass"]
    folders = [make_submission(tmp_path / f"s{k}", {TOPIC: word}) for k, word in enumerate(words)]
    reports = session.grade_many(folders, [TOPIC], {"time": {TOPIC: 1}}, graders)
    scores = [r["topics"][TOPIC]["score"] for r in reports]
    assert scores == [20, 0, 20, 0, 20], scores
    crashed, hung = reports[1]["topics"][TOPIC], reports[3]["topics"][TOPIC]
    assert crashed["error"].startswith("the grader process failed"), crashed
    assert hung["error"] == "the grader process did not finish within 6 s", hung


def test_no_grader_no_process(tmp_path):
    folder = make_submission(tmp_path / "s", {TOPIC: "pass"})
    report = session.grade(folder, [TOPIC], graders=tmp_path / "nowhere")
    assert report["topics"][TOPIC]["error"].startswith("no grader found at"), report


def test_threads_reach_the_grader_process(tmp_path, graders):
    folder = make_submission(tmp_path / "s", {TOPIC: "tell"})
    out = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "dlkit.cli", "grade", str(folder), "--single", "--topic", TOPIC,
                    "--graders", str(graders), "--threads", "1", "--json", str(out)],
                   check=True, capture_output=True, timeout=120)
    message = json.loads(out.read_text())["topics"][TOPIC]["tests"][0]["message"]
    assert message.endswith("threads 1"), message
