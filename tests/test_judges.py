"""Each topic's hidden tests run in a judge process of its own
(:mod:`dlkit.testing.topic_process`): what one topic's grading does to
Keras's global state, its memory or its process ends with that topic.

The graders here are stand-ins: the first line of the submitted
``output_size.py`` says what the first topic's grader does in its judge (what
a student's model loaded there could do); the second topic's grader checks
that Keras's state is untouched."""

from __future__ import annotations

import pytest
from conftest import make_submission, stand_in_graders

from dlkit.grading.grader import grade_many
from dlkit.results import GRADER_ERROR, PASSED
from dlkit.sandbox.limits import JUDGE_MEMORY_MB

FIRST, SECOND = "output_size", "param_counts"
NO_FENCE = {"sandbox": "off"}

FIRST_GRADER = '''
import os
import signal
from pathlib import Path

import keras
import numpy as np
import pytest


def word(request):
    folder = Path(request.config.getoption("--submission"))
    return (folder / "output_size.py").read_text().splitlines()[0].removeprefix("# ")


@pytest.mark.points(10)
def test_first(student, request):
    what = word(request)
    if what == "poison":
        keras.config.set_floatx("float16")
        keras.config.set_image_data_format("channels_first")
    if what == "memory":
        hog = np.ones((MEGABYTES + 512) << 17)  # MB of float64, every page touched
        assert hog.sum() > 0


@pytest.mark.points(10)
def test_second(student, request):
    if word(request) == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
'''.replace("MEGABYTES", str(JUDGE_MEMORY_MB))

SECOND_GRADER = '''
import keras
import pytest

from dlkit.testing import fail


@pytest.mark.points(20)
def test_keras_state_is_untouched(student):
    found = (keras.config.floatx(), keras.config.image_data_format())
    if found != ("float32", "channels_last"):
        fail("keras.config", f"found {found}, left by another topic's grading")
'''


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("judges")
    graders = stand_in_graders(root / "graders", FIRST, FIRST_GRADER)
    stand_in_graders(graders, SECOND, SECOND_GRADER)
    words = ["poison", "crash", "memory", "nothing"]
    folders = [make_submission(root / w, {FIRST: f"# {w}\nX = 1\n", SECOND: "X = 1\n"}) for w in words]
    return dict(zip(words, grade_many(folders, [FIRST, SECOND], NO_FENCE, graders)))


def statuses(report, topic):
    return [(t.name, t.status) for t in report.topic(topic).tests]


def test_keras_state_changed_in_one_topic_does_not_reach_the_next(reports):
    for word in ("poison", "nothing"):
        assert statuses(reports[word], SECOND) == [("test_keras_state_is_untouched", PASSED)], (
            word, reports[word].topic(SECOND).tests)


def test_the_next_student_gets_fresh_keras_state_too(reports):
    """The submission graded after the poisoning one, in the same grader process."""
    assert reports["crash"].topic(SECOND).score == 20


def test_a_judge_that_dies_costs_its_own_topic_only_as_grader_errors(reports):
    report = reports["crash"]
    first = report.topic(FIRST)
    assert statuses(report, FIRST) == [("test_first", PASSED), ("test_second", GRADER_ERROR)]
    assert first.score == 10
    assert "judge process for this topic was killed by SIGKILL" in first.tests[1].message
    assert first.tests[1].message.startswith("grader error (not your code)")
    assert report.topic(SECOND).score == 20


def test_a_judge_over_its_memory_limit_is_stopped(reports):
    report = reports["memory"]
    tests = report.topic(FIRST).tests
    assert [t.status for t in tests] == [GRADER_ERROR, GRADER_ERROR], tests
    assert f"used more than {JUDGE_MEMORY_MB} MB" in tests[0].message
    assert report.topic(SECOND).score == 20
