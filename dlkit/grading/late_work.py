"""When each student handed each topic in, against its due date.

* Handed in: nbgrader's ``timestamp.txt``, which ``nbgrader collect`` (and
  the exchange's ``submit``) writes in each submitted assignment's folder
  (nowhere else is read).  A topic with
  no timestamp has no lateness (blank in the gradebook), not "on time".
* Due: ``--due`` (``DATETIME`` for every topic, or ``TOPIC=DATETIME``),
  else the assignment's due date in nbgrader's ``gradebook.db`` (``nbgrader
  db assignment add NAME --duedate=...``), the assignment being the folder
  the topic was handed in under (``submitted/<student>/<assignment>/``).
  Precedence: ``TOPIC=DATETIME``, then ``DATETIME``, then nbgrader's.

Times are read with nbgrader's own parser and compared in UTC; a time
without a zone is UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from dlkit import registry
from dlkit.submission import find_code

TIMESTAMP = "timestamp.txt"


def parse_time(text: str) -> datetime:
    """A naive UTC datetime from any form nbgrader accepts
    (``2026-12-01 17:00:00.123 UTC``, ISO 8601, ``2026-12-01T17:00+01:00``)."""
    from nbgrader.utils import parse_utc

    try:
        parsed = parse_utc(text.strip())
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date and time: {text!r}") from exc
    if parsed is None:
        raise ValueError(f"not a date and time: {text!r}")
    return parsed


def parse_due(values: Iterable[str] | None) -> tuple[datetime | None, dict[str, datetime]]:
    """``--due`` values: (the due date of every topic, per-topic due dates)."""
    every, per_topic = None, {}
    known = {t.name for t in registry.topics()}
    for value in values or ():
        topic, sep, when = value.partition("=")
        if not sep:
            every = parse_time(value)
        elif topic.strip() in known:
            per_topic[topic.strip()] = parse_time(when)
        else:
            raise ValueError(f"--due {value}: no topic {topic.strip()!r} "
                             f"(topics: {', '.join(sorted(known))})")
    return every, per_topic


def nbgrader_due_dates(course: Path) -> dict[str, datetime]:
    """Assignment name -> due date (UTC), from the course's ``gradebook.db``."""
    database = Path(course) / "gradebook.db"
    if not database.is_file():
        return {}
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{database}") as book:
        return {a.name: parse_time(str(a.duedate)) for a in book.assignments if a.duedate is not None}


def submitted_at(student_folder: Path, handed_in: Path) -> tuple[str | None, datetime | None]:
    """(the assignment folder, the time in its ``timestamp.txt``) for a file
    the student handed in.  Only where nbgrader writes it counts: the
    assignment folder (``submitted/<student>/<assignment>/``), or the
    student's folder in a flat layout; one a student planted beside their
    notebook, deeper down, is not read."""
    student_folder = Path(student_folder)
    relative = Path(handed_in).relative_to(student_folder)
    assignment = relative.parts[0] if len(relative.parts) > 1 else None
    stamp = student_folder / (assignment or "") / TIMESTAMP
    if not stamp.is_file() or stamp.is_symlink():
        return assignment, None
    try:
        return assignment, parse_time(stamp.read_text(errors="replace")[:200])
    except ValueError:
        return assignment, None  # nbgrader warns and ignores it too


def lateness(students: dict[str, Path], topics: list[registry.Topic], due_values: Iterable[str] | None,
             course: Path | None = None) -> dict[str, dict[str, float]]:
    """Student -> topic -> seconds late (0 when on time), for every topic
    handed in with a timestamp and a due date; empty without due dates."""
    every, per_topic = parse_due(due_values)
    by_assignment = nbgrader_due_dates(course) if course is not None else {}
    if every is None and not per_topic and not by_assignment:
        return {}
    late: dict[str, dict[str, float]] = {}
    for student, folder in students.items():
        for topic in topics:
            code = find_code(folder, topic.name)  # the file graded, as the plugin picks it
            if code is None:
                continue
            assignment, when = submitted_at(folder, code.path)
            due = per_topic.get(topic.name) or every or by_assignment.get(assignment or "")
            if when is not None and due is not None:
                late.setdefault(student, {})[topic.name] = max(0.0, (when - due).total_seconds())
    return late
