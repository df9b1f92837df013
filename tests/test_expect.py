"""Failure messages say what was called, what came back, what was expected,
and name a known mistake when the value matches one."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.sandbox.plaindata import Unsupported
from dlkit.testing import StudentFailure, expect, memo


def message(check, *args, **kwargs) -> str:
    with pytest.raises(StudentFailure) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_integer_names_a_float_result():
    text = message(expect.integer, 3.0, 3, call="f(7)")
    assert text.startswith("called f(7)") and "a float" in text and "//" in text


def test_integer_refuses_unsupported_and_wrong_values():
    assert "RiggedInt" in message(expect.integer, Unsupported("RiggedInt"), 3, call="f()")
    assert "got 4, expected 3" in message(expect.integer, 4, 3, call="f()")
    expect.integer(np.int64(3), 3, call="f()")


def test_array_checks_type_shape_nan_and_values():
    want = np.ones((2, 2), np.float32)
    assert "a list" in message(expect.array, [[1, 1], [1, 1]], want, call="f()")
    assert "got shape (2,), expected (2, 2)" in message(expect.array, np.ones(2), want, call="f()")
    assert "NaN" in message(expect.array, np.full((2, 2), np.nan), want, call="f()")
    text = message(expect.array, want * 2, want, call="f()")
    assert "differing by up to 1" in text and "at index [0, 0]" in text


def test_every_matching_mistake_is_named():
    want = np.zeros(3)
    text = message(expect.array, np.ones(3), want, call="f()",
                   mistakes={"first way": np.ones(3), "second way": np.ones(3), "other": want + 5})
    assert "mistake: first way" in text and "or: second way" in text and "other" not in text


def test_equal_compares_structure_and_int_types():
    expect.equal([(1, 2), (3, 4)], [(1, 2), (3, 4)], call="f()")
    expect.equal((1, 2), [1, 2], call="f()")  # a list for a tuple is fine
    assert "floats where ints" in message(expect.equal, (1.0, 2), (1, 2), call="f()")
    assert "expected a tuple of 2 items" in message(expect.equal, 3, (1, 2), call="f()")


def test_number_accepts_scalars_and_names_instability():
    expect.number(np.float32(0.5), 0.5, call="f()")
    expect.number(np.array(0.5), 0.5, call="f()")
    assert "numerically unstable" in message(expect.number, float("inf"), 1.0, call="f()")
    assert "expected a number" in message(expect.number, "0.5", 0.5, call="f()")


def test_memo_computes_once_per_value_and_freezes_arrays():
    calls = []

    @memo
    def double(x, spec):
        calls.append(1)
        return x * 2

    a = np.arange(3)
    first = double(a, {"k": [1, 2]})
    again = double(np.arange(3), {"k": [1, 2]})
    assert first is again and len(calls) == 1 and not first.flags.writeable
    double(np.arange(3.0), {"k": [1, 2]})  # another dtype is another value
    double(a, {"k": [1, 3]})
    assert len(calls) == 3
