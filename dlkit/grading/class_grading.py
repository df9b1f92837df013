"""Grade a whole course: every student's submission, into a gradebook that
survives interruption.

* Submissions: one sub-folder per student, or nbgrader's
  ``submitted/<student>/<assignment>/`` layout.  Each student's topic modules
  are found by file name below their folder; a topic handed in only as a
  notebook (``<topic>.ipynb``) is graded from its module cells, as nbgrader's
  autograder cells do.
* Every student's code is staged (copied) into a folder of its own, and the
  staged code's SHA-256, with a fingerprint of the graders and the registry,
  decides whether a stored result is still valid: an unchanged submission is
  not graded again.
* Results are written one student at a time (``results/<student>.json``,
  atomically) as their grading finishes, so a run that is killed loses only
  what was being graded; the next run picks up the rest.
* Grading runs locally in ``workers`` parallel grader processes, each taking
  the next student when done with one, or on a Dask cluster
  (``scheduler``), a few students per task; each with the same isolation and
  limits as ``dlkit grade``.
* ``gradebook.csv`` (one row per student: a column per topic, the total,
  whether the grading was fenced, and how many tests the kit could not check,
  ``grader_errors``) and ``gradebook.json`` (the per-test detail,
  :class:`dlkit.results.Gradebook`) are rewritten at the end.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dlkit import paths, registry
from dlkit.grading import late_work
from dlkit.grading.grader import grade_many, grader_file
from dlkit.results import Gradebook, Report
from dlkit.submission import SKIP_DIRS, find_code, module_text

CHUNK = 4  # students per Dask task: amortises its grader process's TensorFlow start-up


@dataclass(frozen=True)
class Submission:
    student: str
    folder: Path  # where the student's files are


def _students_below(folder: Path) -> list[Submission]:
    return [Submission(d.name, d) for d in sorted(folder.iterdir())
            if d.is_dir() and d.name not in SKIP_DIRS and not d.name.startswith(".")]


def find_submissions(path: Path) -> list[Submission]:
    """The students' submissions in ``path``: nbgrader's ``submitted/``
    folder (or the course folder holding it), else one sub-folder each."""
    path = Path(path)
    if (path / "submitted").is_dir():
        path = path / "submitted"
    return _students_below(path)


def course_folder(path: Path) -> Path | None:
    """nbgrader's course folder, where ``path`` is one or its ``submitted/``."""
    path = Path(path)
    if (path / "submitted").is_dir():
        return path
    return path.parent if path.name == "submitted" else None


def looks_like_a_course(path: Path, topics: list[registry.Topic]) -> bool:
    """True for a folder of students rather than one student's submission."""
    path = Path(path)
    if path.name == "submitted" or (path / "submitted").is_dir():
        return True
    if any((path / t.module_file).exists() for t in topics):
        return False
    with_code = [s for s in _students_below(path)
                 if any(_find_code(s.folder, t) for t in topics)]
    return len(with_code) >= 2


def _find_code(folder: Path, topic: registry.Topic) -> str | None:
    """The student's module source for ``topic``, as the plugin reads it:
    the ``.py`` file, or the module cells of ``<topic>.ipynb``."""
    code = find_code(folder, topic.name)
    return module_text(code.path) if code is not None else None


def stage(submission: Submission, topics: list[registry.Topic], into: Path) -> tuple[Path, str]:
    """Copy the student's topic modules into a folder of their own; returns
    it and the SHA-256 of what was staged."""
    folder = into / _safe(submission.student)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for topic in topics:
        code = _find_code(submission.folder, topic)
        if code is not None:
            (folder / topic.module_file).write_text(code)
            digest.update(f"{topic.name}\0{code}\0".encode())
    return folder, digest.hexdigest()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "_"


def kit_fingerprint(topics: list[registry.Topic], graders: Path | None = None) -> str:
    """Changes when a grader, a harness or the registry changes: results
    graded by another version of the kit are not reused."""
    digest = hashlib.sha256()
    files = [grader_file(t, graders) for t in topics]
    files += sorted((paths.ROOT / "dlkit" / "in_worker").glob("*.py"))
    files.append(paths.ROOT / "dlkit" / "topics.toml")
    for f in files:
        if f.exists():
            digest.update(f.read_bytes())
    return digest.hexdigest()


class Store:
    """``results/<student>.json``: one graded submission each."""

    def __init__(self, out: Path) -> None:
        self.folder = Path(out) / "results"
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, student: str) -> Path:
        return self.folder / f"{_safe(student)}.json"

    def get(self, student: str) -> dict | None:
        try:
            return json.loads(self.path(student).read_text())
        except (OSError, ValueError):
            return None

    def put(self, entry: dict) -> None:
        target = self.path(entry["student"])
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump(entry, fh, indent=1)
        os.replace(tmp, target)  # atomic: a killed run never leaves half a file


def grade_chunk(folders: list[str], topic_names: list[str], limits: dict,
                graders: str | None) -> list[Report]:
    """One grader process for a few students (a Dask task, or a local one)."""
    return grade_many([Path(f) for f in folders], topic_names, limits,
                              Path(graders) if graders else None)


@dataclass
class Job:
    student: str
    folder: Path
    digest: str


def handed_in_topics(submissions: list[Submission]) -> list[registry.Topic]:
    """The topics at least one student handed in (all of them if none did):
    a two-topic assignment is graded, and its gradebook counted, out of two."""
    topics = registry.topics()
    handed = [t for t in topics if any(_find_code(s.folder, t) is not None for s in submissions)]
    return handed or topics


def grade_course(path: Path, out: Path, topic_names: list[str] | None = None,
                 limits: dict | None = None, workers: int = 1, scheduler: str | None = None,
                 graders: Path | None = None,
                 progress: Callable[[int, int, str, Report | None], None] | None = None,
                 regrade: list[str] | None = None, due: list[str] | None = None) -> Gradebook:
    """Grade every submission below ``path`` into the gradebook in ``out``;
    returns the gradebook (also written as ``gradebook.json`` and ``.csv``).

    Without ``topic_names``, the topics graded are those handed in.  With
    ``regrade`` (student names), only those students are graded, even when
    their stored result is up to date; the others keep what is stored.
    ``due`` (``--due`` values) and nbgrader's due dates give each topic's
    lateness (:mod:`dlkit.grading.late_work`)."""
    submissions = find_submissions(path)
    late_work.parse_due(due)  # a wrong --due fails before anything is graded
    topics = registry.select(topic_names) if topic_names else handed_in_topics(submissions)
    names = [t.name for t in topics]
    if regrade:
        known = {s.student for s in submissions}
        unknown = sorted(set(regrade) - known)
        if unknown:
            raise ValueError(f"no submission from {', '.join(unknown)} in {path} "
                             f"(students: {', '.join(sorted(known)) or 'none'})")
    out = Path(out)
    store = Store(out)
    kit = kit_fingerprint(topics, graders)
    staging = out / "staged"
    if staging.exists():
        shutil.rmtree(staging)
    jobs, done = [], 0
    for sub in submissions:
        if regrade and sub.student not in regrade:
            done += 1
            continue
        old = store.get(sub.student)
        folder, digest = stage(sub, topics, staging)
        if (not regrade and old and old.get("digest") == digest and old.get("kit") == kit
                and old.get("topics") == names):
            done += 1
            continue
        jobs.append(Job(sub.student, folder, digest))
    total = len(submissions)
    if progress:
        progress(done, total, f"{done} not regraded (only {', '.join(regrade)})" if regrade
                 else f"{done} unchanged since the last run", None)
    # Sandboxed workers do not see the gradebook: other students' code and results.
    limits = dict(limits or {})
    limits["sandbox_hide"] = [*limits.get("sandbox_hide", []), str(out.resolve())]
    args = (names, limits, str(graders) if graders else None)

    def record(chunk: list[Job], reports: list[Report]) -> None:
        nonlocal done
        for job, report in zip(chunk, reports):
            store.put({"student": job.student, "digest": job.digest, "kit": kit, "topics": names,
                       "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "report": report.to_json()})
            done += 1
            if progress:
                progress(done, total, job.student, report)

    if scheduler:
        _run_on_dask(scheduler, jobs, args, record)
    else:
        _run_locally(max(1, workers), jobs, args, record)
    shutil.rmtree(staging, ignore_errors=True)
    late = late_work.lateness({s.student: s.folder for s in submissions}, topics, due, course_folder(path))
    return write_gradebook(out, [s.student for s in submissions], topics, store, late)


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """At most CHUNK students a Dask task, and work for every Dask worker."""
    size = max(1, min(CHUNK, -(-len(jobs) // max(1, workers))))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _run_locally(workers: int, jobs: list[Job], args: tuple, record) -> None:
    """``workers`` grader processes, each taking the next student as soon as
    it is done with one: no process waits while another has work queued."""
    names, limits, graders = args
    grade_many([job.folder for job in jobs], names, limits, Path(graders) if graders else None,
               workers=workers, on_report=lambda index, report: record([jobs[index]], [report]))


def _run_on_dask(address: str, jobs: list[Job], args: tuple, record) -> None:
    from distributed import Client, as_completed

    with Client(address) as client:
        chunks = _chunks(jobs, len(client.scheduler_info().get("workers", {})))
        futures = {client.submit(grade_chunk, [str(j.folder) for j in chunk], *args, pure=False): i
                   for i, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            record(chunks[futures[future]], future.result())


def write_gradebook(out: Path, students: list[str], topics: list[registry.Topic], store: Store,
                    lateness: dict[str, dict[str, float]] | None = None) -> Gradebook:
    """``gradebook.json`` and ``gradebook.csv``; the CSV has a
    ``<topic>_hours_late`` column per topic when any due date is known
    (blank where the hand-in time is not)."""
    reports = {}
    for student in students:
        entry = store.get(student)
        if entry is not None:
            reports[student] = Report.from_json(entry["report"])
    book = Gradebook(tuple(t.name for t in topics), sum(t.points for t in topics), reports,
                     {s: late for s, late in (lateness or {}).items() if s in reports})
    (out / "gradebook.json").write_text(json.dumps(book.to_json(), indent=1))
    late_columns = [f"{t}_hours_late" for t in book.topics] if book.lateness else []
    with open(out / "gradebook.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", *book.topics, "total", "max_score", "fenced", "grader_errors",
                         *late_columns])
        for student, report in book.students.items():
            late = book.lateness.get(student, {})
            hours = [round(late[t] / 3600, 2) if t in late else "" for t in book.topics]
            writer.writerow([student, *(report.topic(t).score for t in book.topics),
                             report.score, report.max_score,
                             "yes" if report.fenced else "NO", report.grader_errors,
                             *(hours if late_columns else [])])
    return book
