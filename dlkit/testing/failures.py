"""The one exception type that marks "the student's code is wrong", and the
shape of its message: what was called, then what went wrong, indented."""

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
