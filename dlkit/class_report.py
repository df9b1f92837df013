"""A class at a glance: one self-contained HTML page from a gradebook.

:func:`summarise` reads a :class:`dlkit.results.Gradebook` into plain
figures (score distributions, per-test pass rates, the named mistakes ranked
by how many students made them, grader errors and timeouts, grading times,
lateness); :func:`render` draws the figures with matplotlib (embedded as
PNG data) and fills the Jinja2 template ``templates/class_report.html.j2``.
Nothing here grades or imports TensorFlow.
"""

from __future__ import annotations

import base64
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dlkit.results import GRADER_ERROR, PASSED, Gradebook

TEMPLATE = "class_report.html.j2"
# Words of a message that say a limit stopped the student's code.
TIMEOUT_WORDS = ("time limit", "wall-clock backstop", "did not finish")


@dataclass(frozen=True)
class TestRate:
    __test__ = False  # not a pytest class

    topic: str
    test: str
    passed: int
    failed: int
    grader_errors: int

    @property
    def graded(self) -> int:
        return self.passed + self.failed + self.grader_errors

    @property
    def rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


@dataclass(frozen=True)
class Mistake:
    topic: str
    text: str  # what the grader's "mistake:" line says
    tests: tuple[str, ...]  # the tests that named it
    students: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    student: str
    topic: str
    test: str  # "" for the whole topic
    kind: str  # "grader error" or "time limit"
    message: str  # its first line


@dataclass(frozen=True)
class ClassSummary:
    topics: tuple[str, ...]
    max_score: float
    topic_max: dict[str, float]
    totals: dict[str, float]  # student -> total
    topic_scores: dict[str, dict[str, float]]  # topic -> student -> score (students who handed it in)
    rates: tuple[TestRate, ...]
    mistakes: tuple[Mistake, ...]  # most students first
    problems: tuple[Problem, ...]
    seconds: dict[str, dict[str, float]]  # topic -> student -> grading seconds
    lateness: dict[str, dict[str, float]] = field(default_factory=dict)  # student -> topic -> seconds

    @property
    def students(self) -> int:
        return len(self.totals)

    def median_total(self) -> float:
        return statistics.median(self.totals.values()) if self.totals else 0.0


def mistake_lines(message: str) -> list[str]:
    """The known mistakes a failure message names ("mistake: ..." and the
    "or: ..." alternatives under it)."""
    found, previous = [], False
    for line in message.splitlines():
        text = line.strip()
        if text.startswith("mistake:"):
            found.append(text[len("mistake:"):].strip())
            previous = True
        elif previous and text.startswith("or:"):
            found.append(text[len("or:"):].strip())
        else:
            previous = False
    return found


def summarise(book: Gradebook) -> ClassSummary:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    made: dict[tuple[str, str], set[str]] = defaultdict(set)
    naming: dict[tuple[str, str], set[str]] = defaultdict(set)
    problems, topic_max = [], {}
    topic_scores: dict[str, dict[str, float]] = {t: {} for t in book.topics}
    seconds: dict[str, dict[str, float]] = {t: {} for t in book.topics}
    for student, report in book.students.items():
        for topic in report.topics:
            if topic.name not in topic_scores:
                continue
            topic_max[topic.name] = topic.max_score
            if topic.module is None:
                continue  # not handed in: no score to spread, no test to count
            topic_scores[topic.name][student] = topic.score
            if topic.seconds:
                seconds[topic.name][student] = topic.seconds
            if topic.kit_error:
                problems.append(Problem(student, topic.name, "", "grader error",
                                        (topic.error or "").splitlines()[0] if topic.error else ""))
            for test in topic.tests:
                counts[(topic.name, test.name)][test.status] += 1
                first = test.message.strip().splitlines()[0] if test.message.strip() else ""
                if test.status == GRADER_ERROR:
                    problems.append(Problem(student, topic.name, test.name, "grader error", first))
                elif test.status != PASSED:
                    if any(w in test.message for w in TIMEOUT_WORDS):
                        line = next((ln.strip() for ln in test.message.splitlines()
                                     if any(w in ln for w in TIMEOUT_WORDS)), first)
                        problems.append(Problem(student, topic.name, test.name, "time limit", line))
                    for text in mistake_lines(test.message):
                        made[(topic.name, text)].add(student)
                        naming[(topic.name, text)].add(test.name)
    order = {t: i for i, t in enumerate(book.topics)}
    rates = tuple(TestRate(topic, test, c[PASSED], c["failed"], c[GRADER_ERROR])
                  for (topic, test), c in sorted(counts.items(), key=lambda kv: order[kv[0][0]]))
    mistakes = tuple(sorted((Mistake(topic, text, tuple(sorted(naming[(topic, text)])), tuple(sorted(who)))
                             for (topic, text), who in made.items()),
                            key=lambda m: (-len(m.students), order[m.topic], m.text)))
    return ClassSummary(tuple(book.topics), book.max_score, topic_max,
                        {s: r.score for s, r in book.students.items()}, topic_scores, rates, mistakes,
                        tuple(problems), seconds, dict(book.lateness))


# -- drawing ------------------------------------------------------------------------------

def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def figures(summary: ClassSummary) -> dict[str, str]:
    """Figure name -> PNG data URL."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    drawn = {}
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(list(summary.totals.values()), bins=min(20, max(5, summary.students)),
            range=(0, summary.max_score or 1), color="#4a7ab5", edgecolor="white")
    ax.set_xlabel(f"total score (out of {summary.max_score:g})")
    ax.set_ylabel("students")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title("Total scores")
    drawn["totals"] = _png(fig)

    topics = [t for t in summary.topics if summary.topic_scores.get(t)]
    if topics:
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(topics) + 1.2))
        data = [[100 * s / (summary.topic_max.get(t) or 1) for s in summary.topic_scores[t].values()]
                for t in topics]
        ax.boxplot(data, orientation="horizontal", tick_labels=topics, widths=0.6)
        ax.set_xlim(-5, 105)
        ax.invert_yaxis()
        ax.set_xlabel("score, % of the topic's points")
        ax.set_title("Scores per topic")
        drawn["topics"] = _png(fig)

    if summary.rates:
        rates = list(summary.rates)
        fig, ax = plt.subplots(figsize=(7, 0.28 * len(rates) + 1.2))
        ax.barh(range(len(rates)), [100 * r.rate for r in rates], color="#5b9e5b")
        ax.set_yticks(range(len(rates)), [f"{r.topic}: {r.test}" for r in rates], fontsize=7)
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        ax.set_xlabel("students who passed, %")
        ax.set_title("Pass rate per test")
        drawn["rates"] = _png(fig)

    timed = [t for t in summary.topics if summary.seconds.get(t)]
    if timed:
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(timed) + 1.2))
        ax.boxplot([list(summary.seconds[t].values()) for t in timed], orientation="horizontal",
                   tick_labels=timed, widths=0.6)
        ax.invert_yaxis()
        ax.set_xlabel("seconds to grade")
        ax.set_title("Grading time per topic")
        drawn["seconds"] = _png(fig)
    return drawn


def render(book: Gradebook, title: str = "Class report") -> str:
    """The whole page: HTML with its figures, styles and script inline."""
    import jinja2

    summary = summarise(book)
    env = jinja2.Environment(loader=jinja2.PackageLoader("dlkit", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]),
                             trim_blocks=True, lstrip_blocks=True)
    slowest = sorted(((sec, student, topic) for topic, by in summary.seconds.items()
                      for student, sec in by.items()), reverse=True)[:20]
    return env.get_template(TEMPLATE).render(
        title=title, s=summary, figures=figures(summary), slowest=slowest,
        mean_total=statistics.fmean(summary.totals.values()) if summary.totals else 0.0)


def load(path: Path) -> Gradebook:
    """A gradebook folder (its ``gradebook.json``) or the JSON file itself."""
    import json

    path = Path(path)
    if path.is_dir():
        path = path / "gradebook.json"
    return Gradebook.from_json(json.loads(path.read_text()))
