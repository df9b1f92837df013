"""Hidden graders for 09 callbacks: EarlyStopping, ModelCheckpoint, a custom
callback and learning curves.

* ``make_callbacks``: the callbacks cross from the worker as records of their
  class and plain attributes (``dlkit.testing.models.callback``); their
  configuration is judged for several paths and patiences.
* ``StopAtThreshold`` is a class, so kit code in the worker
  (``dlkit/in_worker/callbacks.py``) instantiates it and drives its hooks in
  ``model.fit``'s order against a tiny real model, with epoch logs chosen
  here (exact hits, a monitor other than the default, epochs without the
  monitored key, a threshold never reached), and reports after which epoch
  and in which hook ``model.stop_training`` became True. Expected: stop at
  the end of the first epoch whose ``logs[monitor] >= threshold``, with
  ``stopped_epoch`` that epoch's 0-based index. Then a real ``model.fit``
  with the callback, on data generated here, must stop at the epoch whose
  ``val_accuracy`` first reaches the threshold.
* ``train_with_callbacks``: a model built and compiled here is trained by the
  student's function in the worker (seeded), on data that over-fits within a
  few epochs, with ``make_callbacks`` replaced by a correct one for the call
  (so a mistake there costs points once, in its own tests). The History, the
  trained model and the checkpoint file come back; the validation loss of
  the model and of the checkpoint is recomputed here on the last 20 % of the
  data (``validation_split=0.2``, as the docstring prescribes) and must equal
  the smallest ``val_loss`` in the History.
* ``plot_learning_curves`` gets Histories built here and is graded on the
  plotted data of the returned Figure: which lists are plotted on which
  axes, against which x values, and the labels.

There is no accuracy threshold; the training facts relied on (where early
stopping stops on the grader's data, where val_accuracy first reaches the
threshold) are measured over several seeds in docs/thresholds_callbacks.md.
"""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from dlkit.sandbox.plaindata import Record
from dlkit.testing import StudentFailure, describe_value, grader_rng, memo, models
from dlkit.testing.failures import fail, mistake

# -- constants --------------------------------------------------------------------------

DEFAULT_MONITOR, DEFAULT_THRESHOLD = "val_accuracy", 0.9
DEFAULT_PATIENCE = 3
VALIDATION_SPLIT = 0.2

# The real fit of StopAtThreshold: 180 training and 60 validation points of a
# nearly separable 8-feature problem, a logistic-regression model (Adam 0.03).
# val_accuracy first reaches FIT_THRESHOLD at epoch index 2-10 for the model
# seeds measured (docs/thresholds_callbacks.md), far below FIT_MAX_EPOCHS.
FIT_THRESHOLD = 0.85
FIT_MAX_EPOCHS = 30
FIT_SEED = int(grader_rng("stop_at_threshold_fit").integers(2**31 - 1))

# train_with_callbacks: 200 points of a noisy 20-feature problem and a
# Dense(64) network (Adam 0.01) that over-fits after 1-4 epochs: with the
# reference, early stopping (patience 3) stops after 5-8 of MAX_EPOCHS epochs
# for every seed measured, and the last val_loss is 5-10 % above the best
# (docs/thresholds_callbacks.md), far beyond the comparison tolerance below.
MAX_EPOCHS = 40
SHORT_MAX_EPOCHS = 3  # patience 3 cannot stop a run of 3 epochs: exactly 3 must run
TRAIN_SEED = int(grader_rng("train_with_callbacks").integers(2**31 - 1))
CHECKPOINT = "grader-best.keras"
SHORT_CHECKPOINT = "grader-short.keras"
# The validation loss recomputed here (one batch) against fit's (batches of
# 32): equal to float32 rounding, about 1e-7 relative.
LOSS_RTOL = 1e-4

# -- mistake descriptions ------------------------------------------------------------

ES_TRAINING_LOSS = ("early stopping watches the training loss ('loss'), which keeps falling while "
                    "the model over-fits: monitor='val_loss'")
ES_PATIENCE_IGNORED = "patience ignored: pass EarlyStopping(patience=patience)"
ES_PATIENCE_DEFAULT = "patience not passed: EarlyStopping's own default is 0"
ES_NO_RESTORE = ("restore_best_weights not set: without it the model keeps the weights of the last "
                 "epoch, patience epochs past the best one; pass restore_best_weights=True")
MAX_MODE = "mode='max' on a loss: a loss improves when it goes down; use mode='min' (or 'auto')"
CK_HDF5 = ("an .hdf5/.h5 checkpoint name (old Keras): Keras 3's ModelCheckpoint saves whole models "
           "as .keras files: pass checkpoint_path (a .keras name) through")
CK_PATH_IGNORED = "checkpoint_path ignored: pass it to ModelCheckpoint(checkpoint_path, ...)"
CK_EVERY_EPOCH = ("save_best_only not set: the file is overwritten every epoch and ends up holding "
                  "the last epoch's model, not the best one; pass save_best_only=True")
CK_WEIGHTS_ONLY = ("save_weights_only=True saves the weights only; the checkpoint must hold the whole "
                   "model (the default, save_weights_only=False)")

SAT_STRICT = ("'>' instead of '>=': reaching the threshold exactly counts "
              "(logs[monitor] >= threshold)")
SAT_MONITOR_IGNORED = ("the monitor argument is ignored (always 'val_accuracy'?): read "
                       "logs.get(self.monitor)")
SAT_THRESHOLD_IGNORED = "the threshold argument is ignored (always 0.9?): compare with self.threshold"
SAT_IN_BATCH = ("it checks the logs after batches (on_train_batch_end / on_batch_end): batch logs "
                "have no val_ metrics, and stopping there cuts an epoch short; check at the end of "
                "each epoch, in on_epoch_end")
SAT_LATE = ("it stopped one epoch late: set self.model.stop_training = True in on_epoch_end of the "
            "epoch that reached the threshold, not at the start of the next one")
SAT_AT_START = "it stopped training in on_train_begin, before any epoch ran"
SAT_ON_SELF = ("it set stop_training on the callback (self.stop_training), which fit never reads: "
               "set self.model.stop_training = True")
SAT_NOT_CALLBACK = ("StopAtThreshold is not a keras.callbacks.Callback: define it as "
                    "class StopAtThreshold(keras.callbacks.Callback) and call super().__init__()")
SAT_KEY_ERROR = ("it crashes when the logs lack the monitored key (an epoch without validation, "
                 "or a metric the model does not compute): read logs.get(self.monitor) and do "
                 "nothing when it is None")
SAT_NO_STOPPED_EPOCH = ("stopped_epoch not recorded: set self.stopped_epoch = epoch when it stops "
                        "(as EarlyStopping does)")
SAT_ONE_BASED = ("stopped_epoch is 1-based (epoch + 1): record the 0-based epoch index that "
                 "on_epoch_end receives, as EarlyStopping does")

TW_NO_VALIDATION = ("no validation data: fit with validation_split=0.2 so that val_loss is computed "
                    "each epoch (early stopping and the checkpoint watch it)")
TW_NO_EARLY_STOP = ("training did not stop early: pass callbacks=make_callbacks(checkpoint_path) to "
                    "model.fit (EarlyStopping on val_loss, patience 3)")
TW_MAX_EPOCHS_IGNORED = "max_epochs ignored: fit with epochs=max_epochs"
TW_NO_RESTORE = ("the model kept the weights of the last epoch, not the best: the EarlyStopping "
                 "callback needs restore_best_weights=True (use make_callbacks(checkpoint_path))")
TW_NEW_MODEL = ("the model passed in was not trained: train that model (in place), not a new one or "
                "a copy")
TW_WRONG_SPLIT = ("the validation loss does not match the last 20 % of x and y: use "
                  "validation_split=0.2 (not validation_data=..., another fraction, or a shuffled split)")
TW_NO_CHECKPOINT = ("no checkpoint file at checkpoint_path: pass "
                    "callbacks=make_callbacks(checkpoint_path) to model.fit")

PLOT_LEGACY_ACC = ("history.history['acc'] / ['val_acc'] are the old names: use ['accuracy'] and "
                   "['val_accuracy']")
PLOT_ONE_AXES = ("loss and accuracy are plotted on one axes: use two axes, "
                 "fig, (ax_loss, ax_acc) = plt.subplots(1, 2)")
PLOT_FROM_ZERO = ("the x values start at 0 (plt.plot(values) or range(len(values))): epochs are "
                  "numbered 1 .. n: plot against range(1, n + 1)")
PLOT_SWAPPED = "the train and validation labels are swapped"
PLOT_NOT_FIGURE = ("return the Figure itself (fig, axes = plt.subplots(...); ...; return fig), not "
                   "the axes, pyplot or None")


# -- make_callbacks -------------------------------------------------------------------------

@memo
def make_callbacks_cases():
    """(checkpoint_path, patience or None for the default)."""
    rng = grader_rng("make_callbacks")
    patiences = [int(p) for p in rng.choice([1, 2, 4, 5, 6, 7, 8], size=2, replace=False)]
    return [("best.keras", None), (f"checkpoints/run_{int(rng.integers(10, 99))}.keras", patiences[0]),
            (f"model-{int(rng.integers(100, 999))}.keras", patiences[1])]


def call_make_callbacks(student, path, patience):
    try:
        if patience is None:
            got = student.make_callbacks(path)
        else:
            got = student.make_callbacks(path, patience=patience)
    except StudentFailure as exc:
        text = str(exc)
        if ".keras" in text and ("hdf5" in text or ".h5" in text or "filepath" in text):
            raise StudentFailure(text + "\n  " + mistake(CK_HDF5), exc.function) from None
        raise
    call = student.last_call
    if not isinstance(got, (list, tuple)):
        fail(call, f"got {describe_value(got)}, expected a list [EarlyStopping, ModelCheckpoint]")
    records = []
    for i, item in enumerate(got):
        if not (isinstance(item, Record) and item.kind == "keras_callback"):
            fail(call, f"item {i} of the list is {describe_value(item)}, expected a Keras callback")
        records.append(models.callback(item, call=call))
    return records, call


def find_callback(records, name, call):
    for record in records:
        if record["class"] == name or name in record["bases"]:
            return record["attributes"]
    classes = [r["class"] for r in records]
    fail(call, f"the list holds {classes}: no keras.callbacks.{name}")


@pytest.mark.points(2)
def test_make_callbacks_early_stopping(student, credit):
    for path, patience in make_callbacks_cases():
        with credit.case():
            records, call = call_make_callbacks(student, path, patience)
            attrs = find_callback(records, "EarlyStopping", call)
            want_patience = DEFAULT_PATIENCE if patience is None else patience
            problems = []
            if attrs.get("monitor") != "val_loss":
                problems += [f"EarlyStopping monitors {attrs.get('monitor')!r}, expected 'val_loss'",
                             mistake(ES_TRAINING_LOSS if attrs.get("monitor") == "loss" else "")]
            if attrs.get("patience") != want_patience:
                name = ""
                if attrs.get("patience") == 0:
                    name = ES_PATIENCE_DEFAULT
                elif attrs.get("patience") == DEFAULT_PATIENCE or patience is not None:
                    name = ES_PATIENCE_IGNORED
                problems += [f"EarlyStopping has patience {attrs.get('patience')!r}, expected "
                             f"{want_patience}", mistake(name)]
            if attrs.get("restore_best_weights") is not True:
                problems += [f"EarlyStopping has restore_best_weights={attrs.get('restore_best_weights')!r}",
                             mistake(ES_NO_RESTORE)]
            if attrs.get("mode") not in ("auto", "min"):
                problems += [f"EarlyStopping has mode={attrs.get('mode')!r}", mistake(MAX_MODE)]
            if problems:
                fail(call, *problems)


@pytest.mark.points(2)
def test_make_callbacks_checkpoint(student, credit):
    for path, patience in make_callbacks_cases():
        with credit.case():
            records, call = call_make_callbacks(student, path, patience)
            attrs = find_callback(records, "ModelCheckpoint", call)
            problems = []
            filepath = attrs.get("filepath")
            if filepath != path:
                legacy = isinstance(filepath, str) and filepath.endswith((".h5", ".hdf5"))
                problems += [f"ModelCheckpoint saves to {filepath!r}, expected checkpoint_path {path!r}",
                             mistake(CK_HDF5 if legacy else CK_PATH_IGNORED)]
            if attrs.get("save_best_only") is not True:
                problems += [f"ModelCheckpoint has save_best_only={attrs.get('save_best_only')!r}",
                             mistake(CK_EVERY_EPOCH)]
            if attrs.get("save_weights_only") is not False:
                problems += [f"ModelCheckpoint has save_weights_only="
                             f"{attrs.get('save_weights_only')!r}", mistake(CK_WEIGHTS_ONLY)]
            if attrs.get("monitor") != "val_loss":
                problems += [f"ModelCheckpoint monitors {attrs.get('monitor')!r}, expected 'val_loss' "
                             "(the best model is the one with the smallest validation loss)"]
            if attrs.get("mode") not in ("auto", "min"):
                problems += [f"ModelCheckpoint has mode={attrs.get('mode')!r}", mistake(MAX_MODE)]
            if problems:
                fail(call, *problems)


# -- StopAtThreshold: driven hooks ------------------------------------------------------

def first_reaching(logs, monitor, threshold, strict=False):
    for epoch, entry in enumerate(logs):
        value = entry.get(monitor)
        if value is not None and (value > threshold if strict else value >= threshold):
            return epoch
    return None


def rising(rng, n, low, high):
    """n increasing values from low to high, rounded to 3 decimals."""
    steps = rng.uniform(0.6, 1.4, n - 1)
    values = low + (high - low) * np.concatenate([[0.0], np.cumsum(steps) / steps.sum()])
    return [round(float(v), 3) for v in values]


def epoch_logs(val_accuracy, accuracy, extra=None):
    """Logs with loss and val_loss going down as the accuracies go up."""
    logs = []
    for i, (va, a) in enumerate(zip(val_accuracy, accuracy)):
        entry = {"loss": round(1.2 - a, 4), "accuracy": a, "val_loss": round(1.3 - va, 4),
                 "val_accuracy": va}
        for key, values in (extra or {}).items():
            entry[key] = values[i]
        logs.append(entry)
    return logs


def dyadic_exact_case(rng):
    """val_accuracy hits the threshold exactly (a value exact in binary)."""
    threshold = float(rng.choice([0.625, 0.75, 0.8125]))
    hit = int(rng.integers(2, 5))
    below = rising(rng, hit, 0.45, threshold - 0.06)
    above = [threshold] + [round(threshold + 0.04 * k, 3) for k in range(1, 4)]
    val_accuracy = below + above
    accuracy = [round(v + 0.02, 3) for v in val_accuracy]
    return {"kwargs": {"monitor": "val_accuracy", "threshold": threshold},
            "logs": epoch_logs(val_accuracy, accuracy)}


@memo
def driven_cases():
    """name -> {"args", "kwargs", "logs", "note"}: the epoch logs each
    StopAtThreshold is driven with (expected stops computed from them)."""
    rng = grader_rng("stop_at_threshold")
    cases = {}
    va = rising(rng, 7, 0.55, 0.96)
    cases["defaults"] = {"kwargs": {}, "logs": epoch_logs(va, [min(round(v + 0.03, 3), 0.999) for v in va])}
    threshold = round(float(rng.uniform(0.76, 0.84)), 2)
    acc = rising(rng, 8, 0.6, 0.97)
    cases["monitor accuracy"] = {"kwargs": {"monitor": "accuracy", "threshold": threshold},
                                 "logs": epoch_logs([round(a - 0.12, 3) for a in acc], acc)}
    auc = rising(rng, 8, 0.62, 0.88)
    va = rising(rng, 8, 0.5, 0.93)
    cases["monitor val_auc"] = {"args": ["val_auc", 0.8],
                                "logs": epoch_logs(va, [round(v + 0.05, 3) for v in va], {"val_auc": auc})}
    va = rising(rng, 8, 0.5, 0.95)
    cases["low threshold"] = {"kwargs": {"threshold": 0.7},
                              "logs": epoch_logs(va, [round(v + 0.02, 3) for v in va])}
    va = rising(rng, 9, 0.7, 0.985)
    cases["high threshold"] = {"kwargs": {"threshold": 0.97},
                               "logs": epoch_logs(va, [min(round(v + 0.01, 3), 0.999) for v in va])}
    cases["exact hit"] = dyadic_exact_case(rng)
    va = rising(rng, 6, 0.6, 0.95)
    cases["never reached"] = {"kwargs": {"threshold": 0.99},
                              "logs": epoch_logs(va, [round(v + 0.02, 3) for v in va])}
    # validation_freq=2: fit validates after epochs 1, 3, 5 only, so the other
    # epochs' logs have no val_ entries
    va = rising(rng, 7, 0.6, 0.95)
    logs = epoch_logs(va, [round(v + 0.02, 3) for v in va])
    for epoch in range(0, 7, 2):
        logs[epoch] = {k: v for k, v in logs[epoch].items() if not k.startswith("val_")}
    cases["validation every 2nd epoch"] = {
        "kwargs": {"threshold": round(float(va[3] - 0.01), 3)}, "logs": logs,
        "note": "(validation_freq=2: val_ entries only on epochs 1, 3, 5)"}
    va = rising(rng, 5, 0.6, 0.95)
    cases["metric never logged"] = {"kwargs": {"monitor": "val_precision", "threshold": 0.5},
                                    "logs": epoch_logs(va, [round(v + 0.02, 3) for v in va]),
                                    "note": "(no epoch's logs hold 'val_precision')"}
    for case in cases.values():
        case.setdefault("args", [])
        case.setdefault("kwargs", {})
        case.setdefault("note", "")
    return cases


STOP_CASES = ("defaults", "monitor accuracy", "monitor val_auc", "low threshold", "high threshold",
              "exact hit")
ROBUST_CASES = ("never reached", "validation every 2nd epoch", "metric never logged")


def settings(case):
    """(monitor, threshold) the case's StopAtThreshold was created with."""
    names = ("monitor", "threshold")
    values = dict(zip(names, case["args"]))
    values.update(case["kwargs"])
    return values.get("monitor", DEFAULT_MONITOR), values.get("threshold", DEFAULT_THRESHOLD)


def describe_driven(case) -> str:
    parts = [repr(a) for a in case["args"]] + [f"{k}={v!r}" for k, v in case["kwargs"].items()]
    monitor, _ = settings(case)
    values = [entry.get(monitor) for entry in case["logs"]]
    shown = ", ".join("-" if v is None else f"{v:g}" for v in values)
    keys = sorted({k for entry in case["logs"] for k in entry})
    return (f"StopAtThreshold({', '.join(parts)}), its hooks called as model.fit does for "
            f"{len(values)} epochs whose logs[{monitor!r}] were [{shown}] (logs keys: "
            f"{', '.join(keys)}) {case['note']}").strip()


@pytest.fixture(scope="module")
def driven(student):
    """name -> (case, result): one harness call for every driven case."""
    cases = driven_cases()
    names = list(cases)
    results = student.harness("dlkit.in_worker.callbacks:drive_stop_at_threshold",
                              [{"args": cases[n]["args"], "kwargs": cases[n]["kwargs"],
                                "logs": cases[n]["logs"]} for n in names],
                              label="StopAtThreshold")
    return {n: (cases[n], r) for n, r in zip(names, results)}


def check_class(result, call):
    if result.get("error") and "is_callback" not in result:
        fail(call, result["error"])
    if not result.get("is_callback"):
        fail(call, f"StopAtThreshold's base classes are {result.get('bases')}",
             mistake(SAT_NOT_CALLBACK))


def check_ran(case, result, call):
    """The class is a Callback and driving it raised nothing."""
    check_class(result, call)
    if result.get("error"):
        missing = case["note"] and "KeyError" in result["error"]
        fail(call, f"it raised {result['error']}", mistake(SAT_KEY_ERROR if missing else ""))


def batch_hooks_only(result) -> bool:
    """The class looks at batch logs and never at the end of an epoch."""
    hooks = result.get("overrides") or []
    return any("batch_end" in h for h in hooks) and "on_epoch_end" not in hooks


def check_stop(case, result, call):
    check_ran(case, result, call)
    monitor, threshold = settings(case)
    logs = case["logs"]
    want = first_reaching(logs, monitor, threshold)
    got, hook = result["stopped_after"], result["hook"]
    if got == want and (got is None or hook == "on_epoch_end"):
        return
    if got == want:  # right epoch, wrong hook: it would stop mid-epoch in fit
        fail(call, f"training stopped in {hook} of epoch index {got}, expected at its end "
                   "(on_epoch_end)", mistake(SAT_IN_BATCH if "batch" in (hook or "") else SAT_LATE))
    got_text = ("training never stopped" if got is None
                else f"training stopped after epoch index {got} (in {hook})")
    want_text = (f"no epoch's logs[{monitor!r}] reaches {threshold}, so it must never stop" if want is None
                 else f"expected a stop after epoch index {want}, the first epoch whose "
                      f"logs[{monitor!r}] >= {threshold}")
    lines = [f"{got_text}; {want_text}"]
    names = []
    if hook and "batch" in hook:
        names.append(SAT_IN_BATCH)
    elif hook == "on_epoch_begin" or (got is not None and want is not None and got == want + 1
                                      and hook != "on_epoch_end"):
        names.append(SAT_LATE)
    elif hook == "on_train_begin":
        names.append(SAT_AT_START)
    if got is None and result.get("self_stop_training"):
        names.append(SAT_ON_SELF)
    alternatives = {SAT_STRICT: first_reaching(logs, monitor, threshold, strict=True),
                    SAT_MONITOR_IGNORED: first_reaching(logs, DEFAULT_MONITOR, threshold),
                    SAT_THRESHOLD_IGNORED: first_reaching(logs, monitor, DEFAULT_THRESHOLD)}
    if not names and got is None and batch_hooks_only(result):
        names.append(SAT_IN_BATCH)
    if not names:
        names = [text for text, epoch in alternatives.items() if epoch != want and epoch == got]
    if names:
        lines.append(mistake(names[0]))
        lines += [f"or: {n}" for n in names[1:]]
    fail(call, *lines)


@pytest.mark.points(1)
def test_stop_at_threshold_is_a_keras_callback(driven):
    case, result = driven["defaults"]
    check_class(result, describe_driven(case))


@pytest.mark.points(2)
def test_stop_at_threshold_stops_at_first_epoch_reaching_threshold(driven, credit):
    for name in STOP_CASES:
        with credit.case():
            case, result = driven[name]
            check_stop(case, result, describe_driven(case))


@pytest.mark.points(1)
def test_stop_at_threshold_missing_key_and_never_reached(driven, credit):
    for name in ROBUST_CASES:
        with credit.case():
            case, result = driven[name]
            check_stop(case, result, describe_driven(case))


@pytest.mark.points(1)
def test_stop_at_threshold_records_stopped_epoch(driven, credit):
    stopped = 0
    for name in STOP_CASES + ROBUST_CASES:
        case, result = driven[name]
        if result.get("error") or result.get("stopped_after") is None:
            continue
        stopped += 1
        with credit.case():
            call = describe_driven(case)
            got, want = result.get("stopped_epoch"), result["stopped_after"]
            if not result.get("has_stopped_epoch"):
                fail(call, f"training stopped after epoch index {want}, but the callback has no "
                           "stopped_epoch attribute", mistake(SAT_NO_STOPPED_EPOCH))
            if got != want or isinstance(got, bool):
                name_ = ""
                if isinstance(got, (int, float)) and got == want + 1:
                    name_ = SAT_ONE_BASED
                elif got in (0, None) and want > 0:
                    name_ = SAT_NO_STOPPED_EPOCH
                fail(call, f"training stopped after epoch index {want}, but stopped_epoch is "
                           f"{got!r}, expected {want}", mistake(name_))
    if not stopped:
        case, result = driven["defaults"]
        check_ran(case, result, describe_driven(case))
        fail(describe_driven(case), "the callback never stopped training, so stopped_epoch could "
                                    "not be checked")


# -- StopAtThreshold: a real fit ------------------------------------------------------------

@memo
def fit_case():
    """Training and validation data, and a compiled logistic-regression model."""
    rng = grader_rng("stop_at_threshold_data")
    x = rng.normal(size=(240, 8)).astype(np.float32)
    w = rng.normal(size=8)
    y = ((x @ w) / np.sqrt(8) + 0.1 * rng.normal(size=240) > 0).astype(np.float32)
    keras.utils.set_random_seed(FIT_SEED)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return models.model_record(model), x[:180], y[:180], x[180:], y[180:]


@pytest.mark.points(2)
def test_stop_at_threshold_in_model_fit(student):
    record, x, y, x_val, y_val = fit_case()
    result = student.harness("dlkit.in_worker.callbacks:fit_with_stop_at_threshold",
                             {"threshold": FIT_THRESHOLD}, record, x, y, x_val, y_val,
                             epochs=FIT_MAX_EPOCHS, seed=FIT_SEED, label="StopAtThreshold")
    call = (f"model.fit(<180 points>, validation_data=<60 points>, epochs={FIT_MAX_EPOCHS}, "
            f"callbacks=[StopAtThreshold(threshold={FIT_THRESHOLD})]) on a small logistic "
            f"regression (seed {FIT_SEED})")
    check_class(result, call)
    curve = result["history"].get(DEFAULT_MONITOR, [])
    want = first_reaching([{DEFAULT_MONITOR: v} for v in curve], DEFAULT_MONITOR, FIT_THRESHOLD)
    run = result["epochs_run"]
    if want is not None and run == want + 1:
        return
    shown = "[" + ", ".join(f"{v:.3f}" for v in curve) + "]"
    if want is None and run == FIT_MAX_EPOCHS:  # never reached: the grader's data failed
        fail(call, f"val_accuracy never reached {FIT_THRESHOLD} in {run} epochs: {shown}",
             "the grader could not check the stop; report this to the instructors")
    lines = [f"it ran {run} epochs; val_accuracy per epoch was {shown}"]
    if want is None or run < want + 1:
        lines.append(f"it stopped before val_accuracy reached {FIT_THRESHOLD}")
    else:
        lines.append(f"val_accuracy first reached {FIT_THRESHOLD} at epoch index {want}, so "
                     f"training should have stopped after {want + 1} epochs")
        if run == FIT_MAX_EPOCHS and result.get("self_stop_training"):
            lines.append(mistake(SAT_ON_SELF))
        elif run == FIT_MAX_EPOCHS and batch_hooks_only(result):
            lines.append(mistake(SAT_IN_BATCH))
        elif run == FIT_MAX_EPOCHS:
            lines.append("it never stopped training: set self.model.stop_training = True in "
                         "on_epoch_end")
    fail(call, *lines)


# -- train_with_callbacks ---------------------------------------------------------------------

@memo
def train_case():
    """Data that over-fits quickly and a compiled model built with TRAIN_SEED."""
    rng = grader_rng("train_with_callbacks_data")
    x = rng.normal(size=(200, 20)).astype(np.float32)
    w = rng.normal(size=20)
    y = ((x @ w) / np.sqrt(20) + rng.normal(size=200) > 0).astype(np.float32)
    keras.utils.set_random_seed(TRAIN_SEED)
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model, models.model_record(model), x, y


def validation_part(x, y):
    split_at = int(math.floor(len(x) * (1.0 - VALIDATION_SPLIT)))
    return x[split_at:], y[split_at:]


def validation_loss(model, x, y) -> float:
    """Binary cross-entropy on the validation part (an eager forward pass:
    no evaluate() to trace, and whatever the model was recompiled with)."""
    x_val, y_val = validation_part(x, y)
    probabilities = model(x_val, training=False)
    return float(keras.losses.BinaryCrossentropy()(y_val.reshape(-1, 1), probabilities))


@memo
def initial_validation_loss():
    model, _, x, y = train_case()
    return validation_loss(model, x, y)


# The make_callbacks that train_with_callbacks is graded with (a correct one).
STOPPING = {"monitor": "val_loss", "restore_best_weights": True}
CHECKPOINTING = {"monitor": "val_loss", "save_best_only": True}


def run_training(student, checkpoint, max_epochs):
    _, record, x, y = train_case()
    result = student.harness("dlkit.in_worker.callbacks:train_with_callbacks", record, x, y,
                             checkpoint, max_epochs, seed=TRAIN_SEED, stopping=STOPPING,
                             checkpointing=CHECKPOINTING, label="train_with_callbacks")
    call = (f"train_with_callbacks(<a compiled Dense(64) classifier>, {describe_value(x)}, "
            f"{describe_value(y)}, {checkpoint!r}, {max_epochs}) (seed {TRAIN_SEED}; data that "
            "over-fits after a few epochs)")
    return result, call


@pytest.fixture(scope="module")
def trained(student):
    return run_training(student, CHECKPOINT, MAX_EPOCHS)


def history_lists(result, call):
    data = models.history(result["result"], call=call)["history"]
    if not data.get("val_loss"):
        fail(call, f"the History has no 'val_loss' (keys: {sorted(data)})", mistake(TW_NO_VALIDATION))
    return data


def close(a, b) -> bool:
    return bool(np.isclose(a, b, rtol=LOSS_RTOL, atol=1e-6))


@pytest.mark.points(2)
def test_train_with_callbacks_stops_early(student, trained, credit):
    with credit.case():
        result, call = trained
        val_loss = history_lists(result, call)["val_loss"]
        run, best = len(val_loss), int(np.argmin(val_loss))
        want = best + 1 + DEFAULT_PATIENCE
        if run != want:
            shown = "[" + ", ".join(f"{v:.4f}" for v in val_loss) + "]"
            lines = [f"it ran {run} epochs with val_loss {shown}",
                     f"the best val_loss was at epoch index {best}; early stopping with patience "
                     f"{DEFAULT_PATIENCE} stops {DEFAULT_PATIENCE} epochs later, after {want} epochs"]
            if run >= MAX_EPOCHS:
                lines.append(mistake(TW_NO_EARLY_STOP))
            fail(call, *lines)
    with credit.case():
        result, call = run_training(student, SHORT_CHECKPOINT, SHORT_MAX_EPOCHS)
        data = models.history(result["result"], call=call)["history"]
        run = len(data.get("loss", []))
        if run != SHORT_MAX_EPOCHS:
            fail(call, f"it ran {run} epochs, expected max_epochs = {SHORT_MAX_EPOCHS} (early "
                       f"stopping with patience {DEFAULT_PATIENCE} cannot stop sooner)",
                 mistake(TW_MAX_EPOCHS_IGNORED))


def check_best_loss(model, val_loss, what, call, last_mistake):
    _, _, x, y = train_case()
    got = validation_loss(model, x, y)
    best, last = min(val_loss), val_loss[-1]
    if close(got, best):
        return
    lines = [f"{what} has a loss of {got:.6f} on the validation part (the last 20 % of x, y), "
             f"expected the smallest val_loss of the History, {best:.6f}"]
    if close(got, last):
        lines.append(f"that is the last epoch's val_loss: {mistake(last_mistake)}")
    elif close(got, initial_validation_loss()):
        lines.append(mistake(TW_NEW_MODEL))
    else:
        lines.append(mistake(TW_WRONG_SPLIT))
    fail(call, *lines)


@pytest.mark.points(2)
def test_train_with_callbacks_restores_best_weights(trained):
    result, call = trained
    val_loss = history_lists(result, call)["val_loss"]
    model = models.load_model(result["model"], call=call)
    check_best_loss(model, val_loss, "the model after training", call, TW_NO_RESTORE)


@pytest.mark.points(2)
def test_train_with_callbacks_checkpoint_holds_best(trained):
    result, call = trained
    val_loss = history_lists(result, call)["val_loss"]
    if result.get("checkpoint_error"):
        fail(call, f"the checkpoint file {CHECKPOINT!r} could not be loaded: {result['checkpoint_error']}")
    if result.get("checkpoint") is None:
        others = result.get("other_files") or []
        fail(call, f"no file {CHECKPOINT!r} was written"
             + (f"; the call wrote {others}" if others else ""),
             mistake(CK_PATH_IGNORED if others else TW_NO_CHECKPOINT))
    model = models.load_model(result["checkpoint"], call=call + " (the checkpoint file)")
    check_best_loss(model, val_loss, f"the model in {CHECKPOINT!r}", call, CK_EVERY_EPOCH)


# -- plot_learning_curves ----------------------------------------------------------------------

KEYS = ("loss", "val_loss", "accuracy", "val_accuracy")


@memo
def plot_histories():
    rng = grader_rng("plot_learning_curves")
    histories = []
    for n in (8, int(rng.integers(11, 16))):
        t = np.arange(n)
        loss = 1.1 * np.exp(-0.25 * t) + 0.15 + rng.uniform(0, 0.02, n)
        val_loss = 1.0 * np.exp(-0.3 * t) + 0.3 + 0.012 * t ** 1.5 + rng.uniform(0, 0.03, n)
        accuracy = 0.97 - 0.45 * np.exp(-0.35 * t) + rng.uniform(-0.01, 0.01, n)
        val_accuracy = 0.9 - 0.4 * np.exp(-0.4 * t) - 0.004 * t + rng.uniform(-0.015, 0.015, n)
        histories.append({k: [round(float(v), 4) for v in values] for k, values in
                          zip(KEYS, (loss, val_loss, accuracy, val_accuracy))})
    return histories


def plot(student, hist):
    n = len(hist["loss"])
    call = f"plot_learning_curves(<a History of {n} epochs with {', '.join(KEYS)}>)"
    try:
        value = student.plot_learning_curves(models.history_record(hist))
    except StudentFailure as exc:
        text = str(exc)
        legacy = "'acc'" in text or "'val_acc'" in text
        raise StudentFailure(text + ("\n  " + mistake(PLOT_LEGACY_ACC) if legacy else ""),
                             exc.function) from None
    if not (isinstance(value, Record) and value.kind == "figure"):
        fail(call, f"got {describe_value(value)}, expected a matplotlib Figure", mistake(PLOT_NOT_FIGURE))
    return models.figure(value, call=call), call


def which_list(y, hist):
    for key in KEYS:
        if len(y) == len(hist[key]) and np.allclose(y, hist[key], rtol=1e-6, atol=1e-7):
            return key
    return None


def locate(fig, hist, call):
    """key -> (axes index, line) for the four lists; fails when one is missing
    or a line plots something else."""
    found = {}
    for i, ax in enumerate(fig["axes"]):
        for line in ax["lines"]:
            key = which_list(np.asarray(line["y"], dtype=float), hist)
            if key is None:
                shown = np.round(np.asarray(line["y"], dtype=float)[:6], 4).tolist()
                fail(call, f"axes {i} has a line (label {line['label']!r}) with y values {shown}..., "
                           f"which are none of the History's lists {list(KEYS)}")
            found.setdefault(key, (i, line))
    missing = [k for k in KEYS if k not in found]
    if missing:
        fail(call, f"not plotted: {missing} (plotted: {sorted(found)})",
             "plot history.history['loss'], ['val_loss'], ['accuracy'] and ['val_accuracy']")
    return found


@pytest.mark.points(2)
def test_plot_learning_curves_data(student, credit):
    for hist in plot_histories():
        with credit.case():
            fig, call = plot(student, hist)
            found = locate(fig, hist, call)
            axes_of = {k: found[k][0] for k in KEYS}
            if len(set(axes_of.values())) == 1:
                fail(call, "all four curves are on one axes", mistake(PLOT_ONE_AXES))
            problems = []
            for index in sorted(set(axes_of.values())):
                on_it = [k for k in KEYS if axes_of[k] == index]
                if any("loss" in k for k in on_it) and any("acc" in k for k in on_it):
                    problems.append(f"axes {index} holds {on_it}: a loss and an accuracy curve share an "
                                    "axes; the loss axes holds loss and val_loss only, the accuracy "
                                    "axes accuracy and val_accuracy")
            if axes_of["loss"] != axes_of["val_loss"]:
                problems.append("loss and val_loss are on different axes: plot each quantity's train "
                                "and validation curves together")
            if axes_of["accuracy"] != axes_of["val_accuracy"]:
                problems.append("accuracy and val_accuracy are on different axes: plot each quantity's "
                                "train and validation curves together")
            if problems:
                fail(call, f"curves per axes: {axes_of}", *problems)
            n = len(hist["loss"])
            for key in KEYS:
                x = np.asarray(found[key][1]["x"], dtype=float)
                if len(x) != n or not np.array_equal(x, np.arange(1, n + 1)):
                    from_zero = len(x) == n and np.array_equal(x, np.arange(n))
                    fail(call, f"{key} is plotted against x = {x.tolist()}, expected the epochs "
                               f"1 .. {n}", mistake(PLOT_FROM_ZERO if from_zero else ""))


@pytest.mark.points(1)
def test_plot_learning_curves_labels(student, credit):
    for hist in plot_histories():
        with credit.case():
            fig, call = plot(student, hist)
            found = locate(fig, hist, call)
            problems = []
            for train_key, word in (("loss", "loss"), ("accuracy", "acc")):
                index = found[train_key][0]
                ax = fig["axes"][index]
                where = f"the {train_key} axes (axes {index})"
                if "epoch" not in ax["xlabel"].lower():
                    problems.append(f"{where} has x label {ax['xlabel']!r}: label it 'epoch' "
                                    "(ax.set_xlabel)")
                if word not in (ax["title"] + " " + ax["ylabel"]).lower():
                    problems.append(f"{where} has title {ax['title']!r} and y label "
                                    f"{ax['ylabel']!r}: name {train_key!r} in one of them")
                train = found[train_key][1]["label"]
                val = found["val_" + train_key][1]["label"]
                if "val" in train.lower() and "val" not in val.lower():
                    problems.append(f"on {where} the training curve is labelled {train!r} and the "
                                    f"validation curve {val!r}: {mistake(PLOT_SWAPPED)}")
                elif train.startswith("_") or not train.strip() or "val" in train.lower():
                    problems.append(f"on {where} the training curve's label is {train!r}: label it "
                                    "'train' (ax.plot(..., label='train'))")
                elif "val" not in val.lower():
                    problems.append(f"on {where} the validation curve's label is {val!r}: label it "
                                    "'validation' (ax.plot(..., label='validation'))")
                legend = [text.lower() for text in ax["legend"]]
                if train.lower() not in legend or val.lower() not in legend:
                    problems.append(f"{where} has legend entries {ax['legend']}: call ax.legend() "
                                    "after plotting the labelled lines")
            if problems:
                fail(call, *problems)
