"""The ``dlkit`` command line.

  dlkit list                      the topics, in course order
  dlkit check [TOPIC [FUNCTION]] [--path DIR|FILE]
                                  run a topic's public self-checks (all topics' without TOPIC,
                                  one function's with FUNCTION) on a .py, a notebook or a folder
  dlkit hint TOPIC [FUNCTION]     the hints for a topic
  dlkit grade PATH [--topic T ...] [--json FILE]
                                  grade a submission with the hidden graders
  dlkit grade FOLDER [--workers N] [--threads N] [--scheduler ADDRESS] [--gradebook DIR]
                                  grade every student's submission into a gradebook
  dlkit grade FOLDER --student NAME [--due [TOPIC=]DATETIME]
                                  regrade one student; lateness from nbgrader's timestamps
  dlkit report GRADEBOOK [-o report.html]
                                  one HTML page for the class (distributions, pass rates, mistakes)
  dlkit export GRADEBOOK [--lms canvas|generic] [-o grades.csv]
                                  the gradebook as a CSV an LMS imports
  dlkit gradescope OUT.zip [--topic T ...]
                                  a Gradescope autograder that grades with this kit
  dlkit build [--check]           regenerate stubs and notebooks from solutions (or check drift)
  dlkit release OUT               write the student bundle to OUT
  dlkit dev check [--root DIR]    check that the kit's files agree (seconds, no grading)

``dlkit grade`` exits 0 when every test was checked, 3 when the kit could not
check some test (a grader error: see the report), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dlkit import build, paths, registry, self_check
from dlkit.grading import class_grading

# `dlkit grade`'s exit status when a test ended in a grader error: the kit's
# failure, which an instructor's script must not take for a finished grading.
GRADER_ERROR_EXIT = 3


def cmd_list(args) -> int:
    for t in registry.topics():
        print(f"{t.number:02d}  {t.name:<24} {t.points:>5g} pts  {t.time_limit:>5g} s  {t.title}")
    return 0


def cmd_hint(args) -> int:
    from dlkit import public_checks

    t = registry.topic(args.topic)
    if args.function and args.function not in t.hints:
        print(f"dlkit hint: {public_checks.unknown_function_message(t, args.function)}", file=sys.stderr)
        return 2
    items = [(args.function, t.hint_for(args.function))] if args.function else t.hints.items()
    for function, hint in items:
        print(f"{function}: {hint or '(no hint)'}")
    return 0


def cmd_check(args) -> int:
    return self_check.run(args.topic, args.function, args.path, args.checks)


def cmd_grade(args) -> int:
    from dlkit import results_text
    from dlkit.grading.grader import grade

    limits = {"time": registry.limit_overrides(args.time_limit, check_names=True),
              "memory": registry.limit_overrides(args.memory_limit, check_names=True),
              "sandbox": args.sandbox}
    if args.threads:
        limits["threads"] = args.threads
    submission = Path(args.path)
    if not submission.exists():
        print(f"dlkit grade: {submission} does not exist", file=sys.stderr)
        return 2
    if args.student and args.single:
        print("dlkit grade: --student picks one student of a class; --single grades one submission",
              file=sys.stderr)
        return 2
    if args.students or args.student or (not args.single and class_grading.looks_like_a_course(
            submission, registry.select(args.topic))):
        return grade_course(args, submission, limits)
    started = time.monotonic()
    # A topic handed in as a notebook is read by the plugin (dlkit.submission.find_code).
    result = grade(submission, args.topic, limits, Path(args.graders) if args.graders else None)
    print(results_text.format_table(result, verbose=not args.quiet))
    print(f"graded {submission} in {time.monotonic() - started:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(result.to_json(), indent=2))
    return _exit_status(result.grader_errors)


def _exit_status(grader_errors: int) -> int:
    if grader_errors:
        print(f"dlkit grade: {grader_errors} grader error{'s' * (grader_errors != 1)} "
              f"(the kit's, not the students'); exit status {GRADER_ERROR_EXIT}")
        return GRADER_ERROR_EXIT
    return 0


def grade_course(args, folder: Path, limits: dict) -> int:
    from dlkit import results_text

    out = Path(args.gradebook)
    bar = results_text.Progress(sys.stderr)
    started = time.monotonic()
    try:
        book = class_grading.grade_course(folder, out, args.topic, limits, workers=args.workers,
                                          scheduler=args.scheduler,
                                          graders=Path(args.graders) if args.graders else None,
                                          progress=bar.update, regrade=args.student, due=args.due)
    except ValueError as exc:
        bar.close()
        print(f"dlkit grade: {exc}", file=sys.stderr)
        return 2
    bar.close()
    if args.json:
        Path(args.json).write_text(json.dumps(book.to_json(), indent=2))
    print(results_text.format_gradebook(book.students, list(book.topics)))
    print(f"graded {len(book.students)} submissions in {folder} in "
          f"{time.monotonic() - started:.1f} s; gradebook: {out / 'gradebook.csv'}, "
          f"{out / 'gradebook.json'}")
    return _exit_status(book.grader_errors)


def _gradebook(command: str, path: str):
    """The gradebook in a folder or JSON file, or None (and why, on stderr)."""
    from dlkit import class_report

    try:
        return class_report.load(Path(path))
    except (OSError, ValueError, KeyError) as exc:
        print(f"dlkit {command}: cannot read a gradebook from {path}: {exc}", file=sys.stderr)
        return None


def cmd_report(args) -> int:
    from dlkit import class_report

    book = _gradebook("report", args.gradebook)
    if book is None:
        return 2
    Path(args.output).write_text(class_report.render(book, args.title))
    print(f"wrote {args.output}: {len(book.students)} students, {len(book.topics)} topics")
    return 0


def cmd_gradescope(args) -> int:
    from dlkit import gradescope

    out = gradescope.write_autograder(Path(args.out), args.topic, args.visibility)
    print(f"wrote {out}: upload it as the assignment's autograder (Gradescope: Configure Autograder, "
          f"Zip file upload)")
    return 0


def cmd_export(args) -> int:
    from dlkit import lms_export

    book = _gradebook("export", args.gradebook)
    if book is None:
        return 2
    lms_export.write(book, Path(args.output), args.lms)
    print(f"wrote {args.output} ({args.lms}): {len(book.students)} students")
    return 0


def cmd_build(args) -> int:
    if args.check:
        problems = build.check()
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} generated file(s) out of date; run `dlkit build`")
            return 1
        print("all generated files are up to date")
        return 0
    changed = build.build()
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} file(s) changed")
    return 0


def cmd_release(args) -> int:
    from dlkit import release

    try:
        out = release.release(Path(args.out))
    except (FileExistsError, RuntimeError) as exc:
        print(f"dlkit release: {exc}", file=sys.stderr)
        return 2
    print(f"wrote the student bundle to {out}")
    return 0


def cmd_dev_check(args) -> int:
    from dlkit import dev

    started = time.monotonic()
    problems = dev.check(Path(args.root) if args.root else None)
    for problem in problems:
        print(problem)
    took = time.monotonic() - started
    if problems:
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} ({took:.1f} s)")
        return 1
    print(f"the registry, solutions, stubs, notebooks, graders and catalogs agree ({took:.1f} s)")
    return 0


# The instructor's commands, absent from a student's bundle (no hidden
# graders, no solutions): there they would only fail, or mislead.
INSTRUCTOR_COMMANDS = ("grade", "report", "gradescope", "export", "build", "release", "dev")


def is_student_bundle() -> bool:
    return not paths.GRADERS.is_dir() and not paths.SOLUTIONS.is_dir()


def parser(student: bool = False) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dlkit", description="Auto-graded Keras exercises.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the topics").set_defaults(fn=cmd_list)

    h = sub.add_parser("hint", help="show hints for a topic")
    h.add_argument("topic")
    h.add_argument("function", nargs="?")
    h.set_defaults(fn=cmd_hint)

    c = sub.add_parser("check", help="run a topic's public self-checks")
    self_check.add_arguments(c)
    c.set_defaults(fn=cmd_check)
    if student:
        return p  # the student's commands end here; the instructor's follow

    g = sub.add_parser("grade", help="grade a submission with the hidden graders")
    g.add_argument("path", help="submission folder (topic modules found by file name below it)")
    g.add_argument("--topic", action="append", help="grade only this topic (repeatable)")
    g.add_argument("--json", help="write the JSON report (a class's: the gradebook's) to this file")
    g.add_argument("--time-limit", action="append", metavar="TOPIC=SECONDS",
                   help="override a topic's time limit")
    g.add_argument("--memory-limit", action="append", metavar="TOPIC=MB",
                   help="override a topic's memory limit")
    g.add_argument("--graders", help="folder of hidden graders (default: graders/)")
    g.add_argument("--sandbox", choices=("auto", "on", "off"), default="auto",
                   help="fence workers: no network, read-only files, graders and solutions hidden "
                        "(auto, the default: where the machine allows it; on: refuse to grade without)")
    g.add_argument("-q", "--quiet", action="store_true", help="points only, no failure messages")
    kind = g.add_mutually_exclusive_group()
    kind.add_argument("--students", action="store_true",
                      help="PATH holds one sub-folder per student (or nbgrader's submitted/): "
                           "grade them all (detected when PATH has no module of its own)")
    kind.add_argument("--single", action="store_true", help="PATH is one submission, whatever it holds")
    g.add_argument("--student", action="append", metavar="NAME",
                   help="regrade only this student of the class in PATH (repeatable; the others "
                        "keep their stored results)")
    g.add_argument("--due", action="append", metavar="[TOPIC=]DATETIME",
                   help="due date (UTC unless a zone is given) of every topic, or of one (repeatable); "
                        "lateness is read from nbgrader's timestamp.txt. Default: the due dates in "
                        "nbgrader's gradebook.db")
    g.add_argument("--gradebook", default="gradebook",
                   help="folder for gradebook.csv/.json and per-student results (default: ./gradebook)")
    g.add_argument("--workers", type=int, default=1, help="grader processes in parallel (default 1)")
    g.add_argument("--threads", type=int, metavar="N",
                   help="compute threads for each grader process and its workers "
                        "(default: all cores, or cores / workers with --workers)")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on this Dask distributed scheduler instead of locally")
    g.set_defaults(fn=cmd_grade)

    rep = sub.add_parser("report", help="one HTML page for a class: scores, pass rates, mistakes, errors")
    rep.add_argument("gradebook", help="a gradebook folder (from dlkit grade) or its gradebook.json")
    rep.add_argument("-o", "--output", default="report.html", help="the page to write (default report.html)")
    rep.add_argument("--title", default="Class report", help="the page's title")
    rep.set_defaults(fn=cmd_report)

    gs = sub.add_parser("gradescope", help="write a Gradescope autograder zip that grades with this kit")
    gs.add_argument("out", help="the zip to write, e.g. autograder.zip")
    gs.add_argument("--topic", action="append",
                    help="a topic the assignment grades (repeatable; default all)")
    gs.add_argument("--visibility", default="visible", choices=("visible", "hidden", "after_due_date",
                                                                  "after_published"),
                    help="when students see each test's result (default visible)")
    gs.set_defaults(fn=cmd_gradescope)

    ex = sub.add_parser("export", help="a gradebook as a CSV an LMS imports")
    ex.add_argument("gradebook", help="a gradebook folder (from dlkit grade) or its gradebook.json")
    ex.add_argument("--lms", default="generic", choices=("canvas", "generic"),
                    help="the CSV's form (default generic: student, one column per topic, total, max)")
    ex.add_argument("-o", "--output", default="grades.csv", help="the CSV to write (default grades.csv)")
    ex.set_defaults(fn=cmd_export)

    b = sub.add_parser("build", help="regenerate stubs and nbgrader notebooks from the solutions")
    b.add_argument("--check", action="store_true", help="fail if generated files have drifted")
    b.set_defaults(fn=cmd_build)

    r = sub.add_parser("release", help="write the student bundle (no solutions, no hidden graders)")
    r.add_argument("out", help="an empty or new folder")
    r.set_defaults(fn=cmd_release)

    d = sub.add_parser("dev", help="checks for the kit's maintainers")
    dev_sub = d.add_subparsers(dest="dev_command", required=True)
    dc = dev_sub.add_parser("check", help="the registry and the files agree, points add up, markers, "
                                          "generated files and catalog edits (seconds, no grading)")
    dc.add_argument("--root", help="the kit's folder (default: this repository)")
    dc.set_defaults(fn=cmd_dev_check)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    student = is_student_bundle()
    if student and argv and argv[0] in INSTRUCTOR_COMMANDS:
        print(f"dlkit {argv[0]} is an instructor's command, and this is the student bundle (no hidden "
              f"graders). Check your work with: dlkit check TOPIC", file=sys.stderr)
        return 2
    args = parser(student).parse_args(argv)
    try:
        return args.fn(args)
    except KeyError as exc:  # unknown topic
        print(f"dlkit: {exc.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
