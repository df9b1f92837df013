"""Every grader gives the reference full marks and the stub zero, and catches
each mistake in its catalog (``tests/mistakes/<topic>.toml``, read by
:mod:`dlkit.catalog`) on the right test with a message naming it."""

from __future__ import annotations

import pytest
from conftest import TOPICS, grade, make_submission, reference_source

from dlkit import catalog as mistakes_catalog
from dlkit import paths, registry

MIN_MISTAKES = 6


@pytest.fixture(scope="module")
def kit_reports():
    # Two grader processes at once, each with the libraries' own threads (an
    # explicit None): the reference is graded as `dlkit grade solutions` grades it.
    solutions, stubs = grade([paths.SOLUTIONS, paths.EXERCISES], limits={"threads": None}, workers=2)
    return {"solutions": solutions, "exercises": stubs}


@pytest.mark.parametrize("topic", TOPICS)
def test_reference_gets_full_marks(kit_reports, topic):
    graded = kit_reports["solutions"].topic(topic)
    failing = [(t.name, t.status, t.message) for t in graded.tests if not t.passed]
    assert graded.error is None and not failing, (graded.error, failing)
    assert graded.tests and graded.score == graded.max_score


@pytest.mark.parametrize("topic", TOPICS)
def test_stub_gets_zero_with_not_implemented_messages(kit_reports, topic):
    graded = kit_reports["exercises"].topic(topic)
    assert graded.error is None and graded.tests and graded.score == 0
    for test in graded.tests:
        assert test.status == "failed" and "not implemented yet" in test.message, test


def catalog(topic: str) -> list[mistakes_catalog.Mistake]:
    return mistakes_catalog.load(topic)


@pytest.mark.parametrize("topic", TOPICS)
def test_catalog_has_enough_mistakes(topic):
    assert len(catalog(topic)) >= MIN_MISTAKES


class CatalogReports:
    """Grades a topic's whole catalog in one batch, the first time one of
    its mistakes is asked for (so deselected slow topics never train)."""

    def __init__(self, root):
        self.root, self.found = root, {}

    def get(self, topic: str, mistake: str) -> dict:
        if (topic, mistake) not in self.found:
            entries = catalog(topic)
            reference = reference_source(topic)
            subs = [make_submission(self.root / topic / m.name, {topic: m.apply(reference)})
                    for m in entries]
            # Each mistake is graded on the test that must catch it (the
            # reference and the stub are graded on every test above).
            only = [{"tests": {topic: [m.test]}} for m in entries]
            for m, report in zip(entries, grade(subs, [topic], submission_limits=only, workers=2)):
                self.found[(topic, m.name)] = report.topic(topic)
        return self.found[(topic, mistake)]


@pytest.fixture(scope="module")
def mistake_reports(tmp_path_factory):
    return CatalogReports(tmp_path_factory.mktemp("mistakes"))


def _slow_if_training(topic: str, *values):
    marks = [pytest.mark.slow] if registry.topic(topic).slow else []
    return pytest.param(*values, marks=marks)


# The first mistake of a topic grades its whole catalog in one batch: training
# topics need more than the default 600 s on a loaded 2-core machine.
@pytest.mark.timeout(2400)
@pytest.mark.parametrize("topic, mistake",
                         [_slow_if_training(t, t, m.name) for t in TOPICS for m in catalog(t)])
def test_mistake_loses_points_on_the_right_test_and_is_named(mistake_reports, topic, mistake):
    entry = mistakes_catalog.mistake(topic, mistake)
    graded = mistake_reports.get(topic, mistake)
    assert graded.error is None, graded.error
    tests = {t.name: t for t in graded.tests}
    expected = entry.test
    assert expected in tests, f"no test named {expected}; tests: {sorted(tests)}"
    target = tests[expected]
    assert target.status == "failed", f"{expected}: {target.status}: {target.message}"
    assert target.points < target.max_points, f"{expected} did not lose points"
    assert entry.message.lower() in target.message.lower(), target.message
