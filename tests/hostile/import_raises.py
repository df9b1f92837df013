# expect: {"topic": "output_size", "error": "ZeroDivisionError", "score": "zero"}
"""Raises while being imported."""
RATIO = 1 / 0
