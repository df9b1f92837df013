"""`dlkit report`: one self-contained HTML page for a class, read from a
gradebook; what it counts, and (slow) what a browser shows of it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from dlkit import class_report
from dlkit.results import FAILED, GRADER_ERROR, PASSED, Gradebook, Report, TestResult, TopicResult

TOPIC, OTHER = "output_size", "conv_by_hand"


def _test(name, status, message="", points=5.0):
    return TestResult(name, points if status == PASSED else 0.0, points, status, message)


def _topic(name, tests, seconds=1.0, module="m.py", error=None, kit_error=False):
    return TopicResult.build(name, 20.0, tests, error, module, kit_error, seconds)


def _class() -> Gradebook:
    """Four students: one perfect, two who made the same named mistake (one
    of them twice over, in two tests), one with a grader error and a time
    limit, and one topic not handed in."""
    dilation = "called f(3, 2)\n  got 3, expected 2\n  mistake: dilation ignored\n  or: stride ignored"
    students = {
        "ann": [_topic(TOPIC, [_test("test_a", PASSED), _test("test_b", PASSED)], seconds=2.0),
                _topic(OTHER, [_test("test_c", PASSED, points=20.0)], seconds=7.5)],
        "ben": [_topic(TOPIC, [_test("test_a", FAILED, dilation), _test("test_b", FAILED, dilation)]),
                _topic(OTHER, [_test("test_c", FAILED, "called g()\n  mistake: kernel not flipped", 20.0)])],
        "cal": [_topic(TOPIC, [_test("test_a", FAILED, dilation), _test("test_b", PASSED)]),
                _topic(OTHER, [], module=None, error="no conv_by_hand.py found")],
        "dee": [_topic(TOPIC, [_test("test_a", GRADER_ERROR, "grader error (not your code): boom"),
                               _test("test_b", FAILED, "called h()\n  did not finish within the time "
                                                       "limit of 5 CPU-seconds for one call")]),
                _topic(OTHER, [], error="the grader process crashed", kit_error=True)],
    }
    reports = {s: Report.build(topics, fenced=True) for s, topics in students.items()}
    return Gradebook((TOPIC, OTHER), 40.0, reports, {"ben": {TOPIC: 5400.0}, "ann": {TOPIC: 0.0}})


def test_the_summary_counts_what_an_instructor_asks():
    s = class_report.summarise(_class())
    rates = {(r.topic, r.test): (r.passed, r.failed, r.grader_errors) for r in s.rates}
    assert rates == {(TOPIC, "test_a"): (1, 2, 1), (TOPIC, "test_b"): (2, 2, 0), (OTHER, "test_c"): (1, 1, 0)}
    # cal did not hand in conv_by_hand: no score in its distribution, no test counted
    assert s.topic_scores[OTHER] == {"ann": 20.0, "ben": 0.0, "dee": 0.0}
    first, *rest = s.mistakes
    assert (first.topic, first.text, first.tests, first.students) == (
        TOPIC, "dilation ignored", ("test_a", "test_b"), ("ben", "cal"))
    assert {(m.text, m.students) for m in rest} == {("stride ignored", ("ben", "cal")),
                                                     ("kernel not flipped", ("ben",))}
    assert [m.text for m in s.mistakes][-1] == "kernel not flipped"  # fewest students last
    kinds = sorted((p.kind, p.student, p.topic, p.test) for p in s.problems)
    assert kinds == [("grader error", "dee", OTHER, ""), ("grader error", "dee", TOPIC, "test_a"),
                     ("time limit", "dee", TOPIC, "test_b")]
    assert s.seconds[OTHER] == {"ann": 7.5, "ben": 1.0, "dee": 1.0}
    assert s.lateness["ben"] == {TOPIC: 5400.0}


def test_the_page_is_one_self_contained_file(tmp_path):
    book = _class()
    (tmp_path / "gradebook.json").write_text(json.dumps(book.to_json()))
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "dlkit.cli", "report", str(tmp_path), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    # Nothing fetched from elsewhere: every figure is inline data.
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) == 4
    for text in ("dilation ignored", "ben, cal", "the grader process crashed", "time limit", "1.50"):
        assert text in page, text
    assert "<script>" in page and "dlkit report" not in page
    bad = subprocess.run([sys.executable, "-m", "dlkit.cli", "report", str(tmp_path / "nothing")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "cannot read a gradebook" in bad.stderr


@pytest.mark.slow
def test_a_browser_shows_the_class_and_sorts_its_tables(tmp_path):
    from browser import driver
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    page.write_text(class_report.render(_class(), "Deep learning, week 3"))
    browser = driver()
    try:
        browser.get(page.as_uri())
        assert browser.title == "Deep learning, week 3"
        facts = {e.get_attribute("id"): e.find_element(By.TAG_NAME, "b").text
                 for e in browser.find_elements(By.CSS_SELECTOR, ".fact")}
        assert facts["fact-students"] == "4" and facts["fact-problems"] == "3", facts
        images = browser.find_elements(By.TAG_NAME, "img")
        assert len(images) == 4
        loaded = "return arguments[0].complete && arguments[0].naturalWidth"
        assert all(browser.execute_script(loaded, i) > 300 for i in images)

        def column(table, index):
            return [row.find_elements(By.TAG_NAME, "td")[index].text
                    for row in browser.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")]

        assert column("table-students", 0) == ["ann", "ben", "cal", "dee"]
        total = browser.find_elements(By.CSS_SELECTOR, "#table-students th")[-1]
        total.click()  # highest total first
        assert column("table-students", 0)[0] == "ann"
        assert [float(t) for t in column("table-students", 3)] == sorted(
            (float(t) for t in column("table-students", 3)), reverse=True)
        total.click()  # and reversed
        assert column("table-students", 0)[-1] == "ann"
        assert column("table-mistakes", 2)[0] == "dilation ignored"
        assert set(column("table-problems", 1)) == {"dee"}
    finally:
        browser.quit()
