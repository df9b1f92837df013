"""The ``student`` proxy: a topic's module as the grader sees it.

Attribute access returns a function that runs in the topic's worker.  Every
way that call can go wrong becomes a :class:`StudentFailure` whose message
says what was called and what happened; a worker that died is started again
for the next test while the topic's time and restart budget last.  A worker
lost to the machine (killed from outside, or that could not start) is a
:class:`GraderError` instead: the kit's failure, not counted in that budget.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dlkit.registry import Topic
from dlkit.sandbox.supervisor import Outcome, Worker
from dlkit.testing.calls import describe_call
from dlkit.testing.failures import GraderError, StudentFailure

TRAINER = Path(__file__).with_name("trainer.py")


class StudentModule:
    def __init__(self, topic: Topic, module_path: Path | None, submission: Path,
                 cpu_seconds: float | None = None, memory_mb: float | None = None,
                 sandbox_hidden: tuple[str, ...] | None = None) -> None:
        self.topic, self.module_path, self.submission = topic, module_path, submission
        limits = topic.limits(cpu_seconds)
        if memory_mb is not None:
            limits = replace(limits, memory_mb=int(memory_mb))
        self.limits = replace(limits, sandbox_hidden=sandbox_hidden)
        self.error: str | None = None  # why the topic could not run at all
        self.last_call = ""
        self.last_function: str | None = None
        self._worker: Worker | None = None
        self._trainer: Worker | None = None  # the kit's recipe, where student code never ran
        self._trainer_ready = False  # its import is done
        self._test: str | None = None
        self._poisoned: str | None = None  # why later calls in this test are refused
        self._dead: str | None = None  # why later calls in this topic are refused
        self._imported = False  # the module was imported successfully at least once
        self._lost = 0  # worker starts lost to the machine, not counted against restarts
        if module_path is None:
            self.error = (f"no {topic.module_file} found in the submission ({submission}), "
                          f"nor {topic.name}.ipynb")
        elif Path(module_path).is_symlink():
            self.error = f"{topic.module_file} is a symbolic link; hand in the file itself"

    # -- called by the plugin ---------------------------------------------

    def begin_test(self, test_id) -> None:
        """A new test (or a run again of one: ``test_id`` differs) starts with no poisoned calls."""
        if test_id != self._test:
            self._test, self._poisoned = test_id, None

    def close(self) -> None:
        for worker in (self._worker, self._trainer):
            if worker is not None:
                worker.close()

    @property
    def output(self) -> str:
        return self._worker.output if self._worker else ""

    # -- what graders use -------------------------------------------------

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def call(self, function: str, *args, **kwargs):
        return self._run(function, function, args, kwargs)

    def harness(self, target: str, *args, label: str, **kwargs):
        """Run kit code (``dlkit.module:function``) inside the worker with the
        student's module as its first argument; ``label`` names the
        student function it exercises, for messages and hints."""
        # call_and_return("train_cnn", model, ...) reads as train_cnn(model, ...)
        shown = args[1:] if args and isinstance(args[0], str) and args[0] == label else args
        return self._run(f"harness:{target}", label, args, kwargs, shown)

    def train(self, model, x, y, *, label: str, **kwargs):
        """Train ``model`` (a model record the student's code built) with the
        kit's fixed recipe (:func:`dlkit.testing.trainer.fit`) in a trainer
        process of this topic's own, which never imports the student's
        module; ``(trained model record, history record)``.  The training
        time counts against the topic's time limit, as the student's calls do."""
        self.last_function = label
        self.last_call = describe_call(label, (model, x, y), kwargs)
        refusal = self.error or self._dead or self._poisoned
        if refusal:
            raise StudentFailure(refusal, label)
        if self._trainer is None:
            self._trainer = Worker("dlkit_trainer", str(TRAINER), self.limits)
        if not (self._trainer_ready and self._trainer.alive):
            started = self._trainer.start()  # waits for an import launched ahead
            if not started.ok:
                raise GraderError(f"the kit's trainer process could not start: {started.message}")
            self._trainer_ready = True
        left = self._worker.cpu_left() if self._worker is not None else self.limits.cpu_seconds
        if left <= 0:
            self._dead = (f"the topic's time limit of {self.limits.cpu_seconds:.0f} CPU-seconds was used up "
                          "before this test could run")
            raise StudentFailure(self._dead, label)
        outcome = self._trainer.call("fit", (model, x, y), kwargs,
                                     seconds=min(self.limits.call_cpu_seconds, left),
                                     description=f"training with the kit's recipe ({self.last_call})")
        if self._worker is not None:
            self._worker.charge(outcome.seconds)
        return self._value_or_raise(outcome, label)

    def _run(self, target: str, function: str, args, kwargs, shown=None):
        self.last_function = function
        self.last_call = describe_call(function, args if shown is None else shown, kwargs)
        refusal = self.error or self._dead or self._poisoned
        if refusal:
            raise StudentFailure(refusal, function)
        self._ensure_worker(function)
        outcome = self._worker.call(target, args, kwargs, description=f"running {self.last_call}")
        return self._value_or_raise(outcome, function)

    def prestart(self) -> None:
        """Launch the worker's import now, to overlap with other work."""
        if self.error is None and self._worker is None:
            self._worker = Worker(self.topic.name, str(self.module_path), self.limits)
            self._worker.launch()

    def _launch_trainer(self) -> None:
        """Start the kit's trainer's import without waiting, once this topic
        runs (not when it is launched ahead: fewer TensorFlow processes at once)."""
        if self.topic.kit_trains and self._trainer is None:
            self._trainer = Worker("dlkit_trainer", str(TRAINER), self.limits)
            self._trainer.launch()

    def _ensure_worker(self, function: str) -> None:
        self._launch_trainer()
        if self._worker is None:
            self._worker = Worker(self.topic.name, str(self.module_path), self.limits)
        elif self._worker.alive and self._imported:
            return
        elif self._imported and self._worker.starts - self._lost > self.limits.restarts:
            self._dead = (f"the worker crashed {self._worker.starts} times; "
                          "the remaining tests of this topic were not run")
            raise StudentFailure(self._dead, function)
        outcome = self._worker.start()
        if outcome.status == "lost":
            self._lost += 1
            raise GraderError(outcome.message)
        if not outcome.ok:
            message = _import_message(outcome, self.module_path)
            if not self._imported:
                self.error = message
            else:
                self._dead = message
            raise StudentFailure(message, function)
        self._imported = True

    def _value_or_raise(self, outcome: Outcome, function: str):
        if outcome.ok:
            return outcome.value
        call = self.last_call
        if outcome.status == "lost":
            if self._worker is not None and not self._worker.alive:
                self._lost += 1  # its restart is the kit's to pay, not the topic's budget
            raise GraderError(f"called {call}\n  {outcome.message}")
        if outcome.status == "raised":
            if outcome.value == "NotImplementedError":
                raise StudentFailure(f"{function} is not implemented yet (it raises "
                                     "NotImplementedError)", function)
            trace = "\n".join("    " + line for line in outcome.traceback.strip().splitlines())
            raise StudentFailure(f"called {call}\n  it raised {outcome.message}"
                                 + (f"\n  where:\n{trace}" if trace else ""), function)
        if outcome.status == "exit":
            raise StudentFailure(f"called {call}\n  it {outcome.message.split(' while ')[0]}; "
                                 "a function must return its result, not exit", function)
        if outcome.status == "budget":
            self._dead = outcome.message
        elif outcome.status == "timeout":
            self._poisoned = f"skipped: an earlier call in this test timed out ({call})"
        raise StudentFailure(outcome.message, function)


def _import_message(outcome: Outcome, path: Path | None) -> str:
    name = path.name if path else "the module"
    if outcome.status == "exit":
        return f"importing {name} {outcome.message.split(' while ')[0]}; remove the exit call"
    if outcome.status == "raised":
        trace = outcome.traceback.strip()
        return outcome.message + (f"\n{trace}" if trace else "")
    return outcome.message
