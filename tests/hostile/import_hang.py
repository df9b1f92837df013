# expect: {"topic": "output_size", "time_limit": 3, "error": "did not finish", "score": "zero"}
"""Hangs while being imported."""
while True:
    pass
