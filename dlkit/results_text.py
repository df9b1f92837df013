"""Render a grading report as a per-topic, per-test points table."""

from __future__ import annotations

import time

from dlkit.results import Report

MARKS = {"passed": "ok  ", "failed": "FAIL", "grader_error": "GRADER ERROR"}


def _pts(x: float) -> str:
    return f"{x:g}"


def format_table(report: Report, verbose: bool = True, warn_unfenced: bool = True) -> str:
    lines = []
    for topic in report.topics:
        lines.append(f"{topic.name:<40} {_pts(topic.score):>6} / {_pts(topic.max_score)}")
        if topic.error:
            first = topic.error.splitlines()[0]
            lines.append(f"    {'GRADER ERROR (not your code)' if topic.kit_error else 'error'}: {first}")
        for test in topic.tests:
            points = f"{_pts(test.points):>5} / {_pts(test.max_points)}"
            lines.append(f"  {MARKS[test.status]:<4} {test.name:<48} {points}")
            # A grader error's message is shown even when quiet: it is the instructor's to act on.
            shown = test.grader_error or (verbose and not test.passed and not topic.error)
            if shown and test.message:
                for ln in test.message.splitlines()[:8]:
                    lines.append(f"         {ln}")
    lines.append(f"{'total':<40} {_pts(report.score):>6} / {_pts(report.max_score)}")
    if report.grader_errors:
        lines.append(grader_errors_line(report.grader_errors))
    if warn_unfenced and not report.fenced:
        lines.append(UNFENCED)
    return "\n".join(lines)


def grader_errors_line(count: int, students: int | None = None) -> str:
    """The warning that the kit, not the students, failed ``count`` tests."""
    who = f" (for {students} student{'s' * (students != 1)})" if students is not None else ""
    return (f"warning: {count} grader error{'s' * (count != 1)}{who}: the kit could not check "
            f"{'these tests' if count != 1 else 'this test'} (twice), which scored 0 but are not the "
            "student's fault; see the grader's messages and grade again")


UNFENCED = ("warning: NOT FENCED - student code ran without the sandbox (--sandbox off, or this "
            "machine allows no user namespaces): it could read the hidden graders and data and "
            "change files, so this grade cannot be trusted against a hostile submission")


def format_gradebook(book: dict[str, Report], topics: list[str]) -> str:
    """One row per student: points per topic, the total, and the tests the
    kit could not check."""
    width = max([7] + [len(s) for s in book])
    head = (f"{'student':<{width}}  " + "  ".join(f"{t[:12]:>12}" for t in topics)
            + "       total  grader errors")
    rows = [head]
    for student, report in book.items():
        cells = "  ".join(f"{_pts(report.topic(t).score):>12}" for t in topics)
        rows.append(f"{student:<{width}}  {cells}  {_pts(report.score):>5} / {_pts(report.max_score)}"
                    f"  {report.grader_errors:>13}")
    errors = sum(r.grader_errors for r in book.values())
    if errors:
        rows.append(grader_errors_line(errors, sum(bool(r.grader_errors) for r in book.values())))
    if any(not r.fenced for r in book.values()):
        rows.append(UNFENCED)
    return "\n".join(rows)


class Progress:
    """A progress bar on a terminal; one line per graded student otherwise."""

    WIDTH = 30

    def __init__(self, stream) -> None:
        self.stream, self.started = stream, time.monotonic()
        self.live = hasattr(stream, "isatty") and stream.isatty()

    def update(self, done: int, total: int, what: str, report: Report | None) -> None:
        elapsed = time.monotonic() - self.started
        score = f" {_pts(report.score)}/{_pts(report.max_score)}" if report else ""
        if report and report.grader_errors:
            score += f" ({report.grader_errors} grader error{'s' * (report.grader_errors != 1)})"
        if self.live:
            filled = self.WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {elapsed:6.1f} s  {what[:30]}{score}\033[K")
        else:
            self.stream.write(f"[{done}/{total}] {elapsed:.1f} s {what}{score}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
