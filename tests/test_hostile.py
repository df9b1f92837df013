"""Hostile submissions are graded to completion, each with the right
message, without touching the other topic in the same submission and
without leaving processes behind."""

from __future__ import annotations

import ast
import subprocess

import pytest
from conftest import HOSTILE, grade, make_submission, reference_source

from dlkit.sandbox import namespaces

CASES = sorted(HOSTILE.glob("*.py"))
BYSTANDER = "param_counts"  # a well-behaved topic in every hostile submission


def expectation(path) -> dict:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name}: first line must be '# expect: {{...}}'"
    return ast.literal_eval(first[len("# expect: "):])


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every case graded, one grading run per hostile topic, each submission
    with the bystander topic beside the hostile one."""
    root = tmp_path_factory.mktemp("hostile")
    by_topic: dict[str, list] = {}
    for path in CASES:
        by_topic.setdefault(expectation(path)["topic"], []).append(path)
    graded = {}
    for topic, cases in by_topic.items():
        submissions, limits = [], []
        for path in cases:
            exp = expectation(path)
            source = path.read_text()
            if exp.get("base") == "reference":
                source = reference_source(topic) + "\n\n" + source
            submissions.append(make_submission(root / path.stem, {
                topic: source, BYSTANDER: reference_source(BYSTANDER)}))
            limits.append({kind: {topic: exp[f"{kind}_limit"]}
                           for kind in ("time", "memory") if f"{kind}_limit" in exp})
        reports = grade(submissions, [topic, BYSTANDER], submission_limits=limits)
        graded.update(zip([p.stem for p in cases], reports))
    return graded


def test_the_catalog_is_large_enough():
    assert len(CASES) >= 25
    assert len({expectation(p)["topic"] for p in CASES}) >= 2, "a NumPy topic and a model topic"


@pytest.mark.parametrize("case", [p.stem for p in CASES])
def test_hostile_submission_is_graded_with_a_clear_message(reports, case):
    exp = expectation(HOSTILE / f"{case}.py")
    if exp.get("needs") == "sandbox" and not namespaces.available()[0]:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {namespaces.available()[1]}")
    topic = reports[case]["topics"][exp["topic"]]
    messages = [t["message"] for t in topic["tests"] if not t["passed"]]
    if "error" in exp:
        assert exp["error"] in (topic["error"] or ""), topic["error"]
    else:
        assert topic["error"] is None, topic["error"]
    if "message" in exp:
        assert any(exp["message"].lower() in m.lower() for m in messages), messages
    score, full = topic["score"], topic["max_score"]
    assert {"zero": score == 0, "partial": 0 < score < full, "full": score == full}[exp["score"]], (
        score, messages)


@pytest.mark.parametrize("case", [p.stem for p in CASES])
def test_other_topics_are_unaffected(reports, case):
    bystander = reports[case]["topics"][BYSTANDER]
    assert bystander["error"] is None and bystander["score"] == bystander["max_score"], bystander


def test_nothing_is_left_running(reports):
    # A leaked worker outlives its grader process and is re-parented to init;
    # workers of other gradings running on this machine still have a parent.
    listing = subprocess.run(["ps", "-eo", "ppid=,args="], capture_output=True, text=True).stdout
    orphans = [line for line in listing.splitlines()
               if "dlkit.sandbox.worker" in line and line.split()[0] == "1"]
    assert not orphans, f"workers left running: {orphans}"
    found = subprocess.run(["pgrep", "-f", "sleep 4244"], capture_output=True, text=True)
    assert found.returncode == 1, f"a student's process was left running: {found.stdout}"
