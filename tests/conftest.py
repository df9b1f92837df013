"""Helpers shared by the kit's own tests."""

from __future__ import annotations

import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dlkit import build, paths, registry
from dlkit.grading.grader import Grader, grade_many

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
    """Reports for ``submissions``, in order.  With ``workers`` > 1 that many
    grader processes, each with its share of the cores (as ``dlkit grade
    --workers`` does), take the next submission as soon as they are free:
    a big batch then uses every core of CI's machine instead of one."""
    submissions = list(submissions)
    if workers <= 1 or len(submissions) <= 1:
        return grade_many(submissions, topics, limits, None, submission_limits)
    shared = dict(limits or {})
    shared.setdefault("threads", max(1, (os.cpu_count() or 1) // workers))
    overrides = submission_limits or [{} for _ in submissions]
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(submissions)):
        todo.put(index)
    reports: list = [None] * len(submissions)
    stop = threading.Event()

    def serve() -> None:
        with Grader(topics, shared) as grader:
            while not stop.is_set():
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                reports[index] = grader.grade(Path(submissions[index]), overrides[index])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(serve) for _ in range(min(workers, len(submissions)))]
        try:
            for future in futures:
                future.result()
        finally:
            stop.set()  # interrupted (a test's timeout, Ctrl-C): take no further submission
    return reports


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
