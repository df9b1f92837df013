# expect: {"topic": "output_size", "error": "SIGSEGV", "score": "zero"}
"""Crashes the interpreter while being imported."""
import ctypes

ctypes.string_at(0)
