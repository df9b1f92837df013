"""A solution module cut into the pieces a notebook's cells hold: the setup
(imports, constants) and each top-level function or class.  Read with
:mod:`ast` only; used to build notebooks (:mod:`dlkit.notebooks`) and to
read what a student changed in one (:mod:`dlkit.notebook_check`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """A piece of the solution module: the setup (imports, constants) or one
    top-level function or class, with its markers."""
    name: str
    source: str
    is_solution: bool


def module_chunks(source: str) -> tuple[str, list[Chunk]]:
    """The module docstring and the module cut at each top-level def/class
    (comments and decorators go with the definition they precede)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    docstring = ast.get_docstring(tree) or ""
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        skip_to = body[0].end_lineno
        body = body[1:]
    else:
        skip_to = 0
    starts = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            while first > skip_to and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.append((first, node.name))
    chunks = []
    setup_end = starts[0][0] if starts else len(lines)
    setup = "\n".join(lines[skip_to:setup_end]).strip("\n")
    if setup.strip():
        chunks.append(Chunk("setup", setup, "### BEGIN SOLUTION" in setup))
    for k, (first, name) in enumerate(starts):
        last = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        text = "\n".join(lines[first:last]).strip("\n")
        chunks.append(Chunk(name, text, "### BEGIN SOLUTION" in text))
    return docstring, chunks
