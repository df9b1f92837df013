# expect: {"topic": "output_size", "error": "sys.exit(0)", "score": "zero"}
"""Exits while being imported."""
import sys

sys.exit(0)
