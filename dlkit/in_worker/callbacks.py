"""Kit code for 09 callbacks that runs inside the student's worker.

``StopAtThreshold`` is a class, and the grader cannot receive its instances,
so these functions create and drive them here and return plain data:

* :func:`drive_stop_at_threshold` calls the hooks of ``StopAtThreshold(**kwargs)``
  in the order ``model.fit`` does (``on_train_begin``, then per epoch
  ``on_epoch_begin``, two ``on_train_batch_begin``/``_end`` with the epoch's
  training logs, ``on_epoch_end`` with all its logs, ``on_train_end``)
  against a tiny real model, for epoch logs the grader chose, and reports
  after which epoch and in which hook ``model.stop_training`` became True.
* :func:`fit_with_stop_at_threshold` runs a real ``model.fit`` with the callback.
* :func:`train_with_callbacks` calls the student's ``train_with_callbacks``
  and brings back its History, the trained model and the checkpoint file,
  loaded here so that it crosses back as a model.

A ``NotImplementedError`` from the student's code always propagates, so that
a stub is reported as "not implemented yet".
"""

from __future__ import annotations

import os
import traceback

from dlkit.harness import seed_everything

BATCHES_PER_EPOCH = 2
HOOKS = ("on_train_begin", "on_epoch_begin", "on_train_batch_begin", "on_batch_begin",
         "on_train_batch_end", "on_batch_end", "on_epoch_end", "on_train_end")
_KIT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _error_text(exc: BaseException) -> str:
    """``Type: message`` and the student's innermost frame (kit frames left out)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_KIT_DIR + os.sep)]
    where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:300]}{where}"


def _plain(value):
    """An attribute's value as plain data, or its repr."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
    except ImportError:  # pragma: no cover - NumPy is always there
        pass
    return repr(value)[:100]


def _class_facts(module) -> dict:
    import keras

    cls = getattr(module, "StopAtThreshold", None)
    if cls is None:
        return {"error": "the module defines no StopAtThreshold"}
    if not isinstance(cls, type):
        return {"error": f"StopAtThreshold is a {type(cls).__name__}, not a class"}
    is_callback = issubclass(cls, keras.callbacks.Callback)
    base = keras.callbacks.Callback
    # the hooks the class defines itself: says where it looks at the logs
    overrides = [h for h in HOOKS if getattr(cls, h, None) is not getattr(base, h, None)]
    return {"error": None, "is_callback": is_callback, "overrides": overrides,
            "bases": [c.__name__ for c in cls.__mro__[1:] if c is not object]}


def _stopped_epoch(callback) -> dict:
    missing = object()
    value = getattr(callback, "stopped_epoch", missing)
    return {"has_stopped_epoch": value is not missing,
            "stopped_epoch": None if value is missing else _plain(value)}


def _drive_one(cls, model, args: list, kwargs: dict, epoch_logs: list[dict]) -> dict:
    model.stop_training = False
    callback = cls(*args, **kwargs)
    callback.set_model(model)
    callback.set_params({"epochs": len(epoch_logs), "steps": BATCHES_PER_EPOCH, "verbose": 0})
    stop = {"epoch": None, "hook": None}

    def after(hook: str, epoch: int | None) -> bool:
        if model.stop_training and stop["hook"] is None:
            stop["epoch"], stop["hook"] = epoch, hook
        return bool(model.stop_training)

    callback.on_train_begin({})
    after("on_train_begin", 0)
    for epoch, logs in enumerate(epoch_logs):
        callback.on_epoch_begin(epoch, {})
        after("on_epoch_begin", epoch)
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        for batch in range(BATCHES_PER_EPOCH):
            callback.on_train_batch_begin(batch, {})
            after("on_train_batch_begin", epoch)
            callback.on_train_batch_end(batch, dict(train_logs))
            if after("on_train_batch_end (on_batch_end)", epoch):
                break  # as fit does
        callback.on_epoch_end(epoch, dict(logs))
        if after("on_epoch_end", epoch):
            break  # fit checks model.stop_training after each epoch
    callback.on_train_end({})
    return {"error": None, "stopped_after": stop["epoch"], "hook": stop["hook"],
            "self_stop_training": bool(getattr(callback, "stop_training", False)),
            **_stopped_epoch(callback)}


def drive_stop_at_threshold(module, cases: list[dict]) -> list[dict]:
    """Each case ``{"args": [...], "kwargs": {...}, "logs": [epoch logs, ...]}`` gives
    ``{"error", "is_callback", "bases", "overrides", "stopped_after", "hook",
    "self_stop_training", "has_stopped_epoch", "stopped_epoch"}``:
    ``stopped_after`` is the epoch after which ``fit`` would stop (None: never)."""
    import keras

    facts = _class_facts(module)
    if facts["error"] or not facts["is_callback"]:
        return [dict(facts) for _ in cases]
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    results = []
    for case in cases:
        try:
            result = _drive_one(module.StopAtThreshold, model, list(case.get("args", [])),
                                dict(case.get("kwargs", {})), list(case["logs"]))
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported to the grader as data
            result = {"error": _error_text(exc)}
        results.append({**facts, **result})
    return results


def fit_with_stop_at_threshold(module, kwargs: dict, model, x, y, x_val, y_val, *, epochs: int,
                               seed: int) -> dict:
    """``model.fit`` on the grader's data with ``StopAtThreshold(**kwargs)``
    as its only callback: the History's lists, the epochs run, ``stopped_epoch``."""
    facts = _class_facts(module)
    if facts["error"] or not facts["is_callback"]:
        return facts
    seed_everything(seed)
    callback = module.StopAtThreshold(**kwargs)
    history = model.fit(x, y, validation_data=(x_val, y_val), epochs=epochs, batch_size=32,
                        callbacks=[callback], verbose=0)
    lists = {str(k): [float(v) for v in values] for k, values in history.history.items()}
    return {**facts, "history": lists, "epochs_run": len(history.epoch),
            "self_stop_training": bool(getattr(callback, "stop_training", False)),
            **_stopped_epoch(callback)}


def _grader_make_callbacks(stopping: dict, checkpointing: dict):
    """A ``make_callbacks`` configured by the grader (so that the answer is
    not in the kit students get): ``train_with_callbacks`` is graded with it,
    so a mistake in the student's ``make_callbacks`` costs points once."""
    import keras

    def make_callbacks(checkpoint_path, patience=3):
        return [keras.callbacks.EarlyStopping(**{**stopping, "patience": patience}),
                keras.callbacks.ModelCheckpoint(checkpoint_path, **checkpointing)]
    return make_callbacks


def train_with_callbacks(module, model, x, y, checkpoint_path: str, max_epochs: int, *,
                         seed: int, stopping: dict | None = None,
                         checkpointing: dict | None = None) -> dict:
    """Call ``module.train_with_callbacks(model, x, y, checkpoint_path,
    max_epochs)`` (seeded, in the worker's own folder) with the module's
    ``make_callbacks`` replaced by the grader's (``EarlyStopping(**stopping)``
    and ``ModelCheckpoint(checkpoint_path, **checkpointing)``; without them,
    the student's own is used, as in the public checks). Returns the
    result, the model passed in (trained in place), the checkpoint file
    loaded as a model (None when there is none), and the other files the
    call wrote in the folder."""
    import keras

    if os.path.exists(checkpoint_path):
        os.remove(checkpoint_path)
    before = set(os.listdir("."))
    had_own = hasattr(module, "make_callbacks")
    own = getattr(module, "make_callbacks", None)
    if stopping is not None:
        module.make_callbacks = _grader_make_callbacks(stopping, checkpointing or {})
    try:
        seed_everything(seed)
        result = module.train_with_callbacks(model, x, y, checkpoint_path, max_epochs)
    finally:
        if stopping is not None and had_own:
            module.make_callbacks = own
        elif stopping is not None:
            del module.make_callbacks
    checkpoint, checkpoint_error = None, None
    if os.path.exists(checkpoint_path):
        try:
            checkpoint = keras.saving.load_model(checkpoint_path)
        except Exception as exc:  # noqa: BLE001 - reported to the grader as data
            checkpoint_error = f"{type(exc).__name__}: {str(exc)[:300]}"
    written = sorted(set(os.listdir(".")) - before - {checkpoint_path})
    return {"result": result, "model": model, "checkpoint": checkpoint,
            "checkpoint_error": checkpoint_error, "other_files": written}
