"""Grading a submission with the hidden graders and reporting the result."""
