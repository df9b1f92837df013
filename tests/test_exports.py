"""Grades leave the kit: a Gradescope autograder run against a fake
Gradescope layout, and gradebook CSVs an LMS imports."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import reference_source

from dlkit import catalog, gradescope, lms_export
from dlkit.results import FAILED, PASSED, Gradebook, Report, TestResult, TopicResult

TOPIC = "output_size"
RESULT_KEYS = {"score", "tests"}
TEST_KEYS = {"name", "score", "max_score", "status", "output", "visibility"}


def validate_results(data: dict) -> None:
    """What Gradescope requires of results.json (its documented format)."""
    assert RESULT_KEYS <= set(data), data.keys()
    assert isinstance(data["score"], (int, float))
    assert data.get("visibility", "visible") in gradescope.VISIBILITIES
    for test in data["tests"]:
        assert TEST_KEYS <= set(test), test
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert 0 <= test["score"] <= test["max_score"], test
        assert test["status"] in ("passed", "failed") and test["visibility"] in gradescope.VISIBILITIES
    assert abs(sum(t["score"] for t in data["tests"]) - data["score"]) < 1e-6


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """The zip, unpacked where Gradescope unpacks it: <root>/source."""
    root = tmp_path_factory.mktemp("autograder")
    zip_path = gradescope.write_autograder(root / "autograder.zip", [TOPIC], "after_due_date")
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        zf.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        assert modes[name] & stat.S_IXUSR, f"{name} must be executable"
        (root / "source" / name).chmod(0o755)
    return root, names


def test_the_zip_holds_the_engine_and_nothing_of_the_kits_tests(autograder):
    root, names = autograder
    for needed in ("setup.sh", "run_autograder", gradescope.CONFIG, "kit/pyproject.toml",
                   "kit/dlkit/cli.py", f"kit/graders/test_{TOPIC}.py", f"kit/solutions/{TOPIC}.py"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("kit/tests/", "kit/exercises/")) or "__pycache__" in n]
    assert json.loads((root / "source" / gradescope.CONFIG).read_text()) == {
        "topics": [TOPIC], "visibility": "after_due_date"}
    assert subprocess.run(["bash", "-n", str(root / "source" / "setup.sh")]).returncode == 0


def run_autograder(root: Path, files: dict[str, str]) -> dict:
    """One submission through run_autograder, as Gradescope runs it, with
    this venv's Python standing in for the one setup.sh installs."""
    submission = root / "submission"
    if submission.exists():
        for f in submission.iterdir():
            f.unlink()
    submission.mkdir(exist_ok=True)
    for name, text in files.items():
        (submission / name).write_text(text)
    env = dict(os.environ, DLKIT_GRADESCOPE_ROOT=str(root), DLKIT_GRADESCOPE_PYTHON=sys.executable)
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads((root / "results" / "results.json").read_text())
    validate_results(data)
    return data


def test_run_autograder_writes_gradescopes_results(autograder):
    root, _ = autograder
    data = run_autograder(root, {f"{TOPIC}.py": reference_source(TOPIC)})
    assert data["score"] == 20 and sum(t["max_score"] for t in data["tests"]) == 20
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}
    assert all(t["name"].startswith(f"{TOPIC}: test_") for t in data["tests"])
    wrong = run_autograder(root, {f"{TOPIC}.py": catalog.mistaken_source(TOPIC, "dilation_ignored")})
    assert 0 < wrong["score"] < 20
    failed = [t for t in wrong["tests"] if t["status"] == "failed"]
    assert failed and any("dilation" in t["output"] for t in failed)
    # The kit in the zip grades, not this checkout's: without its grader, a kit error.
    grader = root / "source" / "kit" / "graders" / f"test_{TOPIC}.py"
    grader.rename(grader.with_suffix(".away"))
    try:
        lost = run_autograder(root, {f"{TOPIC}.py": reference_source(TOPIC)})
    finally:
        grader.with_suffix(".away").rename(grader)
    assert lost["score"] == 0 and "GRADER ERROR" in lost["tests"][0]["output"] + lost["output"], lost


def test_a_grading_that_produced_no_report_is_the_kits_error():
    config = {"topics": [TOPIC], "visibility": "visible"}
    data = gradescope.results(None, config, "the machine ran out of disk")
    validate_results(data)
    assert data["score"] == 0 and "GRADER ERROR (not your code)" in data["output"]
    assert data["tests"][0]["max_score"] == 20


def _book() -> Gradebook:
    def topic(name, score):
        test = TestResult("t", score, 20.0, PASSED if score == 20 else FAILED)
        return TopicResult.build(name, 20.0, [test], module="m.py")
    reports = {"ann": Report.build([topic(TOPIC, 20.0), topic("conv_by_hand", 12.5)], True),
               "ben": Report.build([topic(TOPIC, 7.0)], True)}
    return Gradebook((TOPIC, "conv_by_hand"), 40.0, reports)


def test_canvas_csv_has_its_columns_and_points_possible(tmp_path):
    out = lms_export.write(_book(), tmp_path / "canvas.csv", "canvas")
    table = list(csv.reader(out.open()))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        f"{TOPIC} (dlkit)", "conv_by_hand (dlkit)"]
    assert table[1] == ["Points Possible", "", "", "", "", "20.0", "20.0"]
    assert table[2] == ["ann", "", "ann", "ann", "", "20.0", "12.5"]
    assert table[3] == ["ben", "", "ben", "ben", "", "7.0", "0.0"]  # a topic not handed in is 0


def test_generic_csv_from_the_cli(tmp_path):
    (tmp_path / "gradebook.json").write_text(json.dumps(_book().to_json()))
    done = subprocess.run([sys.executable, "-m", "dlkit.cli", "export", str(tmp_path), "-o",
                           str(tmp_path / "grades.csv")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert [(r["student"], r[TOPIC], r["total"], r["max_score"]) for r in rows] == [
        ("ann", "20.0", "32.5", "40.0"), ("ben", "7.0", "7.0", "40.0")]
