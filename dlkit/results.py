"""A grading report as typed records, and its one JSON form.

Built once, by the pytest plugin in the grader process
(:meth:`Report.build`), sent to the process that asked for it as JSON
(:meth:`Report.to_json`) and read back with :meth:`Report.from_json`; the
console table, the gradebook, nbgrader's bridge and the benchmarks read the
records.  This module imports nothing of the kit's, so that every part of it
can use it without an import cycle.

Each test's ``status`` is one of:

* ``passed``: full marks;
* ``failed``: the student's code was judged wrong (some or all points lost);
* ``grader_error``: the kit could not check the result (a grader's own
  exception, a worker killed from outside or that could not start), twice:
  no points, and not the student's fault.

A topic that could not be graded at all carries an ``error``; ``kit_error``
says whether that was the kit's fault (the grader process crashed or
overran, no grader, a misconfigured grader) rather than the student's (no
module, a module that does not import).  Each such topic counts as one
grader error.

The JSON form keeps ``passed`` (``status == "passed"``) beside ``status``, for
readers written before ``status`` existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASSED, FAILED, GRADER_ERROR = "passed", "failed", "grader_error"
STATUSES = (PASSED, FAILED, GRADER_ERROR)


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class, where a test module imports it

    name: str
    points: float
    max_points: float
    status: str
    message: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"TestResult({self.name!r}): status {self.status!r} is not one of {STATUSES}")

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def grader_error(self) -> bool:
        return self.status == GRADER_ERROR

    def to_json(self) -> dict:
        return {"name": self.name, "points": self.points, "max_points": self.max_points,
                "status": self.status, "passed": self.passed, "message": self.message}

    @classmethod
    def from_json(cls, data: dict) -> TestResult:
        # Results stored before ``status`` existed (a gradebook's results/) have only ``passed``.
        status = data.get("status") or (PASSED if data.get("passed") else FAILED)
        return cls(str(data["name"]), float(data["points"]), float(data["max_points"]), status,
                   str(data.get("message") or ""))


@dataclass(frozen=True)
class TopicResult:
    name: str
    score: float
    max_score: float
    error: str | None = None  # why the topic could not be graded, if it could not
    module: str | None = None  # the student's module that was graded
    tests: tuple[TestResult, ...] = ()
    kit_error: bool = False  # ``error`` is the kit's fault, not the student's
    seconds: float = 0.0  # wall-clock time its tests took (setup, call and teardown)

    @classmethod
    def build(cls, name: str, max_score: float, tests, error: str | None = None,
              module: str | None = None, kit_error: bool = False, seconds: float = 0.0) -> TopicResult:
        """The topic with its score summed from ``tests``."""
        tests = tuple(tests)
        return cls(name, round(sum(t.points for t in tests), 2), max_score, error, module, tests,
                   kit_error and error is not None, round(seconds, 2))

    @property
    def grader_errors(self) -> int:
        """Its tests the kit could not check, and the topic itself if the kit could not grade it."""
        return sum(t.grader_error for t in self.tests) + int(self.kit_error)

    def test(self, name: str) -> TestResult | None:
        return next((t for t in self.tests if t.name == name), None)

    def to_json(self) -> dict:
        return {"score": self.score, "max_score": self.max_score, "error": self.error,
                "kit_error": self.kit_error, "module": self.module, "seconds": self.seconds,
                "tests": [t.to_json() for t in self.tests]}

    @classmethod
    def from_json(cls, name: str, data: dict) -> TopicResult:
        return cls(name, float(data["score"]), float(data["max_score"]), data.get("error"),
                   data.get("module"), tuple(TestResult.from_json(t) for t in data.get("tests", [])),
                   bool(data.get("kit_error", False)), float(data.get("seconds", 0.0)))


@dataclass(frozen=True)
class Report:
    score: float
    max_score: float
    fenced: bool  # whether student code ran inside dlkit.sandbox.namespaces' fence
    topics: tuple[TopicResult, ...] = ()

    @classmethod
    def build(cls, topics, fenced: bool) -> Report:
        """The report with its totals summed from ``topics``."""
        topics = tuple(topics)
        return cls(round(sum(t.score for t in topics), 2), sum(t.max_score for t in topics),
                   fenced, topics)

    def topic(self, name: str) -> TopicResult:
        for t in self.topics:
            if t.name == name:
                return t
        raise KeyError(f"the report has no topic {name!r} (it has {[t.name for t in self.topics]})")

    @property
    def grader_errors(self) -> int:
        """How many tests (and whole topics) the kit could not check."""
        return sum(t.grader_errors for t in self.topics)

    def to_json(self) -> dict:
        return {"score": self.score, "max_score": self.max_score, "fenced": self.fenced,
                "topics": {t.name: t.to_json() for t in self.topics}}

    @classmethod
    def from_json(cls, data: dict) -> Report:
        return cls(float(data["score"]), float(data["max_score"]), bool(data.get("fenced", False)),
                   tuple(TopicResult.from_json(name, t) for name, t in data.get("topics", {}).items()))


@dataclass(frozen=True)
class Gradebook:
    """A class's reports (``gradebook.json``): one per student, in order."""
    topics: tuple[str, ...]
    max_score: float
    students: dict[str, Report]
    # student -> topic -> seconds past the due date (0: on time), where both
    # the hand-in time and the due date are known (dlkit.grading.late_work)
    lateness: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def grader_errors(self) -> int:
        return sum(r.grader_errors for r in self.students.values())

    def to_json(self) -> dict:
        return {"topics": list(self.topics), "max_score": self.max_score,
                "students": {s: r.to_json() for s, r in self.students.items()},
                "lateness": self.lateness}

    @classmethod
    def from_json(cls, data: dict) -> Gradebook:
        return cls(tuple(data["topics"]), float(data["max_score"]),
                   {s: Report.from_json(r) for s, r in data.get("students", {}).items()},
                   {s: {t: float(v) for t, v in late.items()}
                    for s, late in data.get("lateness", {}).items()})
