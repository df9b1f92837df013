"""The kit's packages form layers: no two of them depend on each other.

Read with ``ast`` (nothing is imported), every module of ``dlkit`` gives edges
from its unit to the units it uses, where a unit is a subpackage
(``dlkit.sandbox``) or a top-level module (``dlkit.scratch``). Two kinds of use
count:

- an import, at the top of a module or inside a function;
- a string naming a kit module to run: ``python -m dlkit.grading.grader_process``,
  ``pytest -p dlkit.testing.plugin``, the ``"harness:dlkit.in_worker.x:fn"``
  targets. A process started that way runs that module's code, so the starter
  depends on it as surely as on an import.

The graph must have no cycle: data flows one way, from the leaves (records,
paths, limits) up to the engine and the command line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dlkit import paths

PACKAGE = paths.ROOT / "dlkit"
MODULE_NAME = re.compile(r"dlkit(?:\.\w+)+")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def unit(name: str) -> str | None:
    """``dlkit.X.Y`` -> ``dlkit.X``; None for ``dlkit`` itself."""
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level:
        base = importer.split(".")
        if not is_package:
            base.pop()
        base = base[:len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    # ``from dlkit.sandbox import supervisor`` uses dlkit.sandbox.supervisor.
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring nodes: a docstring that mentions a module uses nothing."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def used_modules(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    skip = docstrings(tree)
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            used.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            used.update(resolve(name, path.name == "__init__.py", node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            used.update(m for m in MODULE_NAME.findall(node.value) if m in known)
    return {m for m in used if m in known}


def unit_graph() -> dict[str, dict[str, set[str]]]:
    """unit -> {used unit: the module edges that make it}."""
    found = modules()
    known = set(found)
    graph: dict[str, dict[str, set[str]]] = {}
    for name, path in found.items():
        source = unit(name)
        if source is None:
            continue
        graph.setdefault(source, {})
        for used in used_modules(name, path, known):
            target = unit(used)
            if target is not None and target != source:
                graph[source].setdefault(target, set()).add(f"{name} -> {used}")
    return graph


def find_cycle(graph: dict[str, dict[str, set[str]]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_graph_sees_imports_and_run_targets():
    graph = unit_graph()
    assert "dlkit.sandbox" in graph["dlkit.registry"]          # from dlkit.sandbox.limits import Limits
    assert "dlkit.testing" in graph["dlkit.grading"]           # pytest -p dlkit.testing.plugin
    assert "dlkit.sandbox" in graph["dlkit.testing"]


def test_no_cycle_between_packages():
    graph = unit_graph()
    cycle = find_cycle(graph)
    if cycle:
        edges = [sorted(graph[a][b]) for a, b in zip(cycle, cycle[1:])]
        detail = "\n".join(f"  {a} -> {b}: {', '.join(e)}" for a, b, e in zip(cycle, cycle[1:], edges))
        raise AssertionError(f"import cycle {' -> '.join(cycle)}:\n{detail}")
