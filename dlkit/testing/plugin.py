"""The pytest plugin behind graders and public checks.

Loaded by ``graders/conftest.py`` and ``exercises/tests/conftest.py``.  It
gives each ``test_<topic>.py`` module a ``student`` proxy for that topic's
module in the submission, scores tests by their ``points`` marker (partial
credit through ``credit``), replaces tracebacks of student failures with
their message and a hint, and writes the JSON report
(:class:`dlkit.results.Report`).

Whose fault a failed test is: a :class:`StudentFailure` (and, in public
checks, a plain ``assert``) is the student's: status ``failed``.  Anything
else a hidden grader raises (its own ``assert`` included, and a
:class:`GraderError` for a worker killed from outside) is the kit's: the
test is run once more, and if that fails the same way too its status is
``grader_error``, with no points and a message that says it is not the
student's code.

Options (each with an environment fallback):
  --submission DIR        DLKIT_SUBMISSION   the submission to test
                          (default: the folder above the test file's folder)
  --grade-report FILE     DLKIT_GRADE_REPORT write the JSON report there
  --time-limit TOPIC=S    DLKIT_TIME_LIMITS  override a topic's time limit (CPU-seconds)
  --memory-limit TOPIC=MB DLKIT_MEMORY_LIMITS override a topic's memory limit
                          (both comma-separated in the environment)
  --sandbox off|on|auto   DLKIT_SANDBOX      workers in dlkit.sandbox.namespaces
                          (no network, read-only files, the kit's secret folders,
                          the grader secret and the dataset files hidden); auto:
                          where the machine allows it. Default off.
  --sandbox-hide DIR      DLKIT_SANDBOX_HIDE more folders to hide (os.pathsep-separated)
  --judge-per-topic                          run each topic's tests in a judge process
                          forked from this one (dlkit.testing.topic_process); the
                          grader process passes it

The limits and the sandbox become one :class:`dlkit.settings.GradingSettings`
by :func:`dlkit.settings.resolve`'s precedence: defaults (sandbox off) <
environment < command line.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from _pytest.runner import call_and_report

from dlkit import datasets, grader_secret, paths, registry, scratch
from dlkit.results import FAILED, GRADER_ERROR, PASSED, Report, TestResult, TopicResult
from dlkit.settings import SANDBOX_MODES, GradingSettings, from_environment, from_options, resolve
from dlkit.submission import find_code, module_text
from dlkit.testing.credit import Credit
from dlkit.testing.failures import GraderError, StudentFailure
from dlkit.testing.student import StudentModule

MODULE_PREFIX = "test_"


def pytest_addoption(parser) -> None:
    group = parser.getgroup("dlkit")
    group.addoption("--submission", default=os.environ.get("DLKIT_SUBMISSION"),
                    help="submission directory to check or grade")
    group.addoption("--grade-report", default=os.environ.get("DLKIT_GRADE_REPORT"),
                    help="write the per-topic, per-test JSON report here")
    # Limits and the sandbox: no defaults here; dlkit.settings.resolve
    # layers the environment and these options over the defaults.
    group.addoption("--time-limit", action="append", default=None,
                    metavar="TOPIC=SECONDS", help="override a topic's time limit (CPU-seconds)")
    group.addoption("--memory-limit", action="append", default=None,
                    metavar="TOPIC=MB", help="override a topic's memory limit")
    group.addoption("--sandbox", choices=SANDBOX_MODES, default=None,
                    help="run workers without network, on read-only files, with the kit's "
                         "secret folders hidden (auto: where the machine allows it; default off)")
    group.addoption("--sandbox-hide", action="append", default=None, metavar="DIR",
                    help="another folder the sandboxed workers must not see")
    group.addoption("--judge-per-topic", action="store_true", default=False,
                    help="run each topic's tests in a judge process of its own, forked from this one")


def settings_of(config) -> GradingSettings:
    """The run's settings: defaults (sandbox off) < environment < options."""
    options = from_options(time=config.getoption("time_limit"), memory=config.getoption("memory_limit"),
                           sandbox=config.getoption("sandbox"),
                           sandbox_hide=config.getoption("sandbox_hide"))
    try:
        return resolve(from_environment(), options, defaults=GradingSettings(sandbox="off"))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


def sandbox_hidden(mode: str, extra: list[str]) -> tuple[str, ...] | None:
    """The folders a sandboxed worker must not see, or None for no sandbox."""
    if mode == "off":
        return None
    if mode == "auto":
        from dlkit.sandbox import namespaces

        if not namespaces.available()[0]:
            return None
    # The grader secret's folder must exist now to be hidden from workers started before it is used.
    with contextlib.suppress(OSError):  # a read-only home: the secret comes from the environment
        grader_secret.secret_dir().mkdir(parents=True, exist_ok=True)
    secret = [paths.GRADERS, paths.SOLUTIONS, paths.ROOT / "tests", paths.ROOT / "course",
              grader_secret.secret_dir(), *datasets.data_folders(), *extra]
    return tuple(str(Path(p).resolve()) for p in secret if Path(p).is_dir())


def pytest_addhooks(pluginmanager) -> None:
    from dlkit.testing import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def public_checks(item) -> bool:
    """Whether ``item`` is a public self-check (its folder's conftest says so)."""
    return bool(item.ihook.pytest_dlkit_public_checks())


def judged(exc: BaseException, public: bool) -> bool:
    """Whether ``exc`` is a judgement of the student's code, not the kit's error.

    Public checks are the student's own: whatever fails there (a plain
    ``assert``, or an exception on a value the student's code returned) is
    theirs to fix, except a worker the kit lost."""
    if isinstance(exc, StudentFailure):
        return True
    return public and not isinstance(exc, GraderError)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "points(n): the points a test is worth")
    config._dlkit = Session(config)
    config.pluginmanager.register(config._dlkit, "dlkit-session")


def topic_of(module_path: Path) -> registry.Topic | None:
    stem = Path(module_path).stem
    if not stem.startswith(MODULE_PREFIX):
        return None
    try:
        return registry.topic(stem[len(MODULE_PREFIX):])
    except KeyError:
        return None


class Session:
    """Per-run state: one student proxy per topic, and the results."""

    def __init__(self, config) -> None:
        self.config = config
        self.students: dict[str, StudentModule] = {}
        self.results: dict[str, list[tuple[str, TestResult]]] = {}  # topic -> (node id, result)
        self.settings = settings_of(config)
        self.sandbox = sandbox_hidden(self.settings.sandbox, list(self.settings.sandbox_hide))
        self.order: list[tuple[registry.Topic, Path]] = []  # topics in run order, for launching ahead
        self.position: dict[str, int] = {}
        # Tests named one by one (file::test): a topic's points are not all at stake.
        self.selected = any("::" in str(arg) for arg in config.args)
        self.public = False  # the tests run are public self-checks (set as they run)
        # Each topic's tests run in a judge process (dlkit.testing.topic_process):
        # this process then never starts a worker or runs Keras itself.
        self.judges = bool(config.getoption("judge_per_topic"))
        self.judged: dict[str, tuple[str | None, str | None]] = {}  # topic -> (error, module), from its judge
        self.seconds: dict[str, float] = {}  # topic -> its tests' wall-clock time
        self.staging: Path | None = None  # notebooks' module cells, staged as modules

    # -- students ---------------------------------------------------------

    def submission_for(self, test_file: Path) -> Path:
        option = self.config.getoption("submission")
        return Path(option) if option else Path(test_file).resolve().parent.parent

    def student_for(self, topic: registry.Topic, test_file: Path) -> StudentModule:
        if topic.name not in self.students:
            submission = self.submission_for(test_file)
            code = find_code(submission, topic.name)
            module = code.path if code else None
            if code is not None and code.is_notebook:
                module = self._staged_notebook(topic, code.path)
            self.students[topic.name] = StudentModule(
                # Only the folder is resolved: a module that is itself a link
                # (to the kit's solution, say) must stay one, to be refused.
                topic, module.parent.resolve() / module.name if module else None, submission,
                cpu_seconds=self.settings.time.get(topic.name),
                memory_mb=self.settings.memory.get(topic.name), sandbox_hidden=self.sandbox)
        return self.students[topic.name]

    def _staged_notebook(self, topic: registry.Topic, notebook: Path) -> Path:
        """A notebook's module cells as ``<topic>.py`` in this run's own
        folder (never beside the notebook), for the worker to import."""
        if self.staging is None:
            self.staging = Path(scratch.mkdtemp(prefix="dlkit-notebooks-"))
        module = self.staging / topic.module_file
        module.write_text(module_text(notebook))
        return module

    # -- hooks ------------------------------------------------------------

    def pytest_sessionstart(self, session) -> None:
        # Grader files named on the command line are known before collection
        # (which imports TensorFlow here): launch the first topic's worker now.
        paths = [Path(arg.split("::")[0]) for arg in self.config.args]
        self._set_order((topic_of(p), p.resolve()) for p in paths if p.is_file())

    def pytest_collection_finish(self, session) -> None:
        if not self.order:  # a folder was named: the order is known only now
            self._set_order((topic_of(item.path), item.path) for item in session.items
                            if "student" in getattr(item, "fixturenames", ()))

    def _set_order(self, pairs) -> None:
        for topic, path in pairs:
            if topic is not None and topic.name not in self.position:
                self.position[topic.name] = len(self.order)
                self.order.append((topic, path))
        self._prestart(0)

    def _prestart(self, index: int) -> None:
        """Launch one topic's import ahead, so it overlaps with grading the
        one before; only one ahead, since two cores are all we may have."""
        if index == 0 and self.order:
            from dlkit.sandbox import supervisor

            supervisor.warm_up()  # the workers' template imports while this process collects
        if 0 <= index < len(self.order) and not self.judges:
            topic, path = self.order[index]
            self.student_for(topic, path).prestart()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        """With ``--judge-per-topic``, each topic's tests run in a judge process."""
        from dlkit.testing import topic_process

        if not self.judges or session.config.option.collectonly or not session.items:
            return None
        if session.testsfailed and not session.config.option.continue_on_collection_errors:
            return None  # pytest's own loop says why it stops
        if not topic_process.can_fork():
            self.judges = False  # Keras already ran here: the tests run in this process
            return None
        for path, tests in itertools.groupby(session.items, key=lambda item: item.path):
            group = list(tests)
            topic = topic_of(path)
            if topic is None:
                topic_process.run_in_order(group)
            else:
                cpu = topic.limits(self.settings.time.get(topic.name)).cpu_seconds
                topic_process.run(group, cpu, _lost_report, self._judged)
            if session.shouldfail:
                raise session.Failed(session.shouldfail)
            if session.shouldstop:
                raise session.Interrupted(session.shouldstop)
        return True

    def _judged(self, topic: str, error: str | None, module: str | None) -> None:
        self.judged[topic] = (error, module)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        """Run a topic's test; run it once more if it ended in a grader error
        (as pytest-rerunfailures does), and report only the last run."""
        if topic_of(item.path) is None:
            return None
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        item._dlkit_attempt = 1
        reports, again = _run_once(item, nextitem, may_retry=True)
        if again:
            item._dlkit_attempt = 2
            reports, _ = _run_once(item, nextitem, may_retry=False)
        for report in reports:
            item.ihook.pytest_runtest_logreport(report=report)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item) -> None:
        topic = topic_of(item.path)
        if topic is None:
            return
        if topic.name in self.students:
            self.students[topic.name].begin_test((item.nodeid, getattr(item, "_dlkit_attempt", 1)))
        if topic.name in self.position:
            self._prestart(self.position[topic.name] + 1)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        topic = topic_of(item.path)
        if topic is None or report.when not in ("setup", "call"):
            return
        self.public = self.public or public_checks(item)
        if report.when == "setup" and report.passed:
            return
        max_points = _points(item)
        funcargs = getattr(item, "funcargs", None) or {}
        credit = funcargs.get("credit")
        exc = call.excinfo.value if report.failed and call.excinfo is not None else None
        student = self.students.get(topic.name)
        status, message, fraction = PASSED, "", 1.0
        if report.passed and credit is not None and credit.failures:
            report.outcome = "failed"
            status, message, fraction = FAILED, credit.summary(), credit.fraction
        elif report.failed and (exc is None or judged(exc, public_checks(item))):
            status, message, fraction = FAILED, _failure_message(exc), 0.0
            if credit is not None and credit.total and exc is not None:
                # The failure outside the cases counts as one more failed case.
                fraction = credit.passed / (credit.total + 1)
                if credit.failures:
                    message = credit.summary()
            if student is not None and student.error:
                message = student.error  # the topic could not run; say why, once
            function = getattr(exc, "function", None) or (student.last_function if student else None)
            hint = topic.hint_for(function)
            if hint and "not implemented yet" not in message:
                message += f"\nhint: {hint}"
            report.longrepr = message  # a message, not a traceback wall
        elif report.failed:
            # The kit's error: the traceback stays in pytest's report (the grader's log).
            status, fraction = GRADER_ERROR, 0.0
            retried = getattr(item, "_dlkit_attempt", 1) > 1
            message = (f"grader error (not your code): {_error_text(exc)}\n"
                       + ("the kit could not check this test, on either of two runs; "
                          "no points were given for it: tell your instructor" if retried else
                          "the kit could not check this test"))
        points = round(max_points * fraction, 2)
        report.user_properties.append(("dlkit", {
            "topic": topic.name, "nodeid": item.nodeid,
            "result": TestResult(item.name, points, max_points, status, message)}))

    def pytest_runtest_logreport(self, report) -> None:
        topic = topic_of(Path(report.nodeid.split("::")[0]))
        if topic is not None:
            self.seconds[topic.name] = self.seconds.get(topic.name, 0.0) + (report.duration or 0.0)
        for key, value in report.user_properties:
            if key == "dlkit":
                tests = self.results.setdefault(value["topic"], [])
                tests[:] = [t for t in tests if t[0] != value["nodeid"]]
                tests.append((value["nodeid"], value["result"]))

    def pytest_sessionfinish(self, session) -> None:
        for student in self.students.values():
            student.close()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        path = self.config.getoption("grade_report")
        if path:
            Path(path).write_text(json.dumps(self.report().to_json(), indent=2))

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.results:
            return
        from dlkit.results_text import format_table
        terminalreporter.write_sep("=", "dlkit")
        # A student's own self-check (public checks) runs unfenced by design:
        # no warning there; the hidden graders' runs are warned about.
        terminalreporter.write_line(format_table(self.report(), warn_unfenced=not self.public))

    # -- report -----------------------------------------------------------

    def report(self) -> Report:
        topics = []
        for topic in registry.topics():
            # A topic none of whose tests ran (the session stopped first:
            # ``-x``, a keyboard interrupt) is not in the report: it was
            # not graded, not failed.  Every test that ran left a result.
            if topic.name not in self.results and topic.name not in self.judged:
                continue
            tests = [t for _, t in self.results.get(topic.name, [])]
            student = self.students.get(topic.name)
            error, module = self.judged.get(topic.name, (None, None))
            if student is not None:
                error = student.error
                module = str(student.module_path) if student.module_path else None
            declared = sum(t.max_points for t in tests)
            max_score = topic.points
            kit_error = False
            if tests and not any(t.max_points for t in tests):
                # Public checks carry no points: count passed checks instead.
                tests = [replace(t, max_points=1.0, points=float(t.passed)) for t in tests]
                max_score = len(tests)
            elif tests and abs(declared - topic.points) > 1e-9 and not self.selected:
                error = (f"grader misconfigured: tests are worth {declared} points, "
                         f"the registry says {topic.points}")
                kit_error = True
            topics.append(TopicResult.build(topic.name, max_score, tests, error, module, kit_error,
                                            self.seconds.get(topic.name, 0.0)))
        return Report.build(topics, fenced=self.sandbox is not None)


def _run_once(item, nextitem, may_retry: bool) -> tuple[list, bool]:
    """One run of ``item`` (pytest's runtestprotocol, unlogged): its reports,
    and whether it ended in a grader error to run again."""
    if hasattr(item, "_request") and not item._request:
        item._initrequest()  # a run again needs fresh function fixtures, as runtestprotocol does
    try:
        reports = [call_and_report(item, "setup", log=False)]
        if reports[0].passed:
            reports.append(call_and_report(item, "call", log=False))
        stopping = item.session.shouldfail or item.session.shouldstop
        again = may_retry and not stopping and any(_status(r) == GRADER_ERROR for r in reports)
        # Run again, the test must find its module's fixtures (the student's
        # worker) as they were: only its own are torn down (once per run:
        # pytest's logging plugin allows no second teardown).
        until = item.parent if again else (None if stopping else nextitem)
        reports.append(call_and_report(item, "teardown", log=False, nextitem=until))
    finally:
        if hasattr(item, "_request"):
            item._request = False
            item.funcargs = None
    return reports, again


def _lost_report(item, message: str):
    """The report of a test its judge process did not finish: the kit's error."""
    from _pytest.reports import TestReport

    topic = topic_of(item.path)
    points = _points(item)
    return [TestReport(item.nodeid, item.location, {}, "failed", message, "call", user_properties=[
        ("dlkit", {"topic": topic.name, "nodeid": item.nodeid,
                   "result": TestResult(item.name, 0.0, points, GRADER_ERROR, message)})])]


def _status(report) -> str | None:
    for key, value in report.user_properties:
        if key == "dlkit":
            return value["result"].status
    return None


def _points(item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 0.0


def _failure_message(exc: BaseException | None) -> str:
    """The student-facing message of a judged failure."""
    if exc is None:
        return "failed"
    if isinstance(exc, StudentFailure):
        return str(exc)
    if not isinstance(exc, AssertionError):
        return f"the check could not check the result ({type(exc).__name__}: {exc})"
    # Drop pytest's rewritten "assert ..." explanation; keep the message.
    text = str(exc).split("\nassert ")[0]
    return text if text and not text.startswith("assert ") else "a check failed: " + text


def _error_text(exc: BaseException | None) -> str:
    """What went wrong in the kit, in one line."""
    if exc is None:
        return "the test failed without an exception"
    if isinstance(exc, GraderError):
        return str(exc)
    text = str(exc).split("\n")[0]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@pytest.fixture(scope="module")
def student(request):
    topic = topic_of(request.path)
    if topic is None:
        raise pytest.UsageError(f"{request.path.name}: not a test_<topic>.py of a known topic")
    session: Session = request.config._dlkit
    proxy = session.student_for(topic, request.path)
    yield proxy
    proxy.close()


@pytest.fixture
def credit(request):
    return Credit(judges_assert=public_checks(request.node))
