"""Hostile submissions are graded to completion, each with the right
message, without touching the other topic in the same submission and
without leaving processes behind."""

from __future__ import annotations

import ast
import subprocess
from dataclasses import replace

import pytest
from conftest import HOSTILE, ROOT, grade, make_submission, reference_source

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
        if expectation(path).get("needs") == "sandbox" and not namespaces.available()[0]:
            continue  # never run an attack on the fence unfenced: as root it would remount this machine
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
        reports = grade(submissions, [topic, BYSTANDER], submission_limits=limits, workers=2)
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
    topic = reports[case].topic(exp["topic"])
    messages = [t.message for t in topic.tests if not t.passed]
    if "error" in exp:
        assert exp["error"] in (topic.error or ""), topic.error
    else:
        assert topic.error is None, topic.error
    if "message" in exp:
        assert any(exp["message"].lower() in m.lower() for m in messages), messages
    score, full = topic.score, topic.max_score
    assert {"zero": score == 0, "partial": 0 < score < full, "full": score == full}[exp["score"]], (
        score, messages)


@pytest.mark.parametrize("case", [p.stem for p in CASES])
def test_other_topics_are_unaffected(reports, case):
    if case not in reports:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {namespaces.available()[1]}")
    bystander = reports[case].topic(BYSTANDER)
    assert bystander.error is None and bystander.score == bystander.max_score, bystander


def test_nothing_is_left_running(reports):
    # A leaked worker outlives its grader process and is re-parented to init;
    # workers of other gradings running on this machine still have a parent.
    listing = subprocess.run(["ps", "-eo", "ppid=,args="], capture_output=True, text=True).stdout
    orphans = [line for line in listing.splitlines()
               if ("dlkit.sandbox.worker" in line or "dlkit.sandbox.template" in line)
               and line.split()[0] == "1"]
    assert not orphans, f"workers left running: {orphans}"
    for case in CASES:
        pattern = expectation(case).get("no_process")
        if pattern:
            found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
            assert found.returncode == 1, f"{case.stem} left a process running: {found.stdout}"


@pytest.mark.parametrize("case", [p.stem for p in CASES if "no_file" in expectation(p)])
def test_nothing_is_written_outside_the_workers_folder(reports, case):
    if not namespaces.available()[0]:
        pytest.skip(f"this machine does not allow the namespaces sandbox: {namespaces.available()[1]}")
    planted = ROOT / expectation(HOSTILE / f"{case}.py")["no_file"]
    written = planted.exists()
    planted.unlink(missing_ok=True)
    assert not written, f"{case} wrote {planted}"


def test_linked_or_special_modules_are_refused_and_cost_only_their_topic(tmp_path):
    """A module that is a symbolic link (to the kit's own solution, or to
    nothing) or a FIFO is refused with a message, charged to its own topic;
    the reference beside them keeps full marks."""
    import os

    from dlkit import paths

    folder = make_submission(tmp_path / "linked", {BYSTANDER: reference_source(BYSTANDER)})
    (folder / "output_size.py").symlink_to(paths.SOLUTIONS / "output_size.py")
    (folder / "activations_losses.py").symlink_to(tmp_path / "nowhere.py")
    os.mkfifo(folder / "conv_by_hand.py")
    report = grade([folder], ["output_size", "activations_losses", "conv_by_hand", BYSTANDER])[0]
    topics = {t.name: t for t in report.topics}
    for name, words in (("output_size", "is a symbolic link"), ("activations_losses", "is a symbolic link"),
                        ("conv_by_hand", "not a regular file")):
        assert topics[name].score == 0 and words in (topics[name].error or ""), topics[name]
        assert not topics[name].kit_error, "the student's own doing, not the kit's error"
    assert report.grader_errors == 0
    assert topics[BYSTANDER].score == topics[BYSTANDER].max_score, topics[BYSTANDER]
    assert report.fenced == namespaces.available()[0]


def test_an_unfenced_report_says_so():
    from dlkit.results import Report
    from dlkit.results_text import format_table

    report = Report(score=0, max_score=0, fenced=False)
    assert "NOT FENCED" in format_table(report)
    assert "NOT FENCED" not in format_table(replace(report, fenced=True))
