"""Render a grading report as a per-topic, per-test points table."""

from __future__ import annotations

import time


def _pts(x: float) -> str:
    return f"{x:g}"


def format_table(report: dict, verbose: bool = True, warn_unfenced: bool = True) -> str:
    lines = []
    for name, topic in report["topics"].items():
        lines.append(f"{name:<40} {_pts(topic['score']):>6} / {_pts(topic['max_score'])}")
        if topic.get("error"):
            first = topic["error"].splitlines()[0]
            lines.append(f"    error: {first}")
        for test in topic["tests"]:
            mark = "ok  " if test["passed"] else "FAIL"
            points = f"{_pts(test['points']):>5} / {_pts(test['max_points'])}"
            lines.append(f"  {mark} {test['name']:<48} {points}")
            if verbose and not test["passed"] and test["message"] and not topic.get("error"):
                for ln in test["message"].splitlines()[:8]:
                    lines.append(f"         {ln}")
    lines.append(f"{'total':<40} {_pts(report['score']):>6} / {_pts(report['max_score'])}")
    if warn_unfenced and not report.get("fenced", True):
        lines.append(UNFENCED)
    return "\n".join(lines)


UNFENCED = ("warning: NOT FENCED - student code ran without the sandbox (--sandbox off, or this "
            "machine allows no user namespaces): it could read the hidden graders and data and "
            "change files, so this grade cannot be trusted against a hostile submission")


def format_gradebook(book: dict) -> str:
    """One row per student: points per topic and the total."""
    topics = book["topics"]
    width = max([7] + [len(s) for s in book["students"]])
    head = f"{'student':<{width}}  " + "  ".join(f"{t[:12]:>12}" for t in topics) + "       total"
    rows = [head]
    for student, report in book["students"].items():
        cells = "  ".join(f"{_pts(report['topics'][t]['score']):>12}" for t in topics)
        rows.append(f"{student:<{width}}  {cells}  {_pts(report['score']):>5} / {_pts(report['max_score'])}")
    if any(not r.get("fenced", True) for r in book["students"].values()):
        rows.append(UNFENCED)
    return "\n".join(rows)


class Progress:
    """A progress bar on a terminal; one line per graded student otherwise."""

    WIDTH = 30

    def __init__(self, stream) -> None:
        self.stream, self.started = stream, time.monotonic()
        self.live = hasattr(stream, "isatty") and stream.isatty()

    def update(self, done: int, total: int, what: str, report: dict | None) -> None:
        elapsed = time.monotonic() - self.started
        score = f" {_pts(report['score'])}/{_pts(report['max_score'])}" if report else ""
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
