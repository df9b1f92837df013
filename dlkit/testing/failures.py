"""The exception types that say whose fault a failed check is: the
student's (:class:`StudentFailure`, with its message's shape: what was
called, then what went wrong, indented) or the kit's (:class:`GraderError`).

In the hidden graders only a ``StudentFailure`` costs the student points;
any other exception there is the grader's error (the test is retried once,
then reported as ``grader_error``)."""

from __future__ import annotations


class StudentFailure(AssertionError):
    """A check failed because of the student's code; ``str()`` is the whole
    student-facing explanation (no traceback is shown for it)."""

    def __init__(self, message: str, function: str | None = None) -> None:
        super().__init__(message)
        self.function = function


def fail(call: str, *lines: str) -> None:
    """Raise ``StudentFailure``: "called <call>" and the non-empty lines under it."""
    body = "\n".join("  " + ln for ln in lines if ln)
    raise StudentFailure(f"called {call}\n{body}".rstrip("\n") if call else body.strip())


def mistake(text: str) -> str:
    """A line naming a known mistake ("" for none, which ``fail`` leaves out)."""
    return f"mistake: {text}" if text else ""


class GraderError(Exception):
    """The kit could not check the result, for a reason that is not the
    student's code (a worker killed from outside, a process that could not
    start).  Not an ``AssertionError``: it is never a judged failure."""
