"""Kit code for 10 hyperparameter_search that runs inside the student's worker.

The grader can send neither a function nor receive a search object, so:

* :func:`search_recorded` calls the student's ``random_search`` with the
  module's ``create_model`` wrapped so that every call is recorded (the
  arguments it received, as the search routed them) together with the
  number of rows each of its models was trained on, and returns the result
  reduced to plain data (``cv_results_`` holds masked object arrays that
  cannot cross).
* :func:`learning_curve_recorded` calls the student's ``learning_curve``
  with a ``build_fn`` defined here: every model it builds records, for each
  ``fit`` call, the weights and the optimizer's step count at the start, the
  weights at the end, and which rows it was trained on.

A ``NotImplementedError`` from the student's code always propagates, so that
a stub is reported as "not implemented yet".
"""

from __future__ import annotations

import functools
import inspect
import os
import traceback

import numpy as np

from dlkit.harness import seed_everything

_KIT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _error_text(exc: BaseException) -> str:
    """``Type: message`` and the student's innermost frame (kit frames left out)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_KIT_DIR + os.sep)
              and "site-packages" not in f.filename]
    where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
    text = str(exc).strip()
    if len(text) > 700:  # scikit-learn's "All the fits failed" ends with the fits' error
        text = text[:200] + " [...] " + text[-500:]
    return f"{type(exc).__name__}: {text}{where}"


def _plain(value, depth: int = 0):
    """Plain data for the grader: containers rebuilt, NumPy scalars as Python
    numbers, anything else as its repr."""
    if depth > 8:
        return repr(value)[:100]
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    return repr(value)[:100]


def _column(value):
    """A numeric ``cv_results_`` column as a float array; None for the
    others (the ``param_*`` columns are masked arrays of objects)."""
    try:
        array = np.ma.filled(np.ma.asarray(value).astype(float), np.nan)
    except (TypeError, ValueError):
        return None
    return np.asarray(array, dtype=float)


def _search_summary(result) -> dict:
    if not isinstance(result, dict):
        return {"type": type(result).__name__}
    summary = {"type": "dict", "keys": sorted(str(k) for k in result)}
    if "best_params" in result:
        summary["best_params"] = _plain(result["best_params"])
    if "best_score" in result:
        score = result["best_score"]
        summary["best_score"] = (float(score) if isinstance(score, (int, float, np.number))
                                 and not isinstance(score, bool) else repr(score)[:100])
    cv_results = result.get("cv_results")
    if isinstance(cv_results, dict):
        columns = {}
        for key, value in cv_results.items():
            if key == "params":
                columns["params"] = _plain(list(value))
            elif not str(key).startswith("param_"):
                column = _column(value)
                if column is not None:
                    columns[str(key)] = column
        summary["cv_results"] = columns
        summary["cv_results_keys"] = [str(k) for k in cv_results]
    elif "cv_results" in result:
        summary["cv_results"] = {"type": type(cv_results).__name__}
    return summary


def _rows(args, kwargs) -> int | None:
    x = args[0] if args else kwargs.get("x")
    return int(len(x)) if hasattr(x, "__len__") and hasattr(x, "shape") else None


def _op_determinism(restore: bool | None = None) -> bool | None:
    """TensorFlow's op-determinism switch; with ``restore``, set it back.

    scikeras's ``random_state`` turns it on and (scikeras 0.13, TF 2.21) leaves
    it on, after which every unseeded random op raises: the later calls in this
    worker must not depend on whether the search was seeded."""
    try:
        from tensorflow.python.framework import config
    except ImportError:  # pragma: no cover - TensorFlow is always there
        return None
    if restore is False and config.is_op_determinism_enabled():
        config.disable_op_determinism()
    return config.is_op_determinism_enabled()


def _run_eagerly(model) -> None:
    """Tracing a graph costs more than a few steps of such tiny fits: run them eagerly
    (the same operations; the scores are only compared with each other)."""
    try:
        model.run_eagerly = True
    except Exception:  # noqa: BLE001 - not a Keras model: the grader reports what it is
        pass


def search_recorded(module, x, y, param_distributions, *, n_iter: int, cv: int, seed: int) -> dict:
    """``random_search(x, y, param_distributions, n_iter=..., cv=..., seed=...)``
    with ``create_model`` recorded. Returns ``{"result": summary, "builds":
    [{"arguments": {...}, "fit_rows": [...]}, ...]}``, ``arguments`` being the
    ``create_model`` arguments each build received, by name; ``{"error",
    "builds"}`` when it raised."""
    builds = []
    original = getattr(module, "create_model", None)
    if callable(original):
        signature = inspect.signature(original)

        @functools.wraps(original)  # scikeras reads the signature through __wrapped__
        def create_model(*args, **kwargs):
            try:
                arguments = dict(signature.bind_partial(*args, **kwargs).arguments)
            except TypeError:
                arguments = {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs}
            build = {"arguments": _plain(arguments), "fit_rows": []}
            builds.append(build)
            model = original(*args, **kwargs)
            _run_eagerly(model)
            fit = getattr(model, "fit", None)
            if callable(fit):
                def recorded_fit(*fit_args, **fit_kwargs):
                    build["fit_rows"].append(_rows(fit_args, fit_kwargs))
                    return fit(*fit_args, **fit_kwargs)
                try:
                    model.fit = recorded_fit
                except (AttributeError, TypeError):
                    pass
            return model

        module.create_model = create_model
    determinism = _op_determinism()
    try:
        result = module.random_search(x, y, param_distributions, n_iter=n_iter, cv=cv, seed=seed)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported with the builds, which may say why
        return {"error": _error_text(exc), "builds": builds}
    finally:
        if callable(original):
            module.create_model = original
        _op_determinism(determinism)
    return {"result": _search_summary(result), "builds": builds}


def kit_classifier(n_features: int, hidden: int):
    """The network ``learning_curve``'s ``build_fn`` returns, uncompiled."""
    import keras

    return keras.Sequential([keras.Input((n_features,)),
                             keras.layers.Dense(hidden, activation="tanh"),
                             keras.layers.Dense(1, activation="sigmoid")])


def _same_rows(got, want) -> bool:
    try:
        got = np.asarray(got)
    except Exception:  # noqa: BLE001 - anything odd is simply not the same rows
        return False
    return got.shape[:1] == want.shape[:1] and np.array_equal(got.reshape(want.shape), want)


def learning_curve_recorded(module, x_train, y_train, x_test, y_test, train_sizes, *, hidden: int,
                            learning_rate: float, seed: int) -> dict:
    """``learning_curve(build_fn, ...)`` with a ``build_fn`` of the kit's
    (:func:`kit_classifier` compiled with Adam(learning_rate), binary
    cross-entropy and accuracy, run eagerly). Returns ``{"result", "builds", "fits"}``:
    each fit ``{"model", "initial", "final", "steps_before", "rows",
    "first_rows"}``, ``first_rows`` telling whether x and y were the first
    ``rows`` rows of the training set."""
    import keras

    seed_everything(seed)
    models, fits = [], []

    def build_fn():
        model = kit_classifier(x_train.shape[1], hidden)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                      metrics=["accuracy"], run_eagerly=True)  # faster than tracing, see above
        index = len(models)
        models.append(model)
        fit = model.fit

        def recorded_fit(*args, **kwargs):
            x = args[0] if args else kwargs.get("x")
            y = args[1] if len(args) > 1 else kwargs.get("y")
            rows = _rows((x,), {})
            record = {"model": index, "initial": [np.array(w) for w in model.get_weights()],
                      "steps_before": int(model.optimizer.iterations.numpy()), "rows": rows,
                      "first_rows": rows is not None and _same_rows(x, x_train[:rows])
                      and _same_rows(y, y_train[:rows])}
            history = fit(*args, **kwargs)
            record["final"] = [np.array(w) for w in model.get_weights()]
            fits.append(record)
            return history

        model.fit = recorded_fit
        return model

    result = module.learning_curve(build_fn, x_train, y_train, x_test, y_test, list(train_sizes))
    return {"result": result, "builds": len(models), "fits": fits}
