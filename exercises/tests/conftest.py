"""Public self-checks: ``dlkit check TOPIC`` or ``pytest exercises/tests``."""

pytest_plugins = ["dlkit.testing.plugin"]


def pytest_dlkit_public_checks():
    # These checks are written with plain asserts on the student's results.
    return True
