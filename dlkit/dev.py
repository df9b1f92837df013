"""``dlkit dev check``: the kit's files agree with each other, in seconds.

Nothing is graded or imported from the topics: every check reads files (with
:mod:`ast` and :mod:`tomllib`), so it runs without TensorFlow.

- **files**: every topic in the registry has its solution, stub, public
  checks, hidden grader, source notebook and catalog, and no such file
  exists for a topic the registry does not name;
- **hints**: every public function and class of a solution has a hint in the
  registry, and no hint names a function the solution does not have;
- **points**: the ``points`` markers of a grader's tests add up to the
  topic's points;
- **markers**: ``### BEGIN SOLUTION`` / ``### END SOLUTION`` come in pairs,
  not nested, each pair indented alike within one function, and no marker
  is misspelt;
- **generated**: the stubs and notebooks are what ``dlkit build`` writes;
- **catalog**: every catalog entry reads, each edit's ``replace`` occurs
  exactly once in the reference, the mistaken module is valid Python, and
  the test it names is a test of the topic's grader.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from dlkit import build, catalog, paths, registry

KINDS = ("registry", "files", "hints", "points", "markers", "generated", "catalog")
MARKER_TEXT = re.compile(r"#+\s*(BEGIN|END)\s+SOLUTION", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    kind: str  # one of KINDS
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


def topic_files(root: Path, name: str) -> dict[str, Path]:
    """What each topic must have, by role."""
    return {
        "solution": root / "solutions" / f"{name}.py",
        "stub": root / "exercises" / f"{name}.py",
        "public checks": root / "exercises" / "tests" / f"test_{name}.py",
        "grader": root / "graders" / f"test_{name}.py",
        "notebook": root / "course" / "source" / name / f"{name}.ipynb",
        "catalog": catalog.catalog_file(name, root),
    }


def _stray(root: Path, names: set[str]) -> list[Problem]:
    """Topic files (or folders) for topics the registry does not name."""
    found = []

    def stray(path: Path, topic: str) -> None:
        if topic not in names:
            found.append(Problem("files", f"{path.relative_to(root)}: no topic {topic!r} in the registry"))

    for folder in (root / "solutions", root / "exercises"):
        for p in sorted(folder.glob("*.py")):
            stray(p, p.stem)
    for folder in (root / "exercises" / "tests", root / "graders"):
        for p in sorted(folder.glob("test_*.py")):
            stray(p, p.stem.removeprefix("test_"))
    source = root / "course" / "source"
    for p in sorted(source.iterdir()) if source.is_dir() else []:
        if p.name != "__pycache__":
            stray(p, p.name)
    mistakes = catalog.catalog_dir(root)
    for p in sorted(mistakes.iterdir()) if mistakes.is_dir() else []:
        if p.name == "__pycache__":
            continue
        if p.suffix != ".toml" or not p.is_file():
            found.append(Problem("files", f"{p.relative_to(root)}: not a catalog file "
                                          "(tests/mistakes/ holds one <topic>.toml per topic)"))
        else:
            stray(p, p.stem)
    return found


def public_names(tree: ast.Module) -> list[str]:
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not n.name.startswith("_")]


def grader_tests(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """The test functions, at module level or in a test class."""
    nodes = list(tree.body) + [n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body]
    return {n.name: n for n in nodes
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test")}


def _mark(dec: ast.expr, name: str) -> bool:
    """``@pytest.mark.<name>(...)`` (or ``mark.<name>``)."""
    return (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)
            and dec.func.attr == name)


def check_points(topic: registry.Topic, path: Path, tree: ast.Module) -> list[Problem]:
    total, found = 0.0, []
    for name, node in grader_tests(tree).items():
        for dec in node.decorator_list:
            if not _mark(dec, "points"):
                continue
            try:
                value = float(ast.literal_eval(dec.args[0]))
            except (IndexError, ValueError, TypeError):
                found.append(Problem("points", f"{path.name}::{name}: points must be a number"))
                continue
            if any(_mark(d, "parametrize") for d in node.decorator_list):
                found.append(Problem("points", f"{path.name}::{name}: a parametrized test's points "
                                               "count once per case; give each case its own test"))
            total += value
    if abs(total - topic.points) > 1e-9:
        found.append(Problem("points", f"{path.name}: tests are worth {total:g} points, "
                                       f"the registry says {topic.points:g}"))
    return found


def check_markers(path: Path, source: str, tree: ast.Module) -> list[Problem]:
    found = []
    lines = source.splitlines()
    defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]

    def indent(number: int) -> int:
        line = lines[number - 1]
        return len(line) - len(line.lstrip())

    opened = None
    for number, line in enumerate(source.splitlines(), 1):
        text = line.strip()
        where = f"{path.name}:{number}"
        if text not in (build.BEGIN, build.END):
            if MARKER_TEXT.search(text):
                found.append(Problem("markers", f"{where}: misspelt marker {text!r} (write "
                                                f"{build.BEGIN!r} or {build.END!r} alone on the line)"))
            continue
        if text == build.BEGIN:
            if opened is not None:
                found.append(Problem("markers", f"{where}: {build.BEGIN} inside the region opened "
                                                f"at line {opened} (regions do not nest)"))
            opened = number
        elif opened is None:
            found.append(Problem("markers", f"{where}: {build.END} without {build.BEGIN}"))
        else:
            crossed = [d for d in defs if opened < d.lineno < number and d.col_offset < indent(opened)]
            if crossed or indent(number) != indent(opened):
                found.append(Problem("markers", f"{where}: the region opened at line {opened} ends "
                                                "in another block (a region is the end of one function "
                                                "body, its markers indented alike)"))
            opened = None
    if opened is not None:
        found.append(Problem("markers", f"{path.name}:{opened}: {build.BEGIN} without a matching "
                                        f"{build.END}"))
    return found


def check_catalog(root: Path, topic: str, reference: str | None,
                  tests: set[str] | None) -> list[Problem]:
    path = catalog.catalog_file(topic, root)
    try:
        entries = catalog.load(topic, root)
    except catalog.CatalogError as exc:
        return [Problem("catalog", str(exc))]
    found = []
    for m in entries:
        if tests is not None and m.test not in tests:
            found.append(Problem("catalog", f"{m.label}: graders/test_{topic}.py has no test {m.test!r}"))
        if reference is None:
            continue
        try:
            module = m.apply(reference)
        except catalog.CatalogError as exc:
            found.append(Problem("catalog", str(exc)))
            continue
        try:
            ast.parse(module)
        except SyntaxError as exc:
            found.append(Problem("catalog", f"{m.label}: the mistaken module is not valid Python "
                                            f"(line {exc.lineno}: {exc.msg})"))
            continue
        if m.source is None and module == reference:
            found.append(Problem("catalog", f"{m.label}: the edits change nothing"))
    if not entries:
        found.append(Problem("catalog", f"{path.relative_to(root)}: no mistakes"))
    return found


def _parse(path: Path, kind: str, found: list[Problem]) -> tuple[str, ast.Module] | None:
    try:
        source = path.read_text()
        return source, ast.parse(source, str(path))
    except (OSError, SyntaxError, ValueError) as exc:
        found.append(Problem(kind, f"{path}: cannot be read as Python ({exc})"))
        return None


def check(root: Path | None = None) -> list[Problem]:
    """Every problem found in the kit at ``root`` (the repository by default)."""
    root = Path(root or paths.ROOT)
    try:
        topics = registry.load(root / "dlkit" / "topics.toml")
    except Exception as exc:  # a registry that does not read: nothing else can be checked
        return [Problem("registry", f"dlkit/topics.toml: {type(exc).__name__}: {exc}")]
    found: list[Problem] = []
    names = {t.name for t in topics}
    fresh_topics = []
    for topic in topics:
        files = topic_files(root, topic.name)
        for role, path in files.items():
            if not path.is_file():
                found.append(Problem("files", f"{topic.name}: no {role} ({path.relative_to(root)})"))
        if not topic.goals or not topic.title:
            found.append(Problem("registry", f"{topic.name}: no title or no goals"))
        solution = _parse(files["solution"], "markers", found) if files["solution"].is_file() else None
        grader = _parse(files["grader"], "points", found) if files["grader"].is_file() else None
        markers_ok = solution is not None
        if solution:
            source, tree = solution
            publics = public_names(tree)
            missing = [f for f in publics if not topic.hint_for(f)]
            if missing:
                found.append(Problem("hints", f"{topic.name}: no hint in the registry for "
                                              f"{', '.join(missing)}"))
            unknown = sorted(set(topic.hints) - set(publics))
            if unknown:
                found.append(Problem("hints", f"{topic.name}: hints for {', '.join(unknown)}, which "
                                              f"solutions/{topic.module_file} does not define"))
            marker_problems = check_markers(files["solution"], source, tree)
            found += marker_problems
            markers_ok = not marker_problems
        if grader:
            found += check_points(topic, files["grader"], grader[1])
        if files["catalog"].is_file():
            reference = files["solution"].read_text() if files["solution"].is_file() else None
            found += check_catalog(root, topic.name, reference,
                                   set(grader_tests(grader[1])) if grader else None)
        if markers_ok:
            fresh_topics.append(topic)
    found += _stray(root, names)
    try:
        for text in build.check(root, fresh_topics):
            found.append(Problem("generated", text))
    except (build.MarkerError, SyntaxError, OSError) as exc:
        found.append(Problem("generated", f"cannot generate the stubs and notebooks: {exc}"))
    return found
