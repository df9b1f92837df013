"""Short, readable descriptions of calls and values for failure messages."""

from __future__ import annotations

import numpy as np

from dlkit.sandbox.plaindata import Record, Unsupported

RECORD_NAMES = {"keras_model": "a Keras model", "keras_history": "a keras.callbacks.History",
                "figure": "a matplotlib Figure", "text_vectorization": "a TextVectorization layer"}


def describe_value(value, limit: int = 60) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 6 and value.ndim <= 2:
            text = " ".join(np.array2string(value, separator=", ").split())
            return f"np.array({text}, dtype={value.dtype})"
        return f"<{value.dtype} array of shape {value.shape}>"
    if isinstance(value, np.generic):
        return f"np.{value.dtype}({value!r})"
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}"
    if isinstance(value, Record):
        return RECORD_NAMES.get(value.kind, f"a {value.kind}")
    if isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value):
        inner = ", ".join(describe_value(v, limit) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_call(name: str, args=(), kwargs=None) -> str:
    parts = [describe_value(a) for a in args]
    parts += [f"{k}={describe_value(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"
