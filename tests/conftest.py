"""Helpers shared by the kit's own tests."""

from __future__ import annotations

from pathlib import Path

from dlkit import build, paths, registry
from dlkit.grading.grader import grade_many

ROOT = paths.ROOT
MISTAKES = Path(__file__).parent / "mistakes"  # <topic>.toml: see dlkit/catalog.py
HOSTILE = Path(__file__).parent / "hostile"
TOPICS = [t.name for t in registry.topics()]


def reference_source(topic: str) -> str:
    return (paths.SOLUTIONS / f"{topic}.py").read_text()


def stub_source(topic: str) -> str:
    return build.make_stub(reference_source(topic))


def make_submission(folder: Path, modules: dict[str, str]) -> Path:
    """A submission folder holding ``<topic>.py`` for each topic given."""
    folder.mkdir(parents=True, exist_ok=True)
    for topic, source in modules.items():
        (folder / f"{topic}.py").write_text(source)
    return folder


def stand_in_graders(folder: Path, topic: str, source: str) -> Path:
    """A graders folder holding ``test_<topic>.py`` with ``source``: a
    stand-in grader for testing the grading machinery itself."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"test_{topic}.py").write_text(source)
    return folder


def grade(submissions, topics=None, limits=None, submission_limits=None, workers=1):
    """Reports for ``submissions``, in order; with ``workers`` > 1 that many
    grader processes share them (as ``dlkit grade --workers`` does), so a
    big batch uses every core of CI's machine instead of one."""
    return grade_many(list(submissions), topics, limits, None, submission_limits, workers=workers)


def code_lines(text: str) -> list[str]:
    """A text's lines of code, stripped: no blank lines, no comments."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def solution_regions(text: str) -> list[list[str]]:
    """The code lines between each pair of solution markers, one list per region."""
    regions, current = [], None
    for line in text.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            current = []
        elif line.strip() == "### END SOLUTION":
            regions.append(code_lines("\n".join(current)))
            current = None
        elif current is not None:
            current.append(line)
    return regions
