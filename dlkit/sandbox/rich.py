"""Rich values in the worker: Keras models, training histories, callbacks,
figures and text vectorizers, turned into :class:`Record`\\ s of plain data
and back.

Runs inside the worker (kit code beside the student's).  A model crosses as
the bytes of a ``.keras`` file, inside the reply itself: the supervisor
writes them into a folder of its own that the worker cannot write, and the
grader loads that file with ``safe_mode=True`` in its own process.  A model
the grader hands over arrives the same way and is written into the worker's
folder here.
Keras and matplotlib are looked up in ``sys.modules`` and never imported
here for a result: a student module that did not import them cannot return
their objects.
"""

from __future__ import annotations

import itertools
import os
import sys

import numpy as np

from dlkit.sandbox.plaindata import Record, map_values

_counter = itertools.count()
# The kit's largest model has well under a million parameters.  An enormous
# one is refused here, before it is written out, as a courtesy: this is the
# untrusted side.  What protects the grader is on its side: the supervisor
# refuses bytes over ``Limits.model_bytes``, and the grader screens the file
# before building anything (dlkit.testing.model_screen: sizes, functions,
# declared parameters and cost).
MAX_MODEL_PARAMETERS = 10_000_000
PLAIN_CONFIG = (str, int, float, bool, type(None))
# False in a student's worker, which is the untrusted side already (its own
# models load even with custom objects); True in the kit's trainer process.
SAFE_LOADING = False


def to_plain(value, exchange: str):
    """Results for the grader: rich values inside plain containers become records."""
    return map_values(value, lambda v: _to_record(v, exchange))


def _to_record(value, exchange: str):
    keras = sys.modules.get("keras")
    if keras is not None:
        if isinstance(value, keras.Model):
            return _model_record(value, exchange)
        if isinstance(value, keras.callbacks.History):
            return Record("keras_history", _history(value))
        if isinstance(value, keras.layers.TextVectorization):
            return Record("text_vectorization", _vectorizer(value))
        if isinstance(value, keras.callbacks.Callback):
            return Record("keras_callback", _callback(value))
    figure = sys.modules.get("matplotlib.figure")
    if figure is not None and isinstance(value, figure.Figure):
        return Record("figure", _figure(value))
    return value


def from_plain(value, exchange: str):
    """Arguments from the grader: model, vectorizer and history records
    become Keras objects again."""
    return map_values(value, lambda v: _load_record(v, exchange))


def _load_record(value, exchange: str):
    if isinstance(value, Record) and value.kind == "keras_model":
        import keras

        path = os.path.join(exchange, f"given-{os.getpid()}-{next(_counter)}.keras")
        with open(path, "wb") as fh:
            fh.write(bytes(value.data["bytes"]))
        return keras.saving.load_model(path, safe_mode=SAFE_LOADING)
    if isinstance(value, Record) and value.kind == "text_vectorization":
        import keras

        layer = keras.layers.TextVectorization.from_config(dict(value.data["config"]))
        layer.set_vocabulary(list(value.data["vocabulary"]))
        return layer
    if isinstance(value, Record) and value.kind == "keras_history":
        import keras

        history = keras.callbacks.History()
        history.history = {k: list(v) for k, v in value.data["history"].items()}
        history.epoch = list(value.data["epoch"])
        history.set_params(dict(value.data.get("params", {})))
        return history
    return value


def _model_record(model, exchange: str) -> Record:
    name = f"model-{os.getpid()}-{next(_counter)}.keras"
    try:
        parameters = int(model.count_params())
    except Exception:  # noqa: BLE001 - an unbuilt model has no count yet; saving decides
        parameters = 0
    if parameters > MAX_MODEL_PARAMETERS:
        return Record("keras_model", {"refused": f"the model has {parameters:,} parameters, more "
                                                 f"than the {MAX_MODEL_PARAMETERS:,} a model may have"})
    path = os.path.join(exchange, name)
    try:
        model.save(path)
        with open(path, "rb") as fh:
            data = np.frombuffer(fh.read(), dtype=np.uint8)
    except Exception as exc:  # noqa: BLE001 - reported to the grader as data
        return Record("keras_model", {"error": f"{type(exc).__name__}: {exc}"[:2000]})
    finally:
        if os.path.exists(path):
            os.remove(path)
    return Record("keras_model", {"bytes": data})


def _floats(values) -> list:
    out = []
    for v in values:
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            out.append(float("nan"))
    return out


def _history(history) -> dict:
    params = {k: v for k, v in (history.params or {}).items() if isinstance(v, PLAIN_CONFIG)}
    return {
        "history": {str(k): _floats(v) for k, v in history.history.items()},
        "epoch": [int(e) for e in history.epoch],
        "params": params,
    }


def _vectorizer(layer) -> dict:
    config = {k: v for k, v in layer.get_config().items() if isinstance(v, PLAIN_CONFIG)}
    return {"vocabulary": [str(w) for w in layer.get_vocabulary()], "config": config}


def _callback(callback) -> dict:
    """A callback's class and its plain attributes (monitor, patience,
    filepath, ...): enough to judge a built-in one's configuration."""
    cls = type(callback)
    attributes = {k: v for k, v in vars(callback).items()
                  if isinstance(k, str) and not k.startswith("_") and isinstance(v, PLAIN_CONFIG)}
    return {"class": cls.__name__, "module": cls.__module__,
            "bases": [c.__name__ for c in cls.__mro__[1:] if c is not object],
            "attributes": attributes}


def _figure(fig) -> dict:
    axes = []
    for ax in fig.get_axes():
        legend = ax.get_legend()
        axes.append({
            "title": ax.get_title(),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "lines": [{"x": np.asarray(line.get_xdata(), dtype=float),
                       "y": np.asarray(line.get_ydata(), dtype=float),
                       "label": str(line.get_label())} for line in ax.get_lines()],
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
        })
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    return {"axes": axes, "suptitle": suptitle}
