# expect: {"topic": "output_size", "error": "exited with status 7", "score": "zero"}
"""Kills its own process while being imported, skipping every handler."""
import os

os._exit(7)
