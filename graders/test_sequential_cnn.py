"""Hidden graders for 06 sequential_cnn: a small Keras CNN for 28x28 digits.

The student's ``build_cnn`` runs in the worker with a fixed seed; its model
crosses back as a ``.keras`` file and is loaded here with ``safe_mode=True``
(``dlkit.testing.models``), so a Lambda layer or a custom class fails with a
message saying why. What that loaded model must be (Sequential, Conv2D and
pooling, input and output shapes, softmax output, a loss that fits one-hot
labels, the parameter budget) is listed below the thresholds as requirements
of ``dlkit.testing.requirements``, each checking and explaining itself. The same built model is then
passed to the student's ``train_cnn`` with the ``mnist28`` train split,
prepared here (not by the student's ``prepare_images``), with the same seed;
the trained model comes back and its accuracy is measured here on the
held-out split, which never reaches student code, and on the same digits
moved by one pixel each way; the graded figure is the best of up to three
seeded builds and trainings (another seed only while none reaches the bar).

``predict_classes`` and ``feature_maps`` get models built here (with known
layer names) and are compared with this process's own ``predict`` and
``keras.Model(model.inputs, layer.output)`` outputs.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import scipy.ndimage

from dlkit import datasets
from dlkit.testing import StudentFailure, describe_call, describe_value, expect, grader_rng, memo, models
from dlkit.testing.failures import fail
from dlkit.testing.requirements import (
    CONV,
    ONE_HOT,
    POOLING,
    HasLayers,
    HonoursShapes,
    InputShape,
    IsSequential,
    LossFits,
    OutputShape,
    ParameterBudget,
    SoftmaxOutput,
    check,
    model_shapes,
)

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
MAX_PARAMS = 100_000
# The seed of the graded build and training, derived from the grader seed.
SEED = int(grader_rng("train_cnn").integers(2**31 - 1))

# The graded accuracy: the best of up to three seeded builds and trainings (SEEDS; the
# next seed only while none has reached the bar) of the accuracy on the held-out digits
# (449) and the same digits moved by one pixel up, down, left and right (4 x 449 more,
# 2245 images in all). The 449 alone separate a CNN from logistic regression by 4 images,
# which one seed's luck bridges (issue 16); on the 2245 logistic regression is far more
# stable than any CNN, and a reasonable CNN's unlucky seed (a final epoch that lands at
# logistic regression's level) is retried instead of failed. Measured exactly as graded,
# 10 seeds each (docs/thresholds_sequential_cnn.md):
#   logistic regression (one Dense softmax layer) trained like the reference: 0.937-0.941
#   on every seed, so its best of three never reaches the bar;
#   zoo CNNs (tests/zoo/sequential_cnn), single seeds 0.931-0.979, best of three 0.9555 or
#   more on every window of three seeds measured; the reference 0.9755-0.9840 on every seed.
MIN_HELD_OUT_ACCURACY = 0.95
SEEDS = (SEED, SEED + 1, SEED + 2)
# Diagnosis only (not a threshold): accuracy on the training images below which a failing
# model is underfitting (reference 0.991-0.993, logistic regression 0.960-0.963), and the
# gap between training and held-out accuracy above which it is overfitting.
UNDERFIT_TRAIN_ACCURACY = 0.98
OVERFIT_GAP = 0.02

# -- what build_cnn(INPUT_SHAPE, NUM_CLASSES)'s model must be (dlkit.testing.requirements) --

CONV_AND_POOLING = (
    IsSequential(),
    InputShape(INPUT_SHAPE),
    HasLayers({CONV: "no Conv2D layer: a CNN learns its filters with keras.layers.Conv2D "
                     "(a Dense-only model is not a CNN)",
               POOLING: "no pooling layer: add keras.layers.MaxPooling2D (or AveragePooling2D) "
                        "after the convolutions"}),
)
SOFTMAX_OUTPUT_AND_LOSS = (OutputShape((NUM_CLASSES,)), SoftmaxOutput(),
                           LossFits(ONE_HOT, NUM_CLASSES))
WITHIN_BUDGET = (ParameterBudget(MAX_PARAMS),)
# Other arguments must reach the model: (input_shape, num_classes) builds.
OTHER_ARGUMENTS = [((32, 32, 3), 5), ((20, 24, 1), 3)]

# -- mistake descriptions -------------------------------------------------------

NOT_SCALED = ("the grey levels were not divided by 255: x must be images / 255 "
              "(float32 values in [0, 1])")
NO_CHANNEL = ("no channel axis: Conv2D needs (N, H, W, 1); add it with x[..., np.newaxis] "
              "or np.expand_dims(x, -1)")
NOT_SCALED_NO_CHANNEL = "not divided by 255 and no channel axis"
NOT_ONE_HOT = ("labels not one-hot: y must be keras.utils.to_categorical(labels, num_classes) "
               "(the old np_utils.to_categorical), one row of 0s and a 1 per image")
WIDTH_FROM_LABELS = ("one-hot width taken from the labels (to_categorical(labels) without "
                     "num_classes): it must be num_classes wide even when the largest class "
                     "does not occur")
PROBABILITIES = ("returned the probabilities (what model.predict gives); predict_classes must "
                 "return np.argmax(model.predict(x), axis=-1), one class index per row")
ARGMAX_AXIS_0 = "argmax over axis 0 (the batch): take the argmax of each row, axis=-1"
LAYER_INPUT = ("used layer.input (the layer's input: the previous layer's output) instead of "
               "layer.output")


# -- data and helpers (grader side) ---------------------------------------------

@memo
def train_split():
    images, labels = datasets.load("mnist28")
    x = (images.astype(np.float32) / np.float32(255.0))[..., np.newaxis]
    y = keras.utils.to_categorical(labels, NUM_CLASSES).astype(np.float32)
    return x, y, labels.astype(np.int64)


@memo
def held_out_split():
    """The held-out digits and the same digits moved by one pixel each way (zeros in)."""
    images, labels = datasets.held_out("mnist28")
    x = (images.astype(np.float32) / np.float32(255.0))[..., np.newaxis]
    moved = [x]
    for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        moved.append(scipy.ndimage.shift(x, (0, dy, dx, 0), order=0, mode="constant", cval=0.0))
    return np.concatenate(moved), np.tile(labels.astype(np.int64), len(moved))


def model_arg(model) -> str:
    """How a grader-built model argument reads in messages."""
    return f"<a Keras model: {layer_names_of(model)}>"


def layer_names_of(model) -> str:
    return ", ".join(type(layer).__name__ for layer in model.layers) or "no layers"


def accuracy(model, x, labels) -> float:
    return float(np.mean(np.argmax(model.predict(x, verbose=0, batch_size=256), axis=-1) == labels))


def build(student, input_shape, num_classes, seed=SEED):
    """The student's model, built in the worker with the graded seed and
    loaded here: ``(record, model, call)``."""
    record = student.harness("dlkit.harness:call_seeded", "build_cnn", tuple(input_shape),
                             num_classes, seed=seed, label="build_cnn")
    call = describe_call("build_cnn", (tuple(input_shape), num_classes)) + f" (seed {seed})"
    return record, models.load_model(record, call=call), call


# -- fixtures: one seeded build and one training per grading --------------------

@pytest.fixture(scope="module")
def built(student):
    return build(student, INPUT_SHAPE, NUM_CLASSES)


def train(student, record, seed):
    """``train_cnn`` on the built model ``record`` with ``seed``: ``(history, model, call)``."""
    x, y, _ = train_split()
    history, args = student.harness("dlkit.harness:call_and_return", "train_cnn", record, x, y,
                                    seed=seed, label="train_cnn")
    call = (f"train_cnn(<the model your build_cnn({INPUT_SHAPE}, {NUM_CLASSES}) returned>, "
            f"{describe_value(x)}, {describe_value(y)}) (the mnist28 train split, seed {seed})")
    return history, models.load_model(args[0], call=call), call


@pytest.fixture(scope="module")
def trained(student, built):
    record, _, _ = built
    return train(student, record, SEED)


# -- prepare_images -----------------------------------------------------------------

def check_float32(arr, name, call):
    if isinstance(arr, np.ndarray) and arr.dtype != np.float32:
        fail(call, f"{name} has dtype {arr.dtype}, expected float32 (Keras computes in float32: "
                   "convert with .astype('float32'))")


@pytest.mark.points(3)
def test_prepare_images(student, credit):
    rng = grader_rng("prepare_images")
    images, labels = datasets.load("mnist28")
    cases = [(images[:40], labels[:40], 10)]
    for i in range(7):
        n, h, w = int(rng.integers(1, 20)), int(rng.integers(5, 33)), int(rng.integers(5, 33))
        k = int(rng.integers(2, 16))
        top = k - 1 if i % 2 else k  # odd cases: the last class does not occur
        lab = rng.integers(0, max(top, 1), n)
        cases.append((rng.integers(0, 256, (n, h, w)).astype(np.uint8), lab.astype(np.int64), k))
    for imgs, labs, k in cases:
        with credit.case():
            got = student.prepare_images(imgs, labs, k)
            call = student.last_call
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                fail(call, f"got {type(got).__name__}", "expected a pair (x, y)")
            x, y = got
            want_x = (imgs.astype(np.float32) / np.float32(255.0))[..., np.newaxis]
            raw = imgs.astype(np.float32)
            expect.array(x, want_x, call=call, rtol=1e-6, atol=1e-6, mistakes={
                NOT_SCALED: raw[..., np.newaxis], NO_CHANNEL: raw / 255.0,
                NOT_SCALED_NO_CHANNEL: raw})
            check_float32(x, "x", call)
            want_y = keras.utils.to_categorical(labs, k).astype(np.float32)
            mistakes = {NOT_ONE_HOT: labs}
            if labs.max() + 1 != k:
                mistakes[WIDTH_FROM_LABELS] = keras.utils.to_categorical(labs)
            expect.array(y, want_y, call=call, rtol=0, atol=1e-6, mistakes=mistakes)
            check_float32(y, "y", call)


# -- build_cnn: the model's requirements (listed at the top) --------------------------


@pytest.mark.points(2)
def test_build_cnn_conv_and_pooling(built):
    _, model, call = built
    check(model, call, CONV_AND_POOLING)


@pytest.mark.points(2)
def test_build_cnn_softmax_output_and_loss(built):
    _, model, call = built
    check(model, call, SOFTMAX_OUTPUT_AND_LOSS)


@pytest.mark.points(1)
def test_build_cnn_parameter_budget(built):
    _, model, call = built
    check(model, call, WITHIN_BUDGET)


@pytest.mark.points(1)
def test_build_cnn_honours_arguments(student, credit):
    for input_shape, num_classes in OTHER_ARGUMENTS:
        with credit.case():
            _, model, call = build(student, input_shape, num_classes)
            check(model, call, [HonoursShapes(input_shape, (num_classes,))])


# -- train_cnn ---------------------------------------------------------------------

@pytest.mark.points(1)
def test_train_cnn_returns_history(trained):
    value, _, call = trained
    data = models.history(value, call=call)
    hist = data.get("history", {})
    if "loss" not in hist or not hist["loss"]:
        fail(call, f"the History has no per-epoch 'loss' (keys: {sorted(hist)})",
             "return what model.fit returns")
    if "accuracy" not in hist:
        legacy = " (old Keras called it 'acc')" if "acc" in hist else ""
        fail(call, f"the History has no 'accuracy'{legacy} (keys: {sorted(hist)})",
             "compile the model with metrics=['accuracy'] so that "
             "history.history['accuracy'] exists")
    losses = np.asarray(hist["loss"], dtype=float)
    if not np.all(np.isfinite(losses)):
        fail(call, f"the training loss became NaN or infinite: {losses.tolist()}",
             "mistake: learning rate far too high, or the inputs not scaled to [0, 1]")
    if len(losses) > 1 and not losses[-1] < losses[0]:
        fail(call, f"the training loss did not go down: {losses[0]:.4f} in the first epoch, "
                   f"{losses[-1]:.4f} in the last")


@pytest.mark.points(5)
def test_train_cnn_held_out_accuracy(student, trained):
    value, model, call = trained
    x_held, labels_held = held_out_split()
    _, output_shape = model_shapes(model, call)
    if output_shape != (None, NUM_CLASSES):
        fail(call, f"the trained model outputs {output_shape}, expected {(None, NUM_CLASSES)}")
    # The best of up to three seeded trainings: the next seed only while none has passed.
    scores = [accuracy(model, x_held, labels_held)]
    for seed in SEEDS[1:]:
        if max(scores) >= MIN_HELD_OUT_ACCURACY:
            break
        record, _, _ = build(student, INPUT_SHAPE, NUM_CLASSES, seed=seed)
        scores.append(accuracy(train(student, record, seed)[1], x_held, labels_held))
    acc = float(max(scores))
    if acc >= MIN_HELD_OUT_ACCURACY:
        return
    call = call.replace(f"(the mnist28 train split, seed {SEED})",
                        f"(the mnist28 train split; built and trained with seeds "
                        f"{', '.join(map(str, SEEDS[:len(scores)]))})")
    x_train, _, labels_train = train_split()
    train_acc = accuracy(model, x_train, labels_train)
    try:
        recorded = models.history(value).get("history", {})
    except StudentFailure:  # not a History: test_train_cnn_returns_history says so
        recorded = {}
    fit_acc = (recorded.get("accuracy") or [None])[-1]
    validated = any(key.startswith("val_") for key in recorded)
    n = len(labels_held)
    lines = [f"held-out accuracy (449 held-out digits and the same digits moved by one pixel each "
             f"way, {n} images) {', '.join(f'{a:.4f}' for a in scores)} for the "
             f"{len(scores)} seeds: best {acc:.4f}, required at least {MIN_HELD_OUT_ACCURACY} "
             "(the reference CNN reaches 0.975 or more; a single Dense layer trained the same "
             "way 0.937-0.941)",
             f"accuracy of the first seed's trained model on the {len(labels_train)} training "
             f"images: {train_acc:.4f}"]
    if fit_acc is not None and fit_acc > 0.5 and train_acc < 0.3:
        lines.append(f"mistake: the History says training accuracy reached {fit_acc:.3f}, but "
                     "the model passed in is untrained: train_cnn must fit the model it is "
                     "given (in place), not a new one")
    elif train_acc < 0.3:
        lines.append("mistake: accuracy at chance level: the model was not trained, or the "
                     "images and labels were shuffled out of step (shuffle them together, or "
                     "let model.fit shuffle)")
    elif train_acc < UNDERFIT_TRAIN_ACCURACY:
        lines.append(f"likely: underfitting: the model does not fit even the images it trained "
                     f"on ({train_acc:.3f}, where the reference reaches 0.99 and a single Dense "
                     f"layer 0.96), so it is no better than logistic regression: too few epochs or "
                     f"too large batches (train a dozen epochs of batch 32), a learning rate too "
                     f"low or too high for that many steps, or too few filters")
    elif acc < train_acc - OVERFIT_GAP:
        lines.append(f"likely: overfitting: {train_acc:.3f} on the training images but {acc:.3f} "
                     "on held-out ones; add Dropout, or use fewer Dense units after Flatten")
    if validated:
        lines.append("note: the fit held out part of the given images for validation "
                     "(validation_split or validation_data), so the model trained on fewer "
                     f"than the {len(labels_train)} images given; train on all of them")
    fail(call, *lines)


# -- predict_classes -------------------------------------------------------------

@memo
def predict_cases():
    """Grader-built models with random weights, their record, inputs and the
    expected classes (rows whose two largest outputs are close are dropped)."""
    keras.utils.set_random_seed(int(grader_rng("predict_models").integers(2**31 - 1)))
    rng = grader_rng("predict_classes")
    built_models = [
        keras.Sequential([keras.Input((12, 12, 1)), keras.layers.Conv2D(3, 3, activation="relu"),
                          keras.layers.MaxPooling2D(), keras.layers.Flatten(),
                          keras.layers.Dense(4, activation="softmax")]),
        keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="tanh"),
                          keras.layers.Dense(3, activation="softmax")]),
    ]
    cases = []
    for model in built_models:
        shape = model.input_shape[1:]
        x = rng.normal(size=(60,) + shape).astype(np.float32) * 2
        probs = model.predict(x, verbose=0)
        top2 = np.sort(probs, axis=-1)[:, -2:]
        keep = (top2[:, 1] - top2[:, 0]) > 1e-3
        x, probs = x[keep][:37], probs[keep][:37]
        cases.append((model_arg(model), models.model_record(model), x, probs,
                      np.argmax(probs, axis=-1)))
    return cases


@pytest.mark.points(2)
def test_predict_classes(student, credit):
    for described, record, x, probs, want in predict_cases():
        with credit.case():
            got = student.predict_classes(record, x)
            call = f"predict_classes({described}, {describe_value(x)})"
            expect.array(got, want, call=call, rtol=0, atol=0, what="an int array of classes",
                         mistakes={PROBABILITIES: probs, ARGMAX_AXIS_0: np.argmax(probs, axis=0)})
            if got.dtype.kind not in "iu":
                fail(call, f"got an array of dtype {got.dtype}, expected ints: class indices "
                           "(np.argmax returns int64; do not convert them to float)")


# -- feature_maps ----------------------------------------------------------------

@memo
def feature_model():
    """A small Sequential CNN with named layers, its record, and an input batch."""
    keras.utils.set_random_seed(int(grader_rng("feature_model").integers(2**31 - 1)))
    model = keras.Sequential([
        keras.Input((14, 14, 2)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv_a"),
        keras.layers.MaxPooling2D(name="pool_a"),
        keras.layers.Conv2D(6, 3, padding="same", activation="tanh", name="conv_b"),
        keras.layers.Flatten(name="flat"),
        keras.layers.Dense(5, activation="softmax", name="probs"),
    ], name="grader_cnn")
    x = grader_rng("feature_maps").normal(size=(7, 14, 14, 2)).astype(np.float32)
    return model, models.model_record(model), x


@memo
def activations(names):
    """The expected outputs and, for the mistakes, the named layers' inputs."""
    model, _, x = feature_model()
    def run(tensors):
        out = keras.Model(model.inputs, tensors).predict(x, verbose=0)
        return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]
    outputs = run([model.get_layer(n).output for n in names])
    inputs = [x if model.layers.index(model.get_layer(n)) == 0
              else run([model.get_layer(n).input])[0] for n in names]
    return outputs, inputs


FEATURE_CASES = [["conv_a"], ["conv_a", "pool_a", "conv_b"], ["probs", "conv_b"],
                 ["flat", "pool_a", "probs"]]


@pytest.mark.points(3)
def test_feature_maps(student, credit):
    _, record, x = feature_model()
    for names in FEATURE_CASES:
        with credit.case():
            got = student.feature_maps(record, x, list(names))
            call = (f"feature_maps({model_arg(feature_model()[0])} with layers named "
                    f"{[layer.name for layer in feature_model()[0].layers]}, {describe_value(x)}, "
                    f"{list(names)})")
            want, inputs = activations(tuple(names))
            if isinstance(got, np.ndarray):
                only_last = got.shape == want[-1].shape and np.allclose(got, want[-1], atol=1e-5)
                fail(call, f"got a single array of shape {got.shape}, expected a list of "
                           f"{len(names)} arrays, one per name in layer_names",
                     "mistake: only the last layer's activations were returned" if only_last else "")
            if not isinstance(got, (list, tuple)) or len(got) != len(names):
                size = len(got) if isinstance(got, (list, tuple)) else None
                fail(call, f"got {type(got).__name__}{'' if size is None else f' of {size} items'}, "
                           f"expected a list of {len(names)} arrays, one per name in layer_names")
            for i, name in enumerate(names):
                others = {f"the maps are not in the order of layer_names: item {i} is the "
                          f"output of {other!r}, expected {name!r}": want[j]
                          for j, other in enumerate(names) if other != name}
                expect.array(got[i], want[i], call=call + f" (item {i}, layer {name!r})",
                             rtol=1e-4, atol=1e-5, mistakes={LAYER_INPUT: inputs[i], **others})
