"""``dlkit check``: a student's public self-checks, run by pytest in a
process of their own on the code the student works in (a ``.py``, a
notebook, or a folder of either), with one summary and no tracebacks.

Run by the command line (``dlkit check``) and by the notebook's check cells
(:mod:`dlkit.notebook_check`, as ``python -m dlkit.self_check``); it
imports nothing that builds or grades.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from dlkit import paths, public_checks, registry
from dlkit.submission import find_code, written_in


def run(topic: str | None = None, function: str | None = None, path: str | None = None,
        checks_folder: str | None = None) -> int:
    """Run the public checks (all topics', one topic's, or one function's)
    on ``path`` (default: the bundle's ``exercises/``); pytest's exit status."""
    checks = Path(checks_folder) if checks_folder else paths.PUBLIC_CHECKS
    if topic:
        t = registry.topic(topic)
        test_file = checks / f"test_{t.name}.py"
        if not test_file.exists():
            print(f"no public checks for {t.name} at {test_file}", file=sys.stderr)
            return 2
        targets = [str(test_file)]
        if function:
            by_function = public_checks.checks_by_function(t, checks)
            if function not in by_function:
                print(f"dlkit check: {public_checks.unknown_function_message(t, function)}",
                      file=sys.stderr)
                return 2
            targets = [f"{test_file}::{name}" for name in by_function[function]]
        topics = [t]
    else:
        topics = [t for t in registry.topics() if (checks / f"test_{t.name}.py").exists()]
        targets = [str(checks / f"test_{t.name}.py") for t in topics]
    submission = Path(path) if path else checks.parent
    if not submission.exists():
        print(f"dlkit check: {submission} does not exist", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dlkit-check-") as staging:
        submission = _named_for(submission, topics, Path(staging))
        for warning in _which_file_warnings(submission, topics, bundle_default=not path):
            print(warning, file=sys.stderr)
        # The dlkit summary says it all: no tracebacks, no short summary.
        cmd = [sys.executable, "-m", "pytest", *targets, "-q", "--no-header", "-p", "no:cacheprovider",
               "--tb=no", "-rN",
               "-o", "addopts=", "--rootdir", str(checks), "--submission", str(submission.resolve())]
        return subprocess.call(cmd)


def _named_for(path: Path, topics: list, staging: Path) -> Path:
    """``path`` itself, unless it is one topic's file under another name
    (a copy of a notebook, say): then a copy named ``<topic>.py``/``.ipynb``."""
    if not path.is_file() or len(topics) != 1 or path.stem == topics[0].name:
        return path
    if path.suffix not in (".py", ".ipynb"):
        return path
    copy = staging / f"{topics[0].name}{path.suffix}"
    copy.write_bytes(path.read_bytes())
    return copy


def _which_file_warnings(submission: Path, topics: list, bundle_default: bool) -> list[str]:
    """A warning per topic whose notebook holds code its checked ``.py`` does
    not: beside it in the folder checked, or, by default in a student bundle,
    in ``notebooks/`` beside ``exercises/``."""
    warnings = []
    notebooks = submission.parent / "notebooks"
    for t in topics:
        code = find_code(submission, t.name)
        if code is not None and code.other is not None:
            warnings.append(code.differs_warning())
        elif (bundle_default and code is not None and not code.is_notebook
              and (notebooks / f"{t.name}.ipynb").is_file()
              and written_in(notebooks / f"{t.name}.ipynb", code.path)):
            warnings.append(f"warning: notebooks/{t.name}.ipynb holds code that exercises/{t.name}.py "
                            f"does not; this checks exercises/{t.name}.py. To check the notebook: "
                            f"dlkit check {t.name} --path notebooks")
    return warnings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``dlkit check``'s arguments, here and in the command line."""
    parser.add_argument("topic", nargs="?", help="the topic (default: every topic)")
    parser.add_argument("function", nargs="?", help="only this function's checks")
    parser.add_argument("--path", help="your code: a folder holding <topic>.py or <topic>.ipynb, or one "
                                       "such file (default: exercises/); a folder holding both: the .py "
                                       "is checked")
    parser.add_argument("--checks", help="folder of the public checks (default: exercises/tests)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="dlkit check", description="Run the public self-checks.")
    add_arguments(p)
    args = p.parse_args(argv)
    try:
        return run(args.topic, args.function, args.path, args.checks)
    except KeyError as exc:  # unknown topic
        print(f"dlkit: {exc.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
