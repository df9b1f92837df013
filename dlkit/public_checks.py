"""Which public checks are a function's: ``dlkit check TOPIC FUNCTION`` and
the notebooks' check cells run only those.

Read from ``exercises/tests/test_<topic>.py`` with :mod:`ast`, without
importing it.  A check calls the student's functions as ``student.<name>(...)``
or names one with ``label="<name>"`` (kit code run on the student's module);
of those, the check belongs to the ones its own name names (a class in
snake case: ``StopAtThreshold`` -> ``stop_at_threshold``), or to all of them
when it names none (``test_activation_gradients`` is all three gradients').
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dlkit import paths, registry

# The proxy's own attributes: not student functions.
PROXY_ATTRIBUTES = {"last_call", "last_function", "harness", "call", "train", "output", "error"}


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def functions(topic: registry.Topic) -> list[str]:
    """The topic's functions and classes a student writes (the registry's
    hints name every one; ``dlkit dev check`` keeps it so)."""
    return list(topic.hints)


def unknown_function_message(topic: registry.Topic, function: str) -> str:
    return (f"{topic.name} has no function {function!r}; its functions are: "
            + ", ".join(functions(topic)))


def checks_by_function(topic: registry.Topic, checks: Path | None = None) -> dict[str, list[str]]:
    """Function name -> the names of its public checks, in file order."""
    path = (checks or paths.PUBLIC_CHECKS) / f"test_{topic.name}.py"
    tree = ast.parse(path.read_text(), str(path))
    known = set(functions(topic))
    result: dict[str, list[str]] = {name: [] for name in functions(topic)}
    for node in tree.body:
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        for function in _subjects(node, known):
            result[function].append(node.name)
    return result


def _subjects(test: ast.FunctionDef, known: set[str]) -> list[str]:
    called = []
    for node in ast.walk(test):
        name = None
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "student" and node.attr not in PROXY_ATTRIBUTES):
            name = node.attr
        elif isinstance(node, ast.keyword) and node.arg == "label" and isinstance(node.value, ast.Constant):
            name = node.value.value
        if name in known and name not in called:
            called.append(name)
    words = f"_{test.name[len('test_'):]}_"
    named = [f for f in called if f"_{snake_case(f)}_" in words]
    return named or called
