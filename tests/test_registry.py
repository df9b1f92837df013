"""The registry drives everything, so every topic in it must be complete."""

from __future__ import annotations

import ast

import pytest
from conftest import MISTAKES, TOPICS

from dlkit import paths, registry


def solution_functions(topic: str) -> list[str]:
    tree = ast.parse((paths.SOLUTIONS / f"{topic}.py").read_text())
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
            and not n.name.startswith("_")]


def grader_points(topic: str) -> float:
    tree = ast.parse((paths.GRADERS / f"test_{topic}.py").read_text())
    total = 0.0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            for dec in node.decorator_list:
                if (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)
                        and dec.func.attr == "points"):
                    total += ast.literal_eval(dec.args[0])
    return total


def test_topics_are_ordered_and_unique():
    numbers = [t.number for t in registry.topics()]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_has_every_file(topic):
    for path in (paths.SOLUTIONS / f"{topic}.py", paths.EXERCISES / f"{topic}.py",
                 paths.PUBLIC_CHECKS / f"test_{topic}.py", paths.GRADERS / f"test_{topic}.py",
                 MISTAKES / f"{topic}.toml", paths.ROOT / "course" / "source" / topic / f"{topic}.ipynb"):
        assert path.exists(), path


@pytest.mark.parametrize("topic", TOPICS)
def test_grader_points_add_up_to_the_registry(topic):
    assert grader_points(topic) == registry.topic(topic).points


@pytest.mark.parametrize("topic", TOPICS)
def test_every_function_has_a_hint_and_the_topic_has_goals(topic):
    entry = registry.topic(topic)
    assert entry.goals and entry.title
    missing = [f for f in solution_functions(topic) if not entry.hint_for(f)]
    assert not missing, f"no hint for {missing}"


def test_readme_lists_every_topic_with_points_and_time_limit():
    readme = (paths.ROOT / "README.md").read_text()
    for t in registry.topics():
        row = f"| {t.number:02d} | `{t.name}` | {t.points:g} | {t.time_limit:g} s |"
        assert row in readme, f"README topic table lacks or misstates: {row}"


def test_a_raised_time_limit_raises_the_call_limit_in_proportion():
    from dlkit.testing.student import StudentModule

    topic = next(t for t in registry.topics() if t.call_time_limit < t.time_limit)
    cpu, call = topic.time_limit, topic.call_time_limit
    assert (topic.limits().cpu_seconds, topic.limits().call_cpu_seconds) == (cpu, call)
    doubled = StudentModule(topic, None, paths.ROOT, cpu_seconds=2 * cpu).limits
    assert (doubled.cpu_seconds, doubled.call_cpu_seconds) == (2 * cpu, 2 * call), doubled
    lowered = topic.limits(call / 2)  # every call capped at the topic's new limit
    assert (lowered.cpu_seconds, lowered.call_cpu_seconds) == (call / 2, call / 2), lowered
    between = topic.limits((call + cpu) / 2)
    assert between.call_cpu_seconds == call, between
