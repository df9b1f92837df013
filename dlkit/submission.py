"""What a student submitted: a topic's module found anywhere below a
submission folder (:func:`find_module`), a notebook's module cells
(:func:`module_source`), and which of a topic's two files is the code
(:func:`find_code`: the ``.py`` when a folder holds both ``<topic>.py`` and
``<topic>.ipynb``, as ``dlkit grade`` grades it)."""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from pathlib import Path

from dlkit.sandbox.untrusted_files import read_regular_file

SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "node_modules", ".venv", "venv"}


def find_module(submission: Path, filename: str) -> Path | None:
    """The shallowest file called ``filename`` below ``submission`` (ties
    broken alphabetically), skipping hidden and cache folders."""
    submission = Path(submission)
    if submission.is_file():
        return submission if submission.name == filename else None
    found = []
    for root, dirs, files in os.walk(submission, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        if filename in files:
            path = Path(root, filename)
            found.append((len(path.relative_to(submission).parts), str(path)))
    return Path(min(found)[1]) if found else None


def module_source(notebook: dict) -> str:
    """The student's module as written in the notebook: the setup cell and
    the solution cells, in order.  IPython magics and shell escapes are
    commented out (they are not Python)."""
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {})
        nbgrader = meta.get("nbgrader", {})
        if nbgrader.get("grade"):
            continue
        if meta.get("dlkit", {}).get("role") == "module" or nbgrader.get("solution"):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            parts.append("\n".join("# " + ln if ln.lstrip().startswith(("%", "!")) else ln
                                   for ln in text.splitlines()))
    return "\n\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class StudentCode:
    """A topic's code as a student handed it in."""
    path: Path  # the file that is checked and graded: <topic>.py, else <topic>.ipynb
    other: Path | None = None  # the topic's other file beside it, when its code differs

    @property
    def is_notebook(self) -> bool:
        return self.path.suffix == ".ipynb"

    def differs_warning(self) -> str:
        """What to tell a student who has both files, with different code."""
        if self.other is None:
            return ""
        return (f"warning: {self.other} and {self.path} hold different code; {self.path.name} is the one "
                f"checked here, and the one `dlkit grade` grades when a folder holds both "
                f"(hand in only the file you work in)")


def find_code(where: Path, topic: str) -> StudentCode | None:
    """The topic's code below ``where`` (a folder, or a ``<topic>.py`` /
    ``<topic>.ipynb`` file): the ``.py`` when both exist, with the notebook
    as ``other`` when their code differs."""
    module = find_module(where, f"{topic}.py")
    notebook = find_module(where, f"{topic}.ipynb")
    if module is None:
        return StudentCode(notebook) if notebook is not None else None
    differs = notebook is not None and notebook.parent == module.parent and written_in(notebook, module)
    return StudentCode(module, notebook if differs else None)


def written_in(notebook: Path, module: Path) -> bool:
    """Whether the student wrote code in ``notebook`` that ``module`` does
    not hold: some function of the notebook is more than its stub's
    ``raise NotImplementedError``, and the code differs from the module's."""
    try:
        code = code_of(notebook)
        tree = ast.parse(code)
        differs = not same_code(code_of(module), code)
    except OSError:
        return False  # a link or not a file: checking the module says why
    except SyntaxError:
        return True
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return differs and not all(_stub(f) for f in functions)


def _stub(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function whose body is a docstring and ``raise NotImplementedError``
    (the kit's stub, or nbgrader's)."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    name = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(name, ast.Name) and name.id == "NotImplementedError"


def code_of(path: Path) -> str:
    """The Python source of a ``.py`` file, or of a notebook's module cells."""
    # A link (to a solution notebook, say) is refused: OSError with a message.
    text = read_regular_file(path).decode(errors="replace")
    if Path(path).suffix != ".ipynb":
        return text
    try:
        return module_source(json.loads(text))
    except (ValueError, AttributeError, TypeError):
        return "raise SyntaxError('the notebook could not be read as JSON')\n"


def module_text(path: Path) -> str:
    """What a worker imports for the student's file: its code, or, where the
    file cannot be read (a link, not a regular file), a module that raises
    why on import, so that the topic's error says it."""
    try:
        return code_of(path)
    except OSError as exc:
        return f"raise OSError({str(exc)!r})\n"


def same_code(a: str, b: str) -> bool:
    """Whether two modules hold the same code: comments, layout and the
    module's docstring (a notebook has none) do not count."""
    try:
        return _without_docstring(ast.parse(a)) == _without_docstring(ast.parse(b))
    except SyntaxError:
        return a.strip() == b.strip()


def _without_docstring(tree: ast.Module) -> str:
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return ast.dump(ast.Module(body=body, type_ignores=[]))
