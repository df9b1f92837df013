"""The command line as instructors and maintainers use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import make_submission, reference_source

from dlkit import paths


def dlkit(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlkit.cli", *args], capture_output=True,
                          text=True, timeout=600, **kw)


def test_grade_reports_per_topic_and_per_test_and_exits_zero(tmp_path):
    sub = make_submission(tmp_path / "alice" / "nested", {"output_size": reference_source("output_size")})
    out = tmp_path / "report.json"
    done = dlkit("grade", str(tmp_path / "alice"), "--topic", "output_size", "--topic", "param_counts",
                 "--json", str(out))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert set(report) == {"score", "max_score", "fenced", "topics"}
    assert list(report["topics"]) == ["output_size", "param_counts"]  # registry order
    found, missing = report["topics"]["output_size"], report["topics"]["param_counts"]
    assert found["score"] == found["max_score"] and found["error"] is None
    assert found["module"] == str((sub / "output_size.py").resolve())
    for test in found["tests"]:
        assert set(test) == {"name", "points", "max_points", "status", "passed", "message"}
        assert test["status"] == "passed" and test["passed"] is True, test
    assert missing["score"] == 0 and "no param_counts.py found" in missing["error"]
    assert report["score"] == found["max_score"] and report["max_score"] == 40
    assert "output_size" in done.stdout and "total" in done.stdout


def test_unknown_topic_and_missing_path_are_usage_errors(tmp_path):
    assert dlkit("grade", str(tmp_path), "--topic", "nope").returncode == 2
    assert dlkit("grade", str(tmp_path / "absent")).returncode == 2


def test_build_check_passes_on_the_committed_tree():
    done = dlkit("build", "--check")
    assert done.returncode == 0, done.stdout


def test_build_check_fails_on_drift(tmp_path):
    for folder in ("solutions", "exercises"):
        shutil.copytree(paths.ROOT / folder, tmp_path / folder)
    stub = next((tmp_path / "exercises").glob("*.py"))
    stub.write_text(stub.read_text() + "\n# edited by hand\n")
    done = dlkit("build", "--check", env={**os.environ, "DLKIT_ROOT": str(tmp_path)})
    assert done.returncode == 1 and stub.name in done.stdout


def test_list_and_hint():
    listing = dlkit("list").stdout
    assert "conv_by_hand" in listing and listing.index("activations_losses") < listing.index("conv_by_hand")
    assert "conv2d:" in dlkit("hint", "conv_by_hand").stdout


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", str(paths.ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_ci_runs_exactly_the_readme_test_command():
    commands = [line for line in (paths.ROOT / "README.md").read_text().splitlines()
                if line.startswith("python3 -m venv")]
    assert len(commands) == 2 and commands[0].endswith("dlkit grade solutions")
    ci = (paths.ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == commands[1]


def test_the_student_bundle_offers_only_the_students_commands(tmp_path):
    """Where there are no hidden graders and no solutions (a student's
    bundle), the instructor's commands are not offered, and asking for one
    says what to do instead of failing with "no grader found"."""
    env = dict(os.environ, DLKIT_ROOT=str(tmp_path))
    env.pop("DLKIT_GRADERS", None)

    def dlkit(*args):
        return subprocess.run([sys.executable, "-m", "dlkit.cli", *args], env=env, capture_output=True,
                              text=True, timeout=120)

    shown = dlkit("--help")
    assert shown.returncode == 0 and "check" in shown.stdout
    assert not any(f"    {c} " in shown.stdout or f"{{{c}" in shown.stdout or f",{c}" in shown.stdout
                   for c in ("grade", "release", "build", "report", "export", "gradescope", "dev"))
    refused = dlkit("grade", ".")
    assert refused.returncode == 2 and "dlkit check TOPIC" in refused.stderr, refused.stderr
    assert dlkit("list").returncode == 0
    full = subprocess.run([sys.executable, "-m", "dlkit.cli", "--help"], capture_output=True, text=True,
                          timeout=120)
    assert "grade" in full.stdout and "gradescope" in full.stdout


def test_a_stopped_check_run_lists_only_the_topics_that_ran(tmp_path):
    """`pytest -x` stops at the first failure: the summary must not list the
    next topic as 0 points, as if it had been checked and failed."""
    from conftest import stub_source

    make_submission(tmp_path, {"output_size": stub_source("output_size"),
                               "param_counts": reference_source("param_counts")})
    checks = paths.PUBLIC_CHECKS
    done = subprocess.run([sys.executable, "-m", "pytest", str(checks / "test_output_size.py"),
                           str(checks / "test_param_counts.py"), "-x", "-q", "-p", "no:cacheprovider",
                           "-o", "addopts=", "--rootdir", str(checks), "--submission", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    table = done.stdout.split("= dlkit =")[-1]
    assert "output_size" in table and "param_counts" not in table, table
