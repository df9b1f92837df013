"""Grader-side handling of rich values from the student's worker.

A model arrives as a ``.keras`` file (:mod:`dlkit.sandbox.rich`).  It is
loaded here, in the grader's process, with ``safe_mode=True``, once
:mod:`dlkit.testing.model_screen` has found nothing wrong with it: an
oversized archive, code that is not Keras's own (a Lambda layer, a custom
class, a function outside Keras's activations, losses and metrics), too many
parameters or too costly a model is refused with a message saying why,
before Keras builds anything.
"""

from __future__ import annotations

import os
import warnings

from dlkit import scratch
from dlkit.sandbox.plaindata import Record, Unsupported
from dlkit.testing import model_screen
from dlkit.testing.calls import describe_value
from dlkit.testing.failures import StudentFailure


def _fail(call: str, text: str) -> None:
    raise StudentFailure(f"called {call}\n  {text}" if call else text)


def _record(value, kind: str, what: str, call: str) -> Record:
    if isinstance(value, Record) and value.kind == kind:
        return value
    got = describe_value(value)
    if isinstance(value, Unsupported) and value.detail:
        got += f" ({value.detail})"
    _fail(call, f"got {got}, expected {what}")


def load_model(value, call: str = "", compile: bool = True):
    """The student's model, loaded safely in this process."""
    import keras

    record = _record(value, "keras_model", "a Keras model", call)
    data = record.data if isinstance(record.data, dict) else {}
    if "refused" in data:
        _fail(call, f"the returned model was not graded: {data['refused']}")
    if "error" in data:
        _fail(call, f"the returned model could not be saved: {data['error']}")
    path = data.get("path", "")
    try:
        config = model_screen.read_config(path)
        foreign = sorted(set(model_screen.foreign_code(config)))
        if foreign:
            _fail(call, "the model uses " + "; ".join(foreign) + ": use Keras's own layers, "
                  "activations, losses and metrics only (graders load models with "
                  "safe_mode=True)")
        cost = _declared_cost(config, call)
        model_screen.check_cost(cost)
    except model_screen.ModelRefused as exc:
        _fail(call, str(exc))
    except RecursionError:
        _fail(call, "the returned model's config is nested too deeply to be checked")
    try:
        with warnings.catch_warnings():
            # An untrained compiled model has no optimizer variables to load.
            warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
            return keras.saving.load_model(path, safe_mode=True, compile=compile)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the student's
        _fail(call, f"the returned model could not be loaded with safe_mode=True: "
                    f"{type(exc).__name__}: {str(exc)[:500]}")


def _declared_cost(config: dict, call: str) -> model_screen.Cost:
    try:
        return model_screen.declared_cost(config)
    except model_screen.ModelRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - a config Keras cannot build is the student's
        _fail(call, f"the returned model could not be loaded with safe_mode=True: "
                    f"{type(exc).__name__}: {str(exc)[:500]}")


def model_record(model, folder: str | None = None) -> Record:
    """Save a (grader-built or student) model so it can be passed to the
    student's worker as an argument."""
    folder = folder or scratch.mkdtemp(prefix="dlkit-grader-models-")
    path = os.path.join(folder, f"grader-model-{id(model)}.keras")
    model.save(path)
    return Record("keras_model", {"path": path})


def history(value, call: str = "") -> dict:
    """A ``keras.callbacks.History`` as ``{"history", "epoch", "params"}``."""
    return _record(value, "keras_history", "a keras.callbacks.History (what model.fit returns)",
                   call).data


def figure(value, call: str = "") -> dict:
    """A matplotlib Figure's plotted data: axes with titles, labels, lines."""
    return _record(value, "figure", "a matplotlib Figure", call).data


def vectorizer(value, call: str = "") -> dict:
    """A TextVectorization layer's vocabulary and plain config."""
    return _record(value, "text_vectorization", "an adapted keras.layers.TextVectorization",
                   call).data


def vectorizer_record(layer) -> Record:
    """An adapted TextVectorization (grader-built) to pass to the student's
    worker as an argument, where it is rebuilt from its config and vocabulary."""
    plain = (str, int, float, bool, type(None))
    config = {k: v for k, v in layer.get_config().items() if isinstance(v, plain)}
    return Record("text_vectorization",
                  {"vocabulary": [str(w) for w in layer.get_vocabulary()], "config": config})


def callback(value, call: str = "") -> dict:
    """A Keras callback as ``{"class", "module", "bases", "attributes"}``:
    its class names and its plain attributes (``monitor``, ``patience``, ...)."""
    return _record(value, "keras_callback", "a keras.callbacks.Callback", call).data


def history_record(history: dict[str, list[float]], epoch: list[int] | None = None,
                   params: dict | None = None) -> Record:
    """A training history (``{"loss": [...], "val_loss": [...], ...}``) to
    pass to the student's worker, where it becomes a ``keras.callbacks.History``."""
    lengths = {len(v) for v in history.values()} or {0}
    epochs = list(range(max(lengths))) if epoch is None else list(epoch)
    return Record("keras_history", {"history": {k: [float(x) for x in v] for k, v in history.items()},
                                    "epoch": epochs, "params": dict(params or {})})
