"""Hooks the dlkit pytest plugin asks a folder's ``conftest.py``."""

import pytest


@pytest.hookspec(firstresult=True)
def pytest_dlkit_public_checks():
    """True where the tests are public self-checks, written as student
    checks: a plain ``assert`` there judges the student's code.  In the
    hidden graders (no answer) only a ``StudentFailure`` does, and any other
    exception is the grader's own error."""
