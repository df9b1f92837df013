"""The one exception type that marks "the student's code is wrong"."""


class StudentFailure(AssertionError):
    """A check failed because of the student's code; ``str()`` is the whole
    student-facing explanation (no traceback is shown for it)."""

    def __init__(self, message: str, function: str | None = None) -> None:
        super().__init__(message)
        self.function = function
