"""The codec that carries values between a worker and the grader."""

import io
import struct

import numpy as np
import pytest

from dlkit.sandbox import plaindata
from dlkit.sandbox.plaindata import Unsupported


def roundtrip(value):
    return plaindata.decode(plaindata.encode(value))


@pytest.mark.parametrize("value", [
    None, True, 0, -(10**30), 1.5, float("inf"), "héllo", (1, 2), [1, (2.0, "x")],
    {"a": [None, {"b": 3}]}, (), [],
])
def test_plain_values_roundtrip_with_their_types(value):
    got = roundtrip(value)
    assert got == value and type(got) is type(value)


def test_nan_roundtrips():
    assert np.isnan(roundtrip(float("nan")))


def test_arrays_and_numpy_scalars_keep_dtype_and_shape():
    arr = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    got = roundtrip({"a": arr, "s": np.int64(7), "f": np.float32(0.5)})
    assert got["a"].dtype == np.float32 and np.array_equal(got["a"], arr)
    assert type(got["s"]) is np.int64 and got["s"] == 7
    assert type(got["f"]) is np.float32


def test_int_subclass_with_rigged_eq_does_not_cross():
    class RiggedInt(int):
        def __eq__(self, other):
            return True

    got = roundtrip(RiggedInt(3))
    assert isinstance(got, Unsupported) and "RiggedInt" in got.type_name


@pytest.mark.parametrize("value", [object(), np.array([object()]), {1: 2}, lambda: 1, iter([1])])
def test_non_plain_values_become_unsupported(value):
    assert isinstance(roundtrip(value), Unsupported)


def test_array_subclass_arrives_as_plain_ndarray():
    class Rigged(np.ndarray):
        def __eq__(self, other):
            return True

    got = roundtrip(np.zeros(3).view(Rigged))
    assert type(got) is np.ndarray


def test_pickled_payload_is_refused():
    # A forged reply whose archive holds a pickled object array.
    head = b'["ndarray", 0]'
    buf = io.BytesIO()
    np.savez(buf, np.array([[1]], dtype=object), allow_pickle=True)
    forged = struct.pack("<Q", len(head)) + head + buf.getvalue()
    with pytest.raises(ValueError):
        plaindata.decode(forged)


def test_malformed_messages_raise_value_error():
    def forged(text: bytes) -> bytes:
        return struct.pack("<Q", len(text)) + text

    for data in (b"", b"\x05\x00\x00\x00\x00\x00\x00\x00{}", forged(b'["int"]'),
                 forged(b'["ndarray", 3]'), forged(b'["evil", 1]'), forged(b'{"a": 1}')):
        with pytest.raises(ValueError):
            plaindata.decode(data)
