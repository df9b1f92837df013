"""Plain data that may cross between a student's worker and the grader.

A value is encoded as tagged JSON plus one ``.npz`` archive for its arrays.
Nothing is pickled: the grader decodes with ``json.loads`` and ``np.load(...,
allow_pickle=False)``, so no class and nothing executable can cross.  Types
are kept exactly (tuple vs list, int vs float vs NumPy scalar), and anything
that is not plain data arrives as an :class:`Unsupported` placeholder that
names the type, so a grader can say "returned a MyInt, expected an int".
"""

from __future__ import annotations

import io
import json
import math
import struct
from dataclasses import dataclass

import numpy as np

MAX_DEPTH = 32
MAX_ITEMS = 100_000


@dataclass(frozen=True)
class Unsupported:
    """Stands in for a value that is not plain data (a class instance, a
    subclass of int with its own ``__eq__``, a tensor, a generator, ...)."""

    type_name: str
    detail: str = ""

    def __repr__(self) -> str:
        return f"<{self.type_name}{': ' + self.detail if self.detail else ''}>"


@dataclass(frozen=True)
class Record:
    """A rich value (a Keras model saved to a file, a training History, a
    figure's plotted data) converted to plain ``data`` by kit code in the
    worker; ``kind`` says which (see :mod:`dlkit.sandbox.rich`)."""

    kind: str
    data: object


def map_values(value, fn, depth: int = 0):
    """Rebuild the tuples, lists and dicts in ``value`` with ``fn`` applied
    to everything else (models to files and back, say)."""
    if depth > MAX_DEPTH:
        return value
    if type(value) in (tuple, list):
        return type(value)(map_values(v, fn, depth + 1) for v in value)
    if type(value) is dict:
        return {k: map_values(v, fn, depth + 1) for k, v in value.items()}
    return fn(value)


def type_name(value) -> str:
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in ("builtins", "") else f"{module}.{name}"


class _Encoder:
    def __init__(self) -> None:
        self.arrays: list[np.ndarray] = []
        self.items = 0

    def array(self, arr: np.ndarray) -> list:
        # (not ascontiguousarray: it would turn a 0-d array into 1-d)
        self.arrays.append(arr if arr.flags.c_contiguous else arr.copy(order="C"))
        return ["ndarray", len(self.arrays) - 1]

    def encode(self, value, depth: int = 0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            return ["unsupported", "too deeply nested or too large", ""]
        # Exact type checks: a subclass of int/float/str may override __eq__.
        t = type(value)
        if value is None:
            return ["none"]
        if t is Record:
            return ["record", str(value.kind), self.encode(value.data, depth + 1)]
        if t is bool:
            return ["bool", value]
        if t is int:
            return ["int", str(value)]
        if t is float:
            return ["float", _float_text(value)]
        if t is str:
            return ["str", value]
        if t is tuple or t is list:
            return [t.__name__, [self.encode(v, depth + 1) for v in value]]
        if t is dict:
            if not all(type(k) is str for k in value):
                return ["unsupported", "dict with non-string keys", ""]
            return ["dict", [[k, self.encode(v, depth + 1)] for k, v in value.items()]]
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject or value.dtype.kind == "V":
                return ["unsupported", f"numpy array of dtype {value.dtype}", ""]
            # Subclasses (np.matrix, masked arrays, rigged ones) become plain arrays.
            return self.array(np.asarray(value).view(np.ndarray))
        if isinstance(value, np.generic) and t.__module__ == "numpy":
            if value.dtype.hasobject or value.dtype.kind == "V":
                return ["unsupported", f"numpy scalar of dtype {value.dtype}", ""]
            return ["npscalar", self.array(np.asarray(value))[1]]
        name = type_name(value)
        detail = ""
        if name.startswith(("tensorflow", "tf.", "keras")):
            detail = "a TensorFlow/Keras object; convert it with np.asarray(...) or .numpy()"
        return ["unsupported", name, detail]


def _float_text(x: float) -> str:
    # repr round-trips exactly; nan/inf spelled so JSON stays standard.
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def encode(value) -> bytes:
    """Encode ``value`` as ``<len><json><npz>`` bytes."""
    enc = _Encoder()
    tree = enc.encode(value)
    head = json.dumps(tree, allow_nan=False).encode()
    buf = io.BytesIO()
    if enc.arrays:
        np.savez(buf, *enc.arrays)
    return struct.pack("<Q", len(head)) + head + buf.getvalue()


def decode(data: bytes):
    """Decode bytes made by :func:`encode`, trusting nothing in them."""
    if len(data) < 8:
        raise ValueError("truncated message")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError("truncated message")
    tree = json.loads(data[8 : 8 + n])
    arrays: list[np.ndarray] = []
    rest = data[8 + n :]
    if rest:
        with np.load(io.BytesIO(rest), allow_pickle=False) as archive:
            arrays = [archive[f"arr_{i}"] for i in range(len(archive.files))]
    try:
        return _Decoder(arrays).decode(tree, 0)
    except (IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValueError(f"malformed value: {exc}") from None


class _Decoder:
    def __init__(self, arrays: list[np.ndarray]) -> None:
        self.arrays = arrays

    def decode(self, node, depth: int):
        if depth > MAX_DEPTH + 1 or not isinstance(node, list) or not node:
            raise ValueError("malformed value")
        tag = node[0]
        if tag == "none":
            return None
        if tag == "bool":
            return bool(node[1])
        if tag == "int":
            return int(str(node[1]))
        if tag == "float":
            return float(str(node[1]))
        if tag == "str":
            return str(node[1])
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in node[1])
        if tag == "list":
            return [self.decode(v, depth + 1) for v in node[1]]
        if tag == "dict":
            return {str(k): self.decode(v, depth + 1) for k, v in node[1]}
        if tag == "ndarray":
            return self.arrays[int(node[1])]
        if tag == "npscalar":
            return self.arrays[int(node[1])][()]
        if tag == "record":
            return Record(str(node[1]), self.decode(node[2], depth + 1))
        if tag == "unsupported":
            return Unsupported(str(node[1]), str(node[2]) if len(node) > 2 else "")
        raise ValueError(f"unknown tag {tag!r}")
