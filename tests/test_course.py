"""Grading a whole course: students' folders or nbgrader's layout, a CSV and
JSON gradebook, parallel and Dask runs, and resuming after an interruption."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlkit import catalog, notebooks, paths, registry
from dlkit.grading import class_grading
from dlkit.results import Gradebook

TOPIC = "output_size"  # quick to grade; the machinery is the same for every topic


def mistaken(name: str) -> str:
    return catalog.mistaken_source(TOPIC, name)


CLASS = {  # student -> (relative path of the module, its code)
    "alice": (f"{TOPIC}.py", (paths.SOLUTIONS / f"{TOPIC}.py").read_text()),
    "bob": (f"work/deeper/{TOPIC}.py", (paths.EXERCISES / f"{TOPIC}.py").read_text()),
    "carol": (f"{TOPIC}.py", mistaken("dilation_ignored")),
    "dave": (f"{TOPIC}.py", "import sys\nsys.exit(3)\n"),
    "erin": (f"{TOPIC}.py", mistaken("batch_dimension_included")),
    "frank": ("notes.txt", "no module handed in"),
}


def make_class(root: Path) -> Path:
    for student, (relative, code) in CLASS.items():
        path = root / student / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
    return root


def rows(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once, locally, one grader process at a time."""
    root = make_class(tmp_path_factory.mktemp("class"))
    out = tmp_path_factory.mktemp("gradebook")
    book = class_grading.grade_course(root, out, [TOPIC])
    return root, out, book


def test_a_folder_of_students_is_told_from_one_submission(tmp_path):
    topics = registry.select([TOPIC])
    root = make_class(tmp_path / "class")
    assert class_grading.looks_like_a_course(root, topics)
    assert not class_grading.looks_like_a_course(paths.SOLUTIONS, topics)
    assert not class_grading.looks_like_a_course(root / "alice", topics)
    (tmp_path / "nb" / "submitted").mkdir(parents=True)
    assert class_grading.looks_like_a_course(tmp_path / "nb", topics)


def test_gradebook_has_a_row_per_student_and_per_test_detail(graded):
    _, out, book = graded
    table = rows(out)
    assert list(table) == sorted(CLASS)
    assert float(table["alice"][TOPIC]) == 20 and float(table["alice"]["total"]) == 20
    assert float(table["bob"][TOPIC]) == 0 and float(table["frank"][TOPIC]) == 0
    assert 0 < float(table["carol"][TOPIC]) < 20 and 0 < float(table["erin"][TOPIC]) < 20
    assert float(table["dave"][TOPIC]) == 0
    assert {r["grader_errors"] for r in table.values()} == {"0"}, table
    detail = Gradebook.from_json(json.loads((out / "gradebook.json").read_text()))
    assert detail == book
    assert detail.students["alice"].topic(TOPIC).seconds > 0  # for the class report's grading times
    dave = detail.students["dave"].topic(TOPIC)
    assert "exit" in (dave.error or "").lower(), dave
    carol = detail.students["carol"].topic(TOPIC).tests
    assert any("dilation" in t.message for t in carol if not t.passed)


def test_unchanged_submissions_are_not_graded_again(graded, tmp_path):
    root, out, _ = graded
    seen = []
    class_grading.grade_course(root, out, [TOPIC], progress=lambda *a: seen.append(a))
    assert seen == [(len(CLASS), len(CLASS), f"{len(CLASS)} unchanged since the last run", None)]
    # One changed submission: only that one is graded again.
    work = tmp_path / "class"
    make_class(work)
    for result in (out / "results").glob("*.json"):
        (tmp_path / "out" / "results").mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / "results" / result.name).write_text(result.read_text())
    (work / "bob" / "work" / "deeper" / f"{TOPIC}.py").write_text(CLASS["alice"][1])
    seen.clear()
    book = class_grading.grade_course(work, tmp_path / "out", [TOPIC], progress=lambda *a: seen.append(a))
    assert [s[2] for s in seen] == [f"{len(CLASS) - 1} unchanged since the last run", "bob"]
    assert book.students["bob"].score == 20


def test_one_student_is_regraded_and_the_json_is_the_gradebook(graded, tmp_path):
    """`--student NAME` grades that student again, even unchanged, and no
    one else; `--json` writes the class's gradebook."""
    root, out, _ = graded
    work = make_class(tmp_path / "class")
    (work / "carol" / f"{TOPIC}.py").write_text(CLASS["alice"][1])  # carol fixed her module
    (work / "erin" / f"{TOPIC}.py").write_text(CLASS["alice"][1])  # so did erin: not regraded yet
    book = tmp_path / "book"
    shutil.copytree(out / "results", book / "results")
    command = [sys.executable, "-m", "dlkit.cli", "grade", str(work), "--topic", TOPIC,
               "--gradebook", str(book)]
    done = subprocess.run([*command, "--student", "carol", "--json", str(tmp_path / "class.json")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"{len(CLASS) - 1} not regraded (only carol)" in done.stderr
    regraded, before = rows(book), rows(out)
    assert float(regraded["carol"][TOPIC]) == 20
    del regraded["carol"], before["carol"]
    assert regraded == before
    written = Gradebook.from_json(json.loads((tmp_path / "class.json").read_text()))
    assert sorted(written.students) == sorted(CLASS) and written.students["carol"].score == 20
    done = subprocess.run([*command, "--student", "zoe"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 2 and "no submission from zoe" in done.stderr and "alice" in done.stderr


def test_parallel_workers_give_the_same_gradebook(graded, tmp_path):
    root, out, _ = graded
    class_grading.grade_course(root, tmp_path, [TOPIC], workers=2)
    assert rows(tmp_path) == rows(out)


def test_dask_cluster_gives_the_same_gradebook(graded, tmp_path):
    from distributed import LocalCluster

    root, out, _ = graded
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as cluster:
        class_grading.grade_course(root, tmp_path, [TOPIC], scheduler=cluster.scheduler_address)
    assert rows(tmp_path) == rows(out)


def test_nbgrader_layout_grades_the_notebooks(tmp_path):
    nb = json.loads((paths.ROOT / "course" / "source" / TOPIC / f"{TOPIC}.ipynb").read_text())
    for student in ("ann", "ben"):
        folder = tmp_path / "submitted" / student / TOPIC
        folder.mkdir(parents=True)
        if student == "ben":  # the source notebook holds the reference code
            for cell in nb["cells"]:
                cell["source"] = cell["source"].replace("### BEGIN SOLUTION", "").replace(
                    "### END SOLUTION", "")
        else:
            nb_stub = json.loads(json.dumps(nb))
            for cell in nb_stub["cells"]:
                if cell["metadata"].get("nbgrader", {}).get("solution"):
                    head = cell["source"].split("### BEGIN SOLUTION")[0]
                    cell["source"] = head + "raise NotImplementedError"
        (folder / f"{TOPIC}.ipynb").write_text(notebooks.notebook_text(nb if student == "ben" else nb_stub))
    # No topic named: the topics handed in are graded, and counted.
    book = class_grading.grade_course(tmp_path, tmp_path / "book")
    assert {s: r.score for s, r in book.students.items()} == {"ann": 0, "ben": 20}
    assert book.topics == (TOPIC,) and book.max_score == 20
    assert {r["max_score"] for r in rows(tmp_path / "book").values()} == {"20.0"}
    # One student's folder of notebooks, graded on its own.
    done = subprocess.run([sys.executable, "-m", "dlkit.cli", "grade", str(tmp_path / "submitted" / "ben"),
                           "--topic", TOPIC, "--json", str(tmp_path / "ben.json")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert json.loads((tmp_path / "ben.json").read_text())["score"] == 20


def test_a_killed_run_resumes_to_the_same_gradebook(graded, tmp_path):
    root, out, _ = graded
    command = [sys.executable, "-m", "dlkit.cli", "grade", str(root), "--topic", TOPIC,
               "--gradebook", str(tmp_path)]
    # Killed with its grader process, the run cannot remove its folders; the
    # next run removes them.  Both keep them in tmp_path.
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True, env=env)
    deadline = time.monotonic() + 300
    while not list((tmp_path / "results").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)  # the CLI, its grader process and their workers
    run.wait()
    graded_before = {p.name for p in (tmp_path / "results").glob("*.json")}
    assert 0 < len(graded_before) < len(CLASS) and not (tmp_path / "gradebook.csv").exists()
    assert list(temp.glob("dlkit-grade-*")), "the killed run left no folder: nothing to test below"
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{len(graded_before)} unchanged since the last run" in done.stderr
    assert rows(tmp_path) == rows(out)
    assert not list(temp.iterdir()), "the restarted run did not remove the killed run's folders"


def test_parallel_grader_processes_share_the_cores(monkeypatch):
    from dlkit.grading.grader import grader_env

    for name in ("TF_NUM_INTRAOP_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    assert "TF_NUM_INTRAOP_THREADS" not in grader_env({})
    env = grader_env({"threads": 1})
    assert env["TF_NUM_INTRAOP_THREADS"] == env["OMP_NUM_THREADS"] == "1"


def test_lateness_from_nbgrader_timestamps_and_due_dates(tmp_path, monkeypatch):
    """timestamp.txt against --due, or against the due date in nbgrader's
    gradebook.db; a topic without a timestamp has no lateness."""
    from nbgrader.api import Gradebook as NbgraderGradebook

    stamps = {"ann": "2026-12-01 16:59:59.000000 UTC", "ben": "2026-12-01T20:30:00+01:00", "cid": None}
    for student, stamp in stamps.items():
        folder = tmp_path / "submitted" / student / TOPIC
        folder.mkdir(parents=True)
        (folder / f"{TOPIC}.py").write_text(CLASS["alice"][1])
        if stamp:
            (folder / "timestamp.txt").write_text(stamp + "\n")
    # cid hands in from a subfolder with a timestamp of their own making: not nbgrader's, not read
    (tmp_path / "submitted" / "cid" / TOPIC / "work").mkdir()
    (tmp_path / "submitted" / "cid" / TOPIC / f"{TOPIC}.py").rename(
        tmp_path / "submitted" / "cid" / TOPIC / "work" / f"{TOPIC}.py")
    (tmp_path / "submitted" / "cid" / TOPIC / "work" / "timestamp.txt").write_text("2026-11-30 09:00 UTC\n")
    book = class_grading.grade_course(tmp_path, tmp_path / "book", due=["2026-12-01T17:00:00Z"])
    assert book.lateness == {"ann": {TOPIC: 0.0}, "ben": {TOPIC: 2.5 * 3600}}
    assert {s: r[f"{TOPIC}_hours_late"] for s, r in rows(tmp_path / "book").items()} == {
        "ann": "0.0", "ben": "2.5", "cid": ""}
    assert Gradebook.from_json(json.loads((tmp_path / "book" / "gradebook.json").read_text())) == book
    # nbgrader's own due date for the assignment, and a per-topic --due over it
    # (creating the database runs nbgrader's `alembic`, from the venv)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    with NbgraderGradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(TOPIC, duedate="2026-12-01 19:00:00 UTC")
    book = class_grading.grade_course(tmp_path, tmp_path / "book")
    assert book.lateness == {"ann": {TOPIC: 0.0}, "ben": {TOPIC: 0.5 * 3600}}
    book = class_grading.grade_course(tmp_path, tmp_path / "book", due=[f"{TOPIC}=2026-12-01 18:00 UTC"])
    assert book.lateness["ben"] == {TOPIC: 1.5 * 3600}
    with pytest.raises(ValueError, match="no topic 'lsmt'"):
        class_grading.grade_course(tmp_path, tmp_path / "book", due=["lsmt=2026-12-01 18:00"])
