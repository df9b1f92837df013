"""Memoise a grader's reference computations for the grader process.

A grader's cases come from the fixed grader seed, so every submission in a
batch gets the same inputs; computing Keras's answer once per process makes
grading the next submission cost only the student's calls.  Arguments are
keyed by value (arrays by dtype, shape and bytes; dicts and lists by their
items), and cached arrays are made read-only so that no test can change
another's expectation.

Each topic's tests run in a judge process forked from the grader process
(:mod:`dlkit.testing.topic_process`), which ends with the topic: the values a
judge computed are sent back (:func:`new_entries`) and kept in the grader
process (:func:`merge`), so the next judge, forked later, inherits them.
Only plain values travel: arrays and numbers in tuples, lists and dicts.
"""

from __future__ import annotations

import functools

import numpy as np


def _key(value):
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, np.generic):
        return ("npscalar", value.dtype.str, value.tobytes())
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _key(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, value)


def _freeze(value):
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (list, tuple)):
        for v in value:
            _freeze(v)
    elif isinstance(value, dict):
        for v in value.values():
            _freeze(v)
    return value


# Every memoised function's cache, by its file and qualified name (two
# grader folders may both have a test_lstm module).
_CACHES: dict[str, dict] = {}


def memo(fn):
    """Cache ``fn``'s results by the value of its arguments."""
    cache = _CACHES.setdefault(f"{fn.__code__.co_filename}:{fn.__qualname__}", {})

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (_key(args), _key(kwargs))
        if key not in cache:
            cache[key] = _freeze(fn(*args, **kwargs))
        return cache[key]

    wrapper.cache = cache
    return wrapper


def snapshot() -> dict[str, set]:
    """The keys cached now, per function."""
    return {name: set(cache) for name, cache in _CACHES.items()}


def new_entries(before: dict[str, set]) -> dict[str, dict]:
    """The plain values cached since ``before``, per function."""
    found = {}
    for name, cache in _CACHES.items():
        old = before.get(name, set())
        fresh = {k: v for k, v in cache.items() if k not in old and _plain(v)}
        if fresh:
            found[name] = fresh
    return found


def merge(entries: dict[str, dict]) -> None:
    """Keep values a judge process computed, for the judges forked later."""
    for name, values in entries.items():
        cache = _CACHES.setdefault(name, {})
        for key, value in values.items():
            cache.setdefault(key, _freeze(value))


def _plain(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, (np.generic, int, float, complex, str, bytes, bool, type(None))):
        return True
    if isinstance(value, (list, tuple)):
        return type(value) in (list, tuple) and all(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value) is dict and all(_plain(k) and _plain(v) for k, v in value.items())
    return False
