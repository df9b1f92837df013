"""Public self-checks for 09 callbacks: the callbacks' settings, a custom
callback driven through a few epochs, a short training run and a figure.

Passing these does not mean the hidden graders pass: they also check other
paths and patiences, more epoch logs (other monitors and thresholds, exact
hits, epochs without validation), a real training run that must stop early
and keep its best weights and checkpoint, and the labels of your figure.
"""

import keras
import numpy as np

from dlkit.sandbox.plaindata import Record
from dlkit.testing import StudentFailure, models


def fail(call, text):
    raise StudentFailure(f"called {call}\n  {text}")


def test_make_callbacks_settings(student):
    got = student.make_callbacks("best.keras")
    call = student.last_call
    if not isinstance(got, (list, tuple)) or not all(
            isinstance(item, Record) and item.kind == "keras_callback" for item in got):
        fail(call, "expected a list of two Keras callbacks [EarlyStopping, ModelCheckpoint]")
    by_class = {c["class"]: c["attributes"] for c in (models.callback(item) for item in got)}
    early, checkpoint = by_class.get("EarlyStopping"), by_class.get("ModelCheckpoint")
    if early is None or checkpoint is None:
        fail(call, f"the list holds {sorted(by_class)}, expected EarlyStopping and ModelCheckpoint")
    want_early = {"monitor": "val_loss", "patience": 3, "restore_best_weights": True}
    want_checkpoint = {"filepath": "best.keras", "monitor": "val_loss", "save_best_only": True}
    for name, attrs, want in (("EarlyStopping", early, want_early),
                              ("ModelCheckpoint", checkpoint, want_checkpoint)):
        for key, value in want.items():
            if attrs.get(key) != value:
                fail(call, f"{name} has {key}={attrs.get(key)!r}, expected {value!r}")


def test_stop_at_threshold_textbook_epochs(student):
    val_accuracy = [0.5, 0.8, 0.92, 0.95, 0.97]
    logs = [{"loss": 1 - v, "accuracy": v, "val_loss": 1.1 - v, "val_accuracy": v} for v in val_accuracy]
    [result] = student.harness("dlkit.in_worker.callbacks:drive_stop_at_threshold",
                               [{"kwargs": {}, "logs": logs}], label="StopAtThreshold")
    call = f"StopAtThreshold() through epochs with val_accuracy {val_accuracy}"
    if result.get("error"):
        fail(call, result["error"])
    if not result.get("is_callback"):
        fail(call, "StopAtThreshold must subclass keras.callbacks.Callback")
    if result["stopped_after"] != 2 or result["hook"] != "on_epoch_end":
        fail(call, f"training stopped after epoch index {result['stopped_after']} "
                   f"(in {result['hook']}), expected after epoch index 2 (in on_epoch_end): the "
                   "first epoch with val_accuracy >= 0.9")
    if result.get("stopped_epoch") != 2:
        fail(call, f"stopped_epoch is {result.get('stopped_epoch')!r}, expected 2")


def test_train_with_callbacks_short_run(student):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    result = student.harness("dlkit.in_worker.callbacks:train_with_callbacks", models.model_record(model),
                             x, y, "check.keras", 2, seed=0, label="train_with_callbacks")
    call = "train_with_callbacks(<a small classifier>, x, y, 'check.keras', max_epochs=2)"
    data = models.history(result["result"], call=call)["history"]
    if len(data.get("loss", [])) != 2 or len(data.get("val_loss", [])) != 2:
        fail(call, f"expected 2 epochs with loss and val_loss, got {data}")
    if result["checkpoint"] is None:
        fail(call, "no checkpoint file 'check.keras' was written")


def test_plot_learning_curves_two_axes(student):
    hist = {"loss": [0.9, 0.6, 0.5], "val_loss": [1.0, 0.7, 0.75],
            "accuracy": [0.6, 0.8, 0.85], "val_accuracy": [0.55, 0.75, 0.74]}
    fig = models.figure(student.plot_learning_curves(models.history_record(hist)),
                        call=student.last_call)
    call = student.last_call
    plotted = [ax for ax in fig["axes"] if ax["lines"]]
    if len(plotted) != 2:
        fail(call, f"expected 2 axes with curves (loss, accuracy), got {len(plotted)}")
    for ax in plotted:
        ys = sorted(tuple(np.round(line["y"], 6)) for line in ax["lines"])
        pairs = [sorted([tuple(hist[k]), tuple(hist["val_" + k])]) for k in ("loss", "accuracy")]
        if ys not in pairs:
            fail(call, f"an axes plots {ys}; expected loss with val_loss, or accuracy with val_accuracy")
        for line in ax["lines"]:
            if list(line["x"]) != [1, 2, 3]:
                fail(call, f"x values {list(line['x'])}, expected the epochs [1, 2, 3]")
