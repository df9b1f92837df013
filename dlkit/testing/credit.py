"""Partial credit inside one test: each ``with credit.case():`` block is one
case; the test earns its points times the fraction of cases that passed."""

from __future__ import annotations

from contextlib import contextmanager


class Credit:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    @contextmanager
    def case(self):
        try:
            yield
        except AssertionError as exc:  # StudentFailure included
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
