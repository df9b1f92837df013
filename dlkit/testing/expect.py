"""Comparisons for graders and public checks.

Each raises :class:`StudentFailure` with a message of the form::

    called conv2d(<float32 array of shape (1, 5, 5, 1)>, ...)
      got shape (1, 2, 2, 1), expected (1, 3, 3, 1)
      mistake: ...

``mistakes`` maps a description of a known wrong approach to the value that
approach produces; when the student's value matches one, the message names
it.  Types are checked before values: everything reaching the grader is plain
data (see :mod:`dlkit.sandbox.plaindata`), so these checks run on ints,
floats and arrays the grader's own process built.
"""

from __future__ import annotations

import numpy as np

from dlkit.sandbox.plaindata import Unsupported
from dlkit.testing.calls import describe_value
from dlkit.testing.failures import fail

UNSTABLE = "mistake: numerically unstable (overflow in exp or log(0)?)"


def _mistake_line(got, mistakes, matches) -> str:
    """Name every known mistake whose value the student's matches (two
    mistakes can give the same numbers on one case)."""
    names = []
    for name, value in (mistakes or {}).items():
        try:
            if matches(got, value):
                names.append(name.strip())
        except (TypeError, ValueError):
            continue
    if not names:
        return ""
    return "mistake: " + names[0] + "".join(f"\n  or: {n}" for n in names[1:])


def _is_int(v) -> bool:
    return (type(v) is int or isinstance(v, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_number(v) -> bool:
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v[()]
    return (type(v) in (int, float) or isinstance(v, (np.integer, np.floating))) and not isinstance(
        v, (bool, np.bool_))


def _allclose(a, b, rtol, atol) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))


def array(got, want, *, call: str, rtol: float = 1e-5, atol: float = 1e-5,
          mistakes: dict | None = None, what: str = "a NumPy array") -> None:
    """``got`` must be a float or int NumPy array equal to ``want``."""
    want = np.asarray(want)
    close = lambda g, w: _allclose(g, w, rtol, atol)  # noqa: E731
    if isinstance(got, Unsupported):
        fail(call, f"got {describe_value(got)}{' (' + got.detail + ')' if got.detail else ''}",
              f"expected {what} of shape {want.shape}")
    if not isinstance(got, np.ndarray):
        kind = type(got).__name__
        fail(call, f"got a {kind} ({describe_value(got)})",
              f"expected {what} of shape {want.shape}; wrap it with np.asarray(...)")
    if got.dtype.kind not in "fiub" and want.dtype.kind in "fiub":
        fail(call, f"got an array of dtype {got.dtype}, expected a numeric array")
    if got.shape != want.shape:
        fail(call, f"got shape {got.shape}, expected {want.shape}",
              _mistake_line(got, mistakes, lambda g, m: np.shape(m) == g.shape and close(g, m)))
    if want.dtype.kind == "f" and np.all(np.isfinite(want)) and not np.all(np.isfinite(got)):
        bad = int(np.sum(~np.isfinite(got)))
        fail(call, f"got {bad} NaN or infinite value(s) where all values should be finite",
              _mistake_line(got, mistakes, close) or UNSTABLE)
    if not close(got, want):
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        where = np.unravel_index(int(np.nanargmax(diff)), diff.shape) if diff.size else ()
        where_s = ", ".join(str(int(i)) for i in where)
        fail(call,
              f"got {describe_value(got)} differing by up to {np.nanmax(diff):.4g}",
              f"at index [{where_s}]: got {got[where].item()!r}, expected {want[where].item()!r}",
              _mistake_line(got, mistakes, close))


def number(got, want, *, call: str, rtol: float = 1e-5, atol: float = 1e-6,
           mistakes: dict | None = None) -> None:
    """``got`` must be a real number (Python or NumPy scalar, or a 0-d array)."""
    if not _is_number(got):
        fail(call, f"got {describe_value(got)}", f"expected a number close to {want!r}")
    value = float(np.asarray(got))
    if np.isfinite(want) and not np.isfinite(value):
        fail(call, f"got {value}, expected {want!r}",
              _mistake_line(value, mistakes, lambda g, m: np.isclose(g, m, rtol=rtol, atol=atol))
              or UNSTABLE)
    if not np.isclose(value, want, rtol=rtol, atol=atol):
        fail(call, f"got {value!r}, expected {float(want)!r}",
              _mistake_line(value, mistakes, lambda g, m: bool(np.isclose(g, m, rtol=rtol, atol=atol))))


def integer(got, want: int, *, call: str, mistakes: dict | None = None) -> None:
    """``got`` must be an int (Python or NumPy integer) equal to ``want``."""
    if not _is_int(got):
        if isinstance(got, (float, np.floating)) and float(got) == want:
            fail(call, f"got {got!r}, a {type(got).__name__}, expected the int {want}",
                  "mistake: result is a float; use integer division // (or int(...))")
        fail(call, f"got {describe_value(got)}, expected the int {want}",
              _mistake_line(got, mistakes, _equal_mistake))
    if int(got) != want:
        fail(call, f"got {int(got)}, expected {want}", _mistake_line(int(got), mistakes, _equal_mistake))


def _equal_mistake(got, value) -> bool:
    return same_structure(got, value)


def same_structure(got, want) -> bool:
    """Exact equality for plain data: ints must be ints (NumPy integers
    allowed), sequences compare item by item (list and tuple alike), dicts
    by keys and values."""
    if isinstance(want, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(same_structure(g, w) for g, w in zip(got, want)))
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(
            same_structure(got[k], want[k]) for k in want)
    if _is_int(want):
        return _is_int(got) and int(got) == int(want)
    if isinstance(want, (float, np.floating)):
        return _is_number(got) and bool(np.isclose(float(got), float(want)))
    if want is None:
        return got is None
    return type(got) is type(want) and got == want


def equal(got, want, *, call: str, mistakes: dict | None = None) -> None:
    """``got`` must equal ``want`` exactly (see :func:`same_structure`)."""
    if not same_structure(got, want):
        hint = ""
        if isinstance(want, (list, tuple)) and not isinstance(got, (list, tuple)):
            hint = f"expected a {type(want).__name__} of {len(want)} items"
        elif _contains_float_for_int(got, want):
            hint = "mistake: some values are floats where ints are expected; use // or int(...)"
        fail(call, f"got {describe_value(got, 200)}", f"expected {describe_value(want, 200)}",
              _mistake_line(got, mistakes, _equal_mistake) or hint)


def _contains_float_for_int(got, want) -> bool:
    if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(want):
        return any(_contains_float_for_int(g, w) for g, w in zip(got, want))
    return _is_int(want) and isinstance(got, (float, np.floating)) and float(got) == int(want)
