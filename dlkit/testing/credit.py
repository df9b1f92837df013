"""Partial credit inside one test: each ``with credit.case():`` block is one
case; the test earns its points times the fraction of cases that passed.

A case fails on a :class:`StudentFailure` (and, in public checks, a plain
``assert``); any other exception is the grader's error and ends the test."""

from __future__ import annotations

from contextlib import contextmanager

from dlkit.testing.failures import StudentFailure


class Credit:
    def __init__(self, judges_assert: bool = False) -> None:
        self.passed = 0
        self.failures: list[str] = []
        self.judges_assert = judges_assert  # public checks: a plain assert is a failed case

    @contextmanager
    def case(self):
        try:
            yield
        except AssertionError as exc:
            if not (isinstance(exc, StudentFailure) or self.judges_assert):
                raise  # a grader's own self-check: not a failed case of the student's
            self.failures.append(str(exc))
        else:
            self.passed += 1

    @property
    def total(self) -> int:
        return self.passed + len(self.failures)

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def summary(self) -> str:
        first = self.failures[0]
        return f"{len(self.failures)} of {self.total} cases failed; the first:\n{first}"
