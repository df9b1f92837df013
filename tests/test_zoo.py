"""A zoo of independent valid solutions: each gets full marks from the
hidden grader and passes the public checks.

Every ``tests/zoo/<topic>/<style>.py`` is a whole module for its topic,
written from the stub and the course notes (not from the reference), in a
style of its own: the first line of its docstring says which.  A grader that
rejects one of them grades form, or a seed's luck, instead of behaviour.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import TOPICS, grade
from test_public_checks import run_checks, sections

from dlkit import registry

ZOO = Path(__file__).parent / "zoo"


def zoo(topic: str) -> list[Path]:
    return sorted((ZOO / topic).glob("*.py")) if (ZOO / topic).is_dir() else []


ENTRIES = [(t, p.stem) for t in TOPICS for p in zoo(t)]


def _param(topic: str, style: str):
    marks = [pytest.mark.slow] if registry.topic(topic).slow else []
    return pytest.param(topic, style, marks=marks, id=f"{topic}-{style}")


class ZooReports:
    """Grades every zoo entry of a speed class in one batch, the first time
    one is asked for (so a deselected class never trains): one submission
    folder per style index, holding that style of every topic."""

    def __init__(self, root: Path) -> None:
        self.root, self.graded, self.checked = root, {}, {}

    def _folders(self, slow: bool) -> dict[Path, list[tuple[str, str]]]:
        folders: dict[Path, list[tuple[str, str]]] = {}
        for topic in TOPICS:
            if registry.topic(topic).slow != slow:
                continue
            for index, path in enumerate(zoo(topic)):
                folder = self.root / ("slow" if slow else "quick") / f"style{index}"
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, folder / f"{topic}.py")
                folders.setdefault(folder, []).append((topic, path.stem))
        return folders

    def _fill(self, slow: bool) -> None:
        folders = self._folders(slow)
        for entries, report in zip(folders.values(), grade(list(folders), workers=2)):
            for topic, style in entries:
                self.graded[(topic, style)] = report.topic(topic)
        # Two checks at a time: each `dlkit check` is a process of its own.
        with ThreadPoolExecutor(max_workers=2) as pool:
            outputs = list(pool.map(lambda f: run_checks("--path", str(f)).stdout, folders))
        for entries, stdout in zip(folders.values(), outputs):
            out = sections(stdout)
            for topic, style in entries:
                self.checked[(topic, style)] = out.get(topic)

    def get(self, topic: str, style: str):
        if (topic, style) not in self.graded:
            self._fill(registry.topic(topic).slow)
        return self.graded[(topic, style)], self.checked[(topic, style)]


@pytest.fixture(scope="module")
def zoo_reports(tmp_path_factory):
    return ZooReports(tmp_path_factory.mktemp("zoo"))


@pytest.mark.timeout(2400)
@pytest.mark.parametrize("topic, style", [_param(t, s) for t, s in ENTRIES])
def test_zoo_solution_gets_full_marks_and_passes_public_checks(zoo_reports, topic, style):
    graded, checked = zoo_reports.get(topic, style)
    failing = [(t.name, t.status, t.message) for t in graded.tests if not t.passed]
    assert graded.error is None and not failing, (graded.error, failing)
    assert graded.tests and graded.score == graded.max_score
    assert checked is not None, f"dlkit check printed no section for {topic}"
    score, maximum, lines = checked
    assert score == maximum, lines


def test_every_zoo_entry_is_a_topic_module_with_a_style_line():
    for topic, style in ENTRIES:
        text = (ZOO / topic / f"{style}.py").read_text()
        assert text.startswith('"""'), f"{topic}/{style}.py: start with a docstring naming its style"
    assert {p.name for p in ZOO.iterdir() if p.is_dir()} <= set(TOPICS) if ZOO.exists() else True
