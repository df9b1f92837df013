"""Grading a course: one full submission, throughput at 1 and 2 workers,
and the same work through ``nbgrader autograde``.

    .venv/bin/python benchmarks/grade_course.py [--students 50] [--topics a,b] [--workers 1,2]
                                                [--threads N] [--skip-single] [--skip-nbgrader]
                                                [--nbgrader-times FILE]

* one full submission of every topic (the reference): wall time and the peak
  proportional memory of the whole process tree (grader process and workers),
  polled every 50 ms;
* ``--students`` copies of a class (the reference, the stubs and catalog
  mistakes in turn) graded with ``dlkit grade --workers 1`` and ``--workers 2``;
* the same class as nbgrader notebooks, through ``nbgrader autograde``, one
  assignment (topic) at a time; ``--nbgrader-times FILE`` keeps each topic's
  time, so that a class that takes nbgrader hours can be timed over several
  sittings (``--workers ''`` skips the dlkit runs).

Results are recorded in the README's "Measured" section.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dlkit import catalog, notebooks, paths, registry
from dlkit.processes import descendants, proportional_bytes
from dlkit.results import Gradebook
from dlkit.submission import module_source


def measure(command: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, int, float]:
    """Wall seconds, peak memory and CPU seconds (user and system) of
    ``command``'s process tree.  Memory is the proportional set size summed
    over the tree: the pages workers share with the template they were
    forked from count once, not once per worker.

    CPU is read from /proc for every process of the tree, each poll: the
    kernel's own count for waited-for children misses processes whose
    parent was killed before it could wait for them (a fenced worker's
    first process, stopped with its relay), which would hide their CPU."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu: dict[str, float] = {}  # process identity (pid and start time) -> CPU seconds seen

    def poll():
        nonlocal peak
        while proc.poll() is None:
            pids = {proc.pid} | descendants(proc.pid)
            peak = max(peak, sum(proportional_bytes(p) for p in pids))
            for pid in pids:
                seen = cpu_seconds(pid)
                if seen is not None:
                    cpu[seen[0]] = max(cpu.get(seen[0], 0.0), seen[1])
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    errors = proc.stderr.read()
    proc.wait()
    watcher.join()
    if proc.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}:\n"
                         f"{errors.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started, peak, sum(cpu.values())


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> tuple[str, float] | None:
    """``(identity, user + system CPU seconds)`` of one process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return f"{pid} {fields[19]}", (int(fields[11]) + int(fields[12])) / TICKS


def student_code(k: int, topic: registry.Topic) -> str:
    """Student k's module for a topic: the reference, the stub or a mistake, in turn."""
    reference = (paths.SOLUTIONS / topic.module_file).read_text()
    mistakes = catalog.load(topic.name) if catalog.catalog_file(topic.name).exists() else []
    kind = k % 4
    if kind == 0 or not mistakes:
        return reference
    if kind == 1:
        return (paths.EXERCISES / topic.module_file).read_text()
    return mistakes[k % len(mistakes)].apply(reference)


def make_class(root: Path, n: int, topics: list[registry.Topic]) -> Path:
    for k in range(n):
        folder = root / f"student{k:03d}"
        folder.mkdir(parents=True)
        for topic in topics:
            (folder / topic.module_file).write_text(student_code(k, topic))
    return root


def timed_grade(args: list[str]) -> tuple[float, int, float, dict]:
    """Wall seconds, peak memory, CPU seconds and the gradebook's students of
    ``dlkit grade --students ARGS`` with a gradebook of its own."""
    with tempfile.TemporaryDirectory(prefix="bench-gradebook-") as out:
        seconds, peak, cpu = measure([sys.executable, "-m", "dlkit.cli", "grade", "--students",
                                      "--gradebook", out, *args])
        book = Gradebook.from_json(json.loads((Path(out) / "gradebook.json").read_text())).students
    return seconds, peak, cpu, book


def grade_class(root: Path, topics: list[registry.Topic], workers: int,
                threads: int | None) -> tuple[float, int, float]:
    """Wall seconds, peak memory and CPU seconds of ``dlkit grade --workers N``
    over the class."""
    args = [str(root), "--workers", str(workers)]
    if threads:
        args += ["--threads", str(threads)]
    for t in topics:
        args += ["--topic", t.name]
    seconds, peak, cpu, book = timed_grade(args)
    # The timing counts only if the grades are right: every reference full marks.
    for student, report in book.items():
        if int(student.removeprefix("student")) % 4 == 0 and report.score != report.max_score:
            raise SystemExit(f"{student} handed in the reference but got {report.score}")
    return seconds, peak, cpu


def nbgrader_class(root: Path, n: int, topics: list[registry.Topic], times: Path | None) -> float:
    """The same class as nbgrader submissions; seconds for `nbgrader autograde`,
    one assignment (topic) after another.

    With ``times``, each topic's seconds are kept in that JSON file as soon as
    they are measured, and a topic already timed there for a class of ``n``
    is not graded again: a class too big for one sitting is timed over
    several (each on an idle machine)."""
    kept = json.loads(times.read_text()) if times and times.exists() else {}
    timed = kept.setdefault(str(n), {})
    course = root / "course"
    course.mkdir()
    shutil.copy(paths.ROOT / "course" / "nbgrader_config.py", course)
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    run = lambda *a: subprocess.run([sys.executable, "-m", "nbgrader", *a, "--log-level=ERROR"],
                                    cwd=course, env=env, check=True, capture_output=True)
    for topic in topics:
        if topic.name in timed:
            print(f"  nbgrader autograde {topic.name}: {timed[topic.name]:.1f} s (kept in {times})")
            continue
        shutil.copytree(paths.ROOT / "course" / "source" / topic.name, course / "source" / topic.name)
        run("generate_assignment", topic.name)
        released = json.loads((course / "release" / topic.name / f"{topic.name}.ipynb").read_text())
        for k in range(n):
            chunks = {c.name: c.source for c in notebooks.module_chunks(student_code(k, topic))[1]}
            nb = json.loads(json.dumps(released))
            for cell in nb["cells"]:
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
                if cell["metadata"].get("nbgrader", {}).get("solution"):
                    cell["source"] = chunks.get(grade_id.removeprefix("solution_"), cell["source"])
            folder = course / "submitted" / f"student{k:03d}" / topic.name
            folder.mkdir(parents=True)
            (folder / f"{topic.name}.ipynb").write_text(notebooks.notebook_text(nb))
            assert module_source(nb)
        started = time.perf_counter()
        run("autograde", topic.name)
        timed[topic.name] = time.perf_counter() - started
        print(f"  nbgrader autograde {topic.name}: {timed[topic.name]:.1f} s", flush=True)
        if times:
            times.write_text(json.dumps(kept, indent=1))
    return sum(timed[t.name] for t in topics)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--topics", help="comma-separated topics (default: all)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to time")
    parser.add_argument("--threads", type=int,
                        help="compute threads per grader process (default: dlkit's, cores / workers)")
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--nbgrader-times", type=Path,
                        help="keep nbgrader's seconds per topic in this JSON file, and reuse them")
    args = parser.parse_args()
    topics = registry.select(args.topics.split(",") if args.topics else None)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"topics: {', '.join(t.name for t in topics)}")
    if not args.skip_single:
        command = [sys.executable, "-m", "dlkit.cli", "grade", str(paths.SOLUTIONS), "--single", "-q"]
        for t in topics:
            command += ["--topic", t.name]
        seconds, peak, cpu = measure(command)
        print(f"one full submission: {seconds:.1f} s, peak memory {peak / 2**30:.2f} GiB, "
              f"{cpu / seconds:.2f} cores busy on average")
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        root = make_class(Path(tmp) / "class", args.students, topics)
        for workers in (int(w) for w in args.workers.split(",") if w):
            s, peak, cpu = grade_class(root, topics, workers, args.threads)
            threads = f" --threads {args.threads}" if args.threads else ""
            print(f"{args.students} submissions, --workers {workers}{threads}: {s:.1f} s "
                  f"({args.students / s * 60:.1f} submissions a minute), "
                  f"peak memory {peak / 2**30:.2f} GiB, {cpu / s:.2f} cores busy on average",
                  flush=True)
        if not args.skip_nbgrader:
            s = nbgrader_class(Path(tmp), args.students, topics, args.nbgrader_times)
            print(f"{args.students} submissions through nbgrader autograde: {s:.1f} s "
                  f"({args.students / s * 60:.1f} submissions a minute)")


if __name__ == "__main__":
    main()
