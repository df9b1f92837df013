"""Generate student stubs and nbgrader notebooks from the reference solutions.

The solutions are the single source of truth.  Each ``### BEGIN SOLUTION``
/ ``### END SOLUTION`` region (nbgrader's markers) inside a function becomes
``raise NotImplementedError(...)``; a region at module level is dropped.
Docstrings, signatures and everything outside the regions are kept.  The
nbgrader course (``course/``: source notebooks and ``nbgrader_config.py``)
comes from :mod:`dlkit.notebooks`.  ``check`` reports every committed file
that differs from what would be generated, so drift fails CI.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from dlkit import notebooks, paths, registry

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)|^(\s*)class\s+(\w+)")


class MarkerError(ValueError):
    pass


def _enclosing_name(lines: list[str], index: int, indent: int) -> str | None:
    for line in reversed(lines[:index]):
        m = DEF.match(line)
        if m:
            lead = m.group(1) if m.group(1) is not None else m.group(3)
            if len(lead) < indent:
                return m.group(2) or m.group(4)
    return None


def make_stub(source: str, origin: str = "solution") -> str:
    """The student stub for one solution module's source."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == END:
            raise MarkerError(f"{origin}:{i + 1}: {END} without {BEGIN}")
        if line.strip() != BEGIN:
            out.append(line)
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() in (BEGIN, END)), None)
        if end is None or lines[end].strip() != END:
            raise MarkerError(f"{origin}:{i + 1}: {BEGIN} without a matching {END}")
        if indent:
            name = _enclosing_name(lines, i, indent) or "this"
            pad = " " * indent
            out.append(f"{pad}# YOUR CODE HERE")
            out.append(f'{pad}raise NotImplementedError("{name} is not implemented yet")')
        i = end + 1
    text = "\n".join(out).rstrip() + "\n"
    return re.sub(r"\n{4,}", "\n\n\n", text)


def stub_header(topic: str) -> str:
    return (f"# Exercise {topic}: replace each `raise NotImplementedError` with your code,\n"
            f"# then check it with `dlkit check {topic}`.\n"
            f"# (Generated from solutions/{topic}.py by `dlkit build`.)\n")


@dataclass
class Output:
    path: Path
    text: str


def outputs(root: Path | None = None, topics=None) -> list[Output]:
    """Every generated file with its expected content (``topics``: the
    registry's, unless given)."""
    base = root or paths.ROOT
    solutions, exercises, course = base / "solutions", base / "exercises", base / "course"
    result = []
    for topic in registry.topics() if topics is None else topics:
        source_path = solutions / topic.module_file
        if not source_path.exists():
            continue  # a topic being written; tests/test_registry.py requires every file
        stub = stub_header(topic.name) + make_stub(source_path.read_text(), str(source_path))
        result.append(Output(exercises / topic.module_file, stub))
        if (base / "graders" / f"test_{topic.name}.py").exists():  # a topic still being written has none
            try:
                notebook = notebooks.source_notebook(topic, base)
            except SyntaxError as exc:
                raise MarkerError(f"{source_path}: {exc}") from exc
            result.append(Output(course / "source" / topic.name / f"{topic.name}.ipynb",
                                 notebooks.notebook_text(notebook)))
    result.append(Output(course / "nbgrader_config.py", notebooks.nbgrader_config()))
    return result


def build(root: Path | None = None) -> list[Path]:
    """Write every generated file; return the ones that changed."""
    changed = []
    for out in outputs(root):
        if not out.path.exists() or out.path.read_text() != out.text:
            out.path.parent.mkdir(parents=True, exist_ok=True)
            out.path.write_text(out.text)
            changed.append(out.path)
    return changed


def check(root: Path | None = None, topics=None) -> list[str]:
    """One message per generated file that is missing or differs."""
    problems = []
    for out in outputs(root, topics):
        if not out.path.exists():
            problems.append(f"{out.path}: missing (run `dlkit build`)")
            continue
        current = out.path.read_text()
        if current != out.text:
            diff = difflib.unified_diff(current.splitlines(), out.text.splitlines(),
                                        "committed", "generated", lineterm="", n=1)
            excerpt = "\n".join(list(diff)[:20])
            problems.append(f"{out.path}: differs from its solution (run `dlkit build`)\n{excerpt}")
    return problems
