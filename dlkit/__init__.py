"""dlkit: auto-graded deep-learning exercises with isolated, hidden graders."""

__version__ = "0.1.0"
