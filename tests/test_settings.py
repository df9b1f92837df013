"""One typed, validated record for a grading's options and limits, with one precedence."""

from __future__ import annotations

import json

import pytest

from dlkit import settings
from dlkit.settings import GradingSettings

TOPIC, OTHER = "output_size", "conv_by_hand"


def test_defaults_and_json_round_trip():
    assert GradingSettings().sandbox == "auto" and GradingSettings().threads is None
    made = GradingSettings(time={TOPIC: 3}, memory={TOPIC: 512}, sandbox="off", sandbox_hide=["/x"],
                           threads=1, tests={TOPIC: ["test_a"]})
    assert made.time == {TOPIC: 3.0} and made.tests == {TOPIC: ("test_a",)}
    again = GradingSettings.from_json(json.loads(json.dumps(made.to_json())))
    assert again == made
    assert GradingSettings.from_json(None) == GradingSettings()


def test_the_limits_dict_still_reads():
    legacy = {"time": {TOPIC: 1}, "sandbox": "off", "threads": 2}
    made = GradingSettings.coerce(legacy)
    assert made.time == {TOPIC: 1.0} and made.sandbox == "off" and made.threads == 2
    assert made.get("time", {}) == {TOPIC: 1.0} and made.get("threads") == 2
    assert GradingSettings.coerce(made) is made


@pytest.mark.parametrize("bad, words", [
    ({"time": {"no_such_topic": 1}}, "unknown topic in time: no_such_topic"),
    ({"tests": {"nope": ["t"]}}, "unknown topic in tests: nope"),
    ({"time": {TOPIC: 0}}, "time limit of output_size must be a positive number of CPU-seconds"),
    ({"memory": {TOPIC: -5}}, "memory limit of output_size must be a positive number of MB"),
    ({"time": {TOPIC: "soon"}}, "not a number"),
    ({"time": {TOPIC: float("inf")}}, "positive number"),
    ({"sandbox": "maybe"}, "sandbox must be one of auto, on, off, not 'maybe'"),
    ({"threads": 0}, "threads must be a positive whole number"),
    ({"sandbox_hide": "/x"}, "must be a list of folders"),
    ({"tests": {TOPIC: "test_a"}}, "must be a list of test names"),
    ({"timeout": 3}, "unknown setting timeout"),
])
def test_invalid_settings_say_what_is_wrong(bad, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        GradingSettings.from_json(bad)


def test_precedence_defaults_then_environment_then_explicit():
    env = settings.from_environment({"DLKIT_TIME_LIMITS": f"{TOPIC}=5,{OTHER}=6", "DLKIT_SANDBOX": "on",
                                     "DLKIT_SANDBOX_HIDE": "/a:/b", "DLKIT_THREADS": "3"})
    explicit = settings.from_options(time=[f"{TOPIC}=7"], sandbox=None, memory=[f"{OTHER}=100"])
    got = settings.resolve(env, explicit, defaults=GradingSettings(sandbox="off"))
    assert got.time == {TOPIC: 7.0, OTHER: 6.0}  # merged topic by topic
    assert got.memory == {OTHER: 100.0}
    assert got.sandbox == "on"  # the environment's: no option given
    assert got.sandbox_hide == ("/a", "/b") and got.threads == 3
    assert settings.resolve(defaults=GradingSettings(sandbox="off")).sandbox == "off"
    assert settings.resolve({}, settings.from_options(sandbox="auto"), defaults=GradingSettings(sandbox="off")
                            ).sandbox == "auto"


def test_bad_environment_is_a_clear_error():
    with pytest.raises(ValueError, match="DLKIT_TIME_LIMITS: expected topic=value"):
        settings.from_environment({"DLKIT_TIME_LIMITS": "output_size"})
    with pytest.raises(ValueError, match="unknown topic"):
        settings.resolve(settings.from_environment({"DLKIT_MEMORY_LIMITS": "typo=3"}))


def test_a_submission_adds_to_the_run_settings():
    run = GradingSettings(time={TOPIC: 2, OTHER: 4}, sandbox="off")
    one = settings.with_overrides(run, {"time": {TOPIC: 1}, "tests": {TOPIC: ["test_x"]}})
    assert one.time == {TOPIC: 1.0, OTHER: 4.0} and one.tests == {TOPIC: ("test_x",)} and one.sandbox == "off"
    assert settings.with_overrides(run, None) is run
