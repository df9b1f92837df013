"""Public self-checks: ``dlkit check TOPIC`` or ``pytest exercises/tests``."""

pytest_plugins = ["dlkit.testing.plugin"]
