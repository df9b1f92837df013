"""A gradebook as a CSV a learning management system imports.

* ``canvas``: Canvas's gradebook import form: the columns ``Student``,
  ``ID``, ``SIS User ID``, ``SIS Login ID`` and ``Section``, then one column
  per topic (a new assignment on import, named ``<topic> (dlkit)``), and a
  ``Points Possible`` row under the header.  Canvas matches rows by ID or
  SIS id: the gradebook's student name (nbgrader's student id) goes into
  both SIS columns, so use the SIS login as nbgrader's student id.
* ``generic``: ``student``, one column per topic, ``total``,
  ``max_score``: what Moodle's and most other LMS's CSV import map by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

from dlkit.results import Gradebook

FORMS = ("canvas", "generic")
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def rows(book: Gradebook, form: str) -> list[list]:
    if form not in FORMS:
        raise ValueError(f"LMS form {form!r}: one of {', '.join(FORMS)}")
    topic_max = {}
    for report in book.students.values():
        for topic in report.topics:
            topic_max.setdefault(topic.name, topic.max_score)

    def scores(report):
        by_name = {t.name: t.score for t in report.topics}
        return [by_name.get(t, 0.0) for t in book.topics]

    if form == "canvas":
        table = [CANVAS_FIXED + [f"{t} (dlkit)" for t in book.topics],
                 ["Points Possible", "", "", "", ""] + [topic_max.get(t, "") for t in book.topics]]
        table += [[student, "", student, student, "", *scores(report)]
                  for student, report in book.students.items()]
        return table
    table = [["student", *book.topics, "total", "max_score"]]
    table += [[student, *scores(report), report.score, book.max_score]
              for student, report in book.students.items()]
    return table


def write(book: Gradebook, out: Path, form: str = "generic") -> Path:
    table = rows(book, form)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    return Path(out)
