"""Hidden graders for 11 transfer_learning: a frozen pretrained base with a new
head, fine-tuning the top of the base, and images prepared for a network.

The base is the kit's own (``dlkit.pretrained.load_base()``: pretrained by
``scripts/pretrain_base.py`` on coloured digits 0-4 in four orientations,
checked against the SHA-256 in ``datasets/pretrained/base.json``). It goes
into the student's worker as a ``.keras`` record; the model the student's
``build_transfer_model`` returns crosses back as a ``.keras`` file and is
loaded here with ``safe_mode=True``. The base's layers are found in it by
name (nested as one layer, or its layers used directly), and its weights are
compared with the shipped ones.

The head is trained in the kit's trainer process, where the student's code
never ran (``student.train``: the student's compiled model, the kit's seeded
tf.data recipe, :mod:`dlkit.testing.trainer`)
on 10 labelled images of each digit 5-9 from the train split; the
trained model comes back and is measured here on the held-out split's 5-9,
which never reaches student code. Afterwards every base weight, moving
statistics included, must still be the shipped one.

``unfreeze_top(model, base, ...)`` must change ``base`` inside ``model``, so
the harness assembles a transfer model around the base in the worker and
calls the student's function there; the model comes back with its trainable
flags and its new optimizer. The same freezing checks run on
``keras.applications.MobileNetV2(weights=None, include_top=False,
alpha=0.35)`` at 32x32, built in the worker (the harness reports every
weight's path and whether it is trainable) and here (the expected layers).

``prepare_image`` gets PNG and JPEG files this process writes (RGB,
greyscale, RGBA and palette images of several sizes) and each
``keras.applications`` module's own ``preprocess_input`` (named; the harness
passes the function), and is compared with ``keras.utils.load_img`` +
``img_to_array`` + batch axis + ``preprocess_input`` computed here.

Thresholds are named constants below with the reference's worst figure and
what training from scratch reaches (docs/thresholds_transfer_learning.md).
"""

from __future__ import annotations

import os

import keras
import numpy as np
import pytest

from dlkit import pretrained, scratch
from dlkit.in_worker.transfer_learning import leaf_layers, trainable_kind
from dlkit.testing import describe_value, expect, grader_rng, memo, models
from dlkit.testing.failures import fail, mistake
from dlkit.testing.requirements import (
    INTEGER,
    HonoursShapes,
    InputShape,
    LossFits,
    OutputShape,
    SoftmaxOutput,
    check,
)

# Loading a compiled, untrained model: Keras notes that the optimizer has no state yet.
pytestmark = pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")

NUM_CLASSES = len(pretrained.TARGET_DIGITS)
LABELS_PER_CLASS = 10
# The kit's head training: 50 images, each epoch goes over them REPEATS times in batches
# of BATCH: 10 epochs x 30 steps = 300 steps.
EPOCHS, BATCH, REPEATS = 10, 10, 6
SEED = int(grader_rng("transfer_learning").integers(2**31 - 1))
LABELS_SEED = int(grader_rng("few_labels").integers(2**31 - 1))

# Held-out accuracy (digits 5-9 of the held-out split, 210 images) of the model
# build_transfer_model builds, its head trained by the kit on 10 labels per class (300 steps).
# Reasonable heads, 10 seeds each: the reference (frozen base, GAP, Dense softmax, Adam 1e-2)
# 0.838-0.943; Adam's default 1e-3 for the head 0.762-0.848; the zoo's heads (tests/zoo):
# GAP + Dropout + Dense(64) + Dense, Adam 3e-3 0.771-0.919, Flatten + Dense, RMSprop 0.914-0.967,
# GAP + Dropout(0.2) + Dense 0.824-0.929.  The same network from scratch (random base,
# trainable, same head, compile and training): best of 10 seeds 0.543, mean 0.441; shuffled
# labels at most 0.243; a head compiled with a fine-tuning rate (Adam 1e-5) 0.171.  The bar
# sits midway between the reasonable worst (0.762) and the from-scratch best (0.543); it was
# 0.75, 0.012 under Adam 1e-3's worst seed (docs/thresholds_transfer_learning.md).
MIN_HELD_OUT_ACCURACY = 0.65

MOBILENET_SHAPE, MOBILENET_ALPHA = (32, 32, 3), 0.35
MOBILENET_CLASSES = 3
RATE_TOLERANCE = 1e-5  # relative: the learning rate travels as float32

# -- mistake descriptions -------------------------------------------------------

NOT_FROZEN = ("the base is not frozen: its weights are trainable; set base.trainable = False before "
              "compiling, so that training changes only the new head")
BN_TRAINABLE = ("the base's BatchNormalization layers are trainable (only the other layers were "
                "frozen?): set base.trainable = False, which freezes every layer of the base, "
                "BatchNormalization included")
ALL_FROZEN = ("nothing is trainable: the whole model was frozen (model.trainable = False?); freeze "
              "only the base, the new head must train")
HEAD_FROZEN = ("the head is frozen too ({layers}): only the base gets trainable = False, the new "
               "layers must stay trainable")
NOT_PRETRAINED = ("the base's weights are not the pretrained ones: the model must be built on `base` "
                  "itself (base(inputs, training=False) or base.output), not on a copy: "
                  "keras.models.clone_model and rebuilding the architecture create new random weights")
NO_BASE = ("the model does not contain the base's layers: build it on `base` itself, "
           "e.g. features = base(inputs, training=False)")
NO_POOLING = ("no pooling: the Dense layer was applied to the base's feature map {shape}, so it "
              "classifies every position; add GlobalAveragePooling2D (or Flatten) between the base "
              "and the Dense layer")
MOVING_STATS = ("the base's BatchNormalization moving statistics changed during head training: its "
                "BatchNormalization layers ran in training mode, so they were left trainable; "
                "base.trainable = False freezes them and makes them run in inference mode")
BASE_TRAINED = ("head training changed the base's weights: the base was not frozen (set "
                "base.trainable = False in build_transfer_model, before compiling)")

UNFREEZE_BOTTOM = ("the bottom layers were unfrozen (base.layers[:n_layers]); fine-tuning unfreezes "
                   "the top ones, base.layers[-n_layers:]")
UNFREEZE_BN = ("BatchNormalization layers among the top layers were unfrozen; they must stay frozen "
               "(layer.trainable = False for isinstance(layer, keras.layers.BatchNormalization))")
UNFREEZE_NOTHING = ("no layer of the base became trainable: set base.trainable = True, then freeze "
                    "all but the top n_layers again")
UNFREEZE_LOWER = ("the lower layers were left trainable: base.trainable = True unfreezes every layer, so "
                  "freeze those below the top n_layers again")
UNFREEZE_ALL = ("every layer of the base was unfrozen: n_layers ignored (base.trainable = True alone "
                "unfreezes all of them; freeze all but base.layers[-n_layers:] again)")
UNFREEZE_ZERO = ("n_layers = 0 unfroze layers: base.layers[-0:] is the whole list, not an empty one; "
                 "handle 0 (e.g. base.layers[len(base.layers) - n_layers:])")
UNFREEZE_OFF_BY_ONE = "one layer too many or too few: the top n_layers are exactly base.layers[-n_layers:]"
UNFREEZE_WEIGHTED_ONLY = ("counted only the layers that have weights; n_layers counts every layer of "
                          "base.layers (pooling, activations, the input layer too)")
UNFREEZE_HEAD_FROZEN = "the head was frozen: it must stay trainable while the top of the base fine-tunes"
NOT_RECOMPILED = ("the model was not compiled again: changes to trainable take effect only when the "
                  "model is compiled, so call model.compile(optimizer=keras.optimizers.Adam("
                  "learning_rate), ...) after changing the flags")
RATE_IGNORED = ("learning_rate ignored: the new optimizer's learning rate is {got}, expected "
                "{want} (pass it: keras.optimizers.Adam(learning_rate=learning_rate))")
NOT_RETURNED = "unfreeze_top must change model in place and return it (return model); it returned {what}"

NO_BATCH_AXIS = ("no batch axis: a network takes batches, so add one in front "
                 "(np.expand_dims(x, axis=0) or x[np.newaxis]) to get (1, height, width, 3)")
ALPHA_KEPT = ("the RGBA image kept its alpha channel (4 channels): load it with "
              "keras.utils.load_img(path, color_mode='rgb') (or .convert('RGB'))")
GREY_KEPT = ("the greyscale image kept one channel: networks pretrained on colour images take 3; "
             "load with keras.utils.load_img(path, color_mode='rgb'), which repeats the grey level")
PALETTE_KEPT = ("the palette image's colour indices were used as pixels: convert it to RGB "
                "(keras.utils.load_img(path, color_mode='rgb') does)")
LOADED_GREY = ("loaded in greyscale (one channel) although the image has colour: load with "
               "keras.utils.load_img(path, color_mode='rgb')")
SIZE_IGNORED = "target_size ignored: the image kept its own size; pass target_size to keras.utils.load_img"
SIZE_SWAPPED = ("height and width swapped: target_size is (height, width), but PIL's resize takes "
                "(width, height); keras.utils.load_img(path, target_size=target_size) takes it as it is")
NOT_PREPROCESSED = ("preprocess_input was not applied: the pixels are still 0-255; return "
                    "preprocess_input(batch)")
DIVIDED_BY_255 = ("divided by 255 instead of calling preprocess_input: each network expects its own "
                  "preprocessing (MobileNetV2: [-1, 1]; ResNet50 and VGG16: BGR minus the ImageNet "
                  "means); call the preprocess_input you are given")
BILINEAR = ("resized with bilinear interpolation; keras.utils.load_img resizes with its default, "
            "nearest-neighbour, and so must you")
FLOAT64 = "the array is float64; networks compute in float32 (.astype('float32'))"


# -- the kit's base, the target task (grader side) ------------------------------------

@memo
def base_record():
    return models.model_record(pretrained.load_base())


@memo
def shipped_weights() -> dict:
    return pretrained.base_weights()


@memo
def base_layers() -> list[tuple[str, str, list[tuple[str, bool]]]]:
    """The kit base's layers in order: ``(name, class, [(weight path, trainable kind)])``."""
    return layer_table(pretrained.load_base())


@memo
def mobilenet_layers() -> list[tuple[str, str, list[tuple[str, bool]]]]:
    keras.utils.set_random_seed(0)
    return layer_table(keras.applications.MobileNetV2(weights=None, include_top=False,
                                                      input_shape=MOBILENET_SHAPE,
                                                      alpha=MOBILENET_ALPHA))


def layer_table(model) -> list:
    kind = trainable_kind(model)
    return [(layer.name, type(layer).__name__, [(v.path, id(v) in kind) for v in layer.weights])
            for layer in model.layers]


@memo
def few_labels():
    return pretrained.load_target(LABELS_PER_CLASS, LABELS_SEED)


@memo
def held_out():
    return pretrained.held_out_target()


BASE_ARG = "<the kit's pretrained base: dlkit.pretrained.load_base()>"
MOBILENET_ARG = (f"<keras.applications.MobileNetV2(weights=None, include_top=False, "
                 f"input_shape={MOBILENET_SHAPE}, alpha={MOBILENET_ALPHA})>")


# -- the student's models ---------------------------------------------------------------

def build(student, num_classes):
    record = student.harness("dlkit.harness:call_seeded", "build_transfer_model", base_record(),
                             num_classes, seed=SEED, label="build_transfer_model")
    call = f"build_transfer_model({BASE_ARG}, {num_classes}) (seed {SEED})"
    return models.load_model(record, call=call), call


@pytest.fixture(scope="module")
def built(student):
    return build(student, NUM_CLASSES)


@pytest.fixture(scope="module")
def trained(student):
    x, y = few_labels()
    call = (f"build_transfer_model({BASE_ARG}, {NUM_CLASSES}) (seed {SEED}), its head trained by the "
            f"grader: fit on {len(x)} coloured digits 5-9 (labels 0-4, {LABELS_PER_CLASS} per class) "
            f"for {EPOCHS} epochs of {REPEATS} passes in batches of {BATCH}")
    record = student.harness("dlkit.harness:call_seeded", "build_transfer_model", base_record(),
                             NUM_CLASSES, seed=SEED, label="build_transfer_model")
    models.load_model(record, call=call)  # screened here before the kit's trainer loads it
    # The head is trained where the student's code never ran (dlkit.testing.trainer).
    value = student.train(record, np.concatenate([x] * REPEATS), np.concatenate([y] * REPEATS),
                          seed=SEED, epochs=EPOCHS, batch_size=BATCH, label="build_transfer_model")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        fail(call, f"got {describe_value(value)}, expected (model, history) from the kit's training")
    return models.load_model(value[0], call=call, compile=False), value[1], call


def weight_table(model) -> dict:
    """``path -> (value, trainable in the model, trainable kind)`` for every weight."""
    trainable = {id(v) for v in model.trainable_weights}
    kind = trainable_kind(model)
    return {v.path: (np.asarray(v), id(v) in trainable, id(v) in kind) for v in model.weights}


def owners(model) -> dict:
    """``weight path -> layer name`` for messages."""
    return {v.path: layer.name for layer in leaf_layers(model) for v in layer.weights}


def names_of(paths, owner) -> str:
    names = sorted({owner.get(p, p.split("/")[0]) for p in paths})
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")


def count(table, paths) -> int:
    return int(sum(np.size(table[p][0]) for p in paths))


# -- build_transfer_model: output and compile (dlkit.testing.requirements) -----------------

INPUT_HINT = "build it on the base's input, keras.Input(shape=base.input_shape[1:]) (or base.input)"
OUTPUT_HINT = "add Dense(num_classes, activation='softmax') on the pooled features"
SOFTMAX_OUTPUT = (
    InputShape(pretrained.INPUT_SHAPE, hint=INPUT_HINT),
    OutputShape((NUM_CLASSES,), hint=OUTPUT_HINT),
    SoftmaxOutput(),
)
COMPILED_FOR_INTEGER_LABELS = (LossFits(INTEGER, NUM_CLASSES),)
# Another num_classes must reach the output layer.
OTHER_CLASSES = 3
HONOURS_NUM_CLASSES = (
    HonoursShapes(pretrained.INPUT_SHAPE, (OTHER_CLASSES,), arguments="num_classes",
                  hint="Dense(num_classes, activation='softmax')"),
    SoftmaxOutput(),
)


@pytest.mark.points(2)
def test_build_transfer_model_output_and_compile(student, credit, request):
    with credit.case():
        check(*request.getfixturevalue("built"), SOFTMAX_OUTPUT)
    with credit.case():
        check(*request.getfixturevalue("built"), COMPILED_FOR_INTEGER_LABELS)
    with credit.case():
        check(*build(student, OTHER_CLASSES), HONOURS_NUM_CLASSES)


# -- build_transfer_model: frozen base, trainable head -----------------------------------

def check_frozen(table, owner, call, base_paths, shipped=None):
    """Exactly the head's weights trainable; with ``shipped``, the base's
    weights must be the shipped ones."""
    missing = [p for p in base_paths if p not in table]
    if missing:
        fail(call, f"the model has no weights named like the base's ({names_of(missing, owner)}; "
                   f"{len(missing)} of {len(base_paths)} missing)", mistake(NO_BASE))
    if shipped is not None:
        changed = [p for p in base_paths if not np.array_equal(table[p][0], shipped[p])]
        if changed:
            fail(call, f"{len(changed)} of the base's {len(base_paths)} weights differ from the "
                       f"pretrained ones ({names_of(changed, owner)})", mistake(NOT_PRETRAINED))
    base_set = set(base_paths)
    head = [p for p in table if p not in base_set]
    should = [p for p in head if table[p][2]]  # the head's weights that can train
    trainable = [p for p in table if table[p][1]]
    base_trainable = [p for p in trainable if p in base_set]
    head_frozen = [p for p in should if not table[p][1]]
    summary = (f"{count(table, trainable):,} trainable parameters ({len(trainable)} weights); the "
               f"head has {count(table, should):,} ({len(should)} weights: "
               f"{names_of(should, owner) or 'none'})")
    if base_trainable:
        only_bn = all(p.rsplit("/", 1)[-1] in ("gamma", "beta") for p in base_trainable)
        fail(call, summary, f"trainable weights of the base: {names_of(base_trainable, owner)}",
             mistake(BN_TRAINABLE if only_bn else NOT_FROZEN))
    if not should:
        fail(call, "the model has no new layers with weights on top of the base: add a "
                   "Dense(num_classes, activation='softmax') head")
    if not trainable:
        fail(call, summary, mistake(ALL_FROZEN))
    if head_frozen:
        fail(call, summary, mistake(HEAD_FROZEN.format(layers=names_of(head_frozen, owner))))


@pytest.mark.points(3)
def test_build_transfer_model_freezes_the_base(built):
    model, call = built
    table = weight_table(model)
    check_frozen(table, owners(model), call, list(shipped_weights()), shipped_weights())


def mobilenet_base_paths() -> list[str]:
    return [p for _, _, weights in mobilenet_layers() for p, _ in weights]


def report_table(report, call) -> dict:
    if not isinstance(report, dict) or "weights" not in report:
        fail(call, f"got {describe_value(report)} from the kit's report")
    return {p: (np.zeros(size, np.float32), bool(now), bool(kind))
            for p, now, kind, size in report["weights"]}


@pytest.mark.points(2)
def test_build_transfer_model_freezes_mobilenet_v2(student):
    call = f"build_transfer_model({MOBILENET_ARG}, {MOBILENET_CLASSES})"
    report = student.harness("dlkit.in_worker.transfer_learning:mobilenet_build", MOBILENET_CLASSES,
                             seed=SEED, input_shape=MOBILENET_SHAPE, alpha=MOBILENET_ALPHA,
                             label="build_transfer_model")
    table = report_table(report, call)
    shape = report.get("output_shape")
    if shape != [None, MOBILENET_CLASSES]:
        line = ""
        if isinstance(shape, list) and len(shape) == 4:
            line = mistake(NO_POOLING.format(shape=tuple(shape[:3]) + ("channels",)))
        fail(call, f"the model's output shape is {tuple(shape) if shape else shape}, expected "
                   f"{(None, MOBILENET_CLASSES)}", line)
    check_frozen(table, {}, call, mobilenet_base_paths())


# -- head training --------------------------------------------------------------------------

@pytest.mark.points(2)
def test_head_training_leaves_the_base_unchanged(trained):
    model, _, call = trained
    shipped = shipped_weights()
    table = weight_table(model)
    owner = owners(model)
    missing = [p for p in shipped if p not in table]
    if missing:
        fail(call, f"the trained model has no weights named like the base's ({names_of(missing, owner)})",
             mistake(NO_BASE))
    changed = [p for p in shipped if not np.array_equal(table[p][0], shipped[p])]
    if not changed:
        return
    largest = max(float(np.max(np.abs(table[p][0] - shipped[p]))) for p in changed)
    statistics = all(p.rsplit("/", 1)[-1] in ("moving_mean", "moving_variance") for p in changed)
    fail(call, f"after head training {len(changed)} of the base's {len(shipped)} weights differ from "
               f"the pretrained ones, by up to {largest:.3g} ({names_of(changed, owner)})",
         mistake(MOVING_STATS if statistics else BASE_TRAINED))


def accuracy(model, x, labels) -> float:
    return float(np.mean(np.argmax(model.predict(x, verbose=0, batch_size=256), axis=-1) == labels))


@pytest.mark.points(4)
def test_transfer_beats_training_from_scratch(trained):
    model, history, call = trained
    x_held, y_held = held_out()
    try:
        shape = tuple(model.output_shape)
    except (AttributeError, ValueError, TypeError):
        shape = None
    if shape != (None, NUM_CLASSES):
        fail(call, f"the trained model's output shape is {shape}, expected {(None, NUM_CLASSES)}")
    acc = accuracy(model, x_held, y_held)
    if acc >= MIN_HELD_OUT_ACCURACY:
        return
    x, y = few_labels()
    train_acc = accuracy(model, x, y)
    n = len(y_held)
    lines = [f"held-out accuracy {acc:.4f} ({int(round(acc * n))} of {n} images of digits 5-9), "
             f"required at least {MIN_HELD_OUT_ACCURACY} (reasonable heads reach 0.76 or more, the reference "
             "0.84 or more; the same network trained from scratch on these 50 images at most 0.55)",
             f"accuracy on the 50 training images: {train_acc:.4f}"]
    shipped = shipped_weights()
    table = weight_table(model)
    changed = [p for p in shipped if p in table and not np.array_equal(table[p][0], shipped[p])]
    lines.append(likely_cause(train_acc, acc, bool(changed)))
    fail(call, *lines)


# A head that fails the bar is said to overfit only when it fits its 50 training images
# (training accuracy at least FITTED) and still misses the held-out bar; the reference fits
# them all (1.0) in the grader's 300 steps, held-out 0.843-0.924 (10 seeds).
FITTED = 0.9


def likely_cause(train_acc: float, held_out_acc: float, base_changed: bool = False) -> str:
    """What the evidence supports when the held-out accuracy is too low."""
    if base_changed:
        return mistake("the base's weights changed during training: it was not frozen, and the "
                       "pretrained features were partly overwritten by 50 images")
    if train_acc < 0.4:
        return ("likely: the head barely learned, even on its 50 training images (underfitting): "
                "a learning rate far too small, or an output layer that cannot fit the labels "
                "(softmax over num_classes units)")
    if train_acc < FITTED:
        return (f"likely: underfitting: the head is undertrained in the grader's 300 steps (it "
                f"fits only {train_acc:.2f} of its own 50 training images; the reference fits "
                "them all): use a learning rate of about 1e-2 (keras.optimizers.Adam("
                "learning_rate=1e-2)), and check the head: GlobalAveragePooling2D then "
                "Dense(num_classes, activation='softmax')")
    return (f"likely: overfitting: the head fits its 50 training images ({train_acc:.2f}) but not "
            f"new ones ({held_out_acc:.2f}); a head with many weights (large hidden Dense layers) "
            "memorises 50 images: pool with GlobalAveragePooling2D and keep the head small, one "
            "Dense softmax layer (dropout helps)")


# -- unfreeze_top ------------------------------------------------------------------------

def expected_unfrozen(layers, n_layers, *, keep_bn=True, bottom=False, weighted_only=False,
                      zero_is_all=False) -> set[str]:
    """Base weight paths ``unfreeze_top`` makes trainable (and, with the flags,
    what known mistakes make trainable)."""
    if weighted_only:
        layers_with = [entry for entry in layers if entry[2]]
        chosen = layers_with[max(len(layers_with) - n_layers, 0):] if n_layers else []
    elif bottom:
        chosen = layers[:n_layers]
    elif n_layers == 0 and zero_is_all:
        chosen = layers
    else:
        chosen = layers[max(len(layers) - n_layers, 0):]
    return {p for _, cls, weights in chosen if not (keep_bn and cls == "BatchNormalization")
            for p, kind in weights if kind}


def unfreeze_mistakes(layers, n_layers) -> dict[str, set[str]]:
    everything = expected_unfrozen(layers, len(layers), keep_bn=False)
    found = {
        UNFREEZE_BOTTOM: expected_unfrozen(layers, n_layers, bottom=True),
        UNFREEZE_BN: expected_unfrozen(layers, n_layers, keep_bn=False),
        UNFREEZE_NOTHING: set(),
        UNFREEZE_LOWER: everything - (expected_unfrozen(layers, n_layers, keep_bn=False)
                                      - expected_unfrozen(layers, n_layers)),
        UNFREEZE_ALL: everything,
        UNFREEZE_WEIGHTED_ONLY: expected_unfrozen(layers, n_layers, weighted_only=True),
        UNFREEZE_OFF_BY_ONE + " (n_layers + 1)": expected_unfrozen(layers, n_layers + 1),
    }
    if n_layers > 0:
        found[UNFREEZE_OFF_BY_ONE + " (n_layers - 1)"] = expected_unfrozen(layers, n_layers - 1)
    else:
        found[UNFREEZE_ZERO] = expected_unfrozen(layers, 0, zero_is_all=True)
        found[UNFREEZE_ZERO + " (BatchNormalization unfrozen too)"] = everything
    return found


def check_unfrozen(table, owner, call, layers, n_layers):
    """The base's trainable weights are exactly the top layers' (BN excluded), the head's all trainable."""
    base_paths = {p for _, _, weights in layers for p, _ in weights}
    want = expected_unfrozen(layers, n_layers)
    got = {p for p, (_, now, _) in table.items() if now and p in base_paths}
    head = [p for p, (_, _, kind) in table.items() if p not in base_paths and kind]
    head_frozen = [p for p in head if not table[p][1]]
    if not any(now for _, now, _ in table.values()):
        fail(call, "nothing in the model is trainable: the whole model was frozen (model.trainable = "
                   "False?); a model whose own flag is False trains nothing, the head included",
             "unfreeze only the top of the base: base.trainable = True, then freeze its lower layers")
    if got != want:
        extra, lacking = sorted(got - want), sorted(want - got)
        lines = [f"trainable layers of the base: {names_of(got, owner) or 'none'}; expected "
                 f"{names_of(want, owner) or 'none'}"]
        if extra:
            lines.append(f"should be frozen: {names_of(extra, owner)}")
        if lacking:
            lines.append(f"should be trainable: {names_of(lacking, owner)}")
        named = [text for text, paths in unfreeze_mistakes(layers, n_layers).items() if paths == got]
        if named:  # several mistakes can unfreeze the same layers for this n_layers
            lines.append(mistake(named[0]) + "".join(f"\n  or: {text}" for text in named[1:]))
        fail(call, *lines)
    if head_frozen:
        fail(call, f"frozen head layers: {names_of(head_frozen, owner)}", mistake(UNFREEZE_HEAD_FROZEN))


def check_recompiled(facts, call, learning_rate, rate, optimizer):
    if not facts.get("recompiled"):
        fail(call, mistake(NOT_RECOMPILED))
    if not isinstance(rate, float) or not np.isclose(rate, learning_rate, rtol=RATE_TOLERANCE, atol=0):
        shown = f"{rate:.6g}" if isinstance(rate, float) else rate
        fail(call, f"the model is compiled with {optimizer} at learning rate {shown}",
             mistake(RATE_IGNORED.format(got=shown, want=learning_rate)))


def optimizer_rate(model):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None, "no optimizer"
    try:
        return float(np.asarray(optimizer.learning_rate)), type(optimizer).__name__
    except (TypeError, ValueError):
        return f"a {type(optimizer.learning_rate).__name__}", type(optimizer).__name__


@memo
def unfreeze_cases():
    """``(n_layers, learning_rate)``: none; the top block (its BN stays frozen); the top six
    layers, which hold one convolution only; seven, two; more layers than the base has (all)."""
    rng = grader_rng("unfreeze_top")
    size = len(base_layers())
    rates = [float(r) for r in rng.choice([3e-5, 5e-5, 2e-4, 3e-4, 5e-4], 5)]
    return list(zip([0, 3, 6, 7, size + 4], rates))


@pytest.mark.points(3)
def test_unfreeze_top(student, credit):
    layers = base_layers()
    returned = []
    for n_layers, rate in unfreeze_cases():
        with credit.case():
            call = (f"unfreeze_top(<a compiled transfer model around the base>, {BASE_ARG}, {n_layers}, "
                    f"learning_rate={rate}) ({len(layers)} layers in base.layers: "
                    f"{', '.join(name for name, _, _ in layers)})")
            facts = student.harness("dlkit.in_worker.transfer_learning:unfreeze_kit_model", base_record(),
                                    NUM_CLASSES, n_layers, rate, seed=SEED, label="unfreeze_top")
            if not isinstance(facts, dict) or "model" not in facts:
                fail(call, f"got {describe_value(facts)} from the kit's harness")
            returned.append((call, facts.get("returned")))
            model = models.load_model(facts["model"], call=call)
            check_unfrozen(weight_table(model), owners(model), call, layers, n_layers)
            got_rate, optimizer = optimizer_rate(model)
            check_recompiled(facts, call, rate, got_rate, optimizer)
            check(model, call, COMPILED_FOR_INTEGER_LABELS)
    with credit.case():
        for call, what in returned:
            if what != "the model":
                fail(call, mistake(NOT_RETURNED.format(what=what)))
        if not returned:
            fail("unfreeze_top", "no call returned (see the cases above)")


@pytest.mark.points(1)
def test_unfreeze_top_mobilenet_v2(student):
    rng = grader_rng("unfreeze_mobilenet")
    n_layers, rate = int(rng.integers(9, 25)), float(rng.choice([2e-5, 4e-5, 6e-5]))
    call = (f"unfreeze_top(<a compiled transfer model around it>, {MOBILENET_ARG}, {n_layers}, "
            f"learning_rate={rate})")
    facts = student.harness("dlkit.in_worker.transfer_learning:mobilenet_unfreeze", MOBILENET_CLASSES,
                            n_layers, rate, seed=SEED, input_shape=MOBILENET_SHAPE,
                            alpha=MOBILENET_ALPHA, label="unfreeze_top")
    table = report_table(facts, call)
    layers = mobilenet_layers()
    top = [f"{name} ({cls})" for name, cls, _ in layers[-n_layers:]]
    check_unfrozen(table, {}, call + f"\n  (the top {n_layers} layers: {', '.join(top)})", layers, n_layers)
    check_recompiled(facts, call, rate, facts.get("learning_rate"), facts.get("optimizer"))


# -- prepare_image -------------------------------------------------------------------------

# (file name, mode, format, (width, height) of the file, target_size (height, width), preprocessing)
IMAGE_CASES = [
    ("logo.png", "RGBA", "PNG", (50, 37), (20, 36), "mobilenet_v2"),
    ("photo.png", "RGB", "PNG", (40, 30), (32, 48), "vgg16"),
    ("grey.png", "L", "PNG", (20, 26), (24, 24), "resnet50"),
    ("palette.png", "P", "PNG", (33, 45), (40, 32), "mobilenet_v2"),
    ("camera.jpg", "RGB", "JPEG", (64, 48), (32, 40), "resnet50"),
    ("scan.jpg", "L", "JPEG", (30, 41), (28, 28), "dlkit_base"),
    ("same_size.png", "RGB", "PNG", (36, 24), (24, 36), "vgg16"),
]


@memo
def image_folder() -> str:
    """The case files, written once per grader process."""
    from PIL import Image

    folder = scratch.mkdtemp(prefix="dlkit-grader-images-")
    rng = grader_rng("prepare_image")
    for name, mode, fmt, (width, height), _, _ in IMAGE_CASES:
        # Smooth colour gradients plus noise: resizing methods give different pixels.
        yy, xx = np.mgrid[0:height, 0:width]
        channels = [(np.sin(xx / rng.uniform(2, 6) + rng.uniform(0, 6)) * 90 + 128
                     + rng.normal(0, 25, (height, width))) for _ in range(4)]
        pixels = np.clip(np.stack(channels, axis=-1), 0, 255).astype(np.uint8)
        if mode == "RGB":
            image = Image.fromarray(pixels[..., :3], "RGB")
        elif mode == "RGBA":
            image = Image.fromarray(pixels, "RGBA")
        elif mode == "L":
            image = Image.fromarray(pixels[..., 0], "L")
        else:
            image = Image.fromarray(pixels[..., :3], "RGB").quantize(colors=24)
        image.save(os.path.join(folder, name), format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return folder


def preprocess_function(name):
    if name == "dlkit_base":
        return pretrained.preprocess_input
    return getattr(keras.applications, name).preprocess_input


@memo
def image_expectations(index: int):
    """The expected batch, and what known mistakes give, for case ``index``."""
    name, mode, _, (width, height), target, app = IMAGE_CASES[index]
    path = os.path.join(image_folder(), name)
    preprocess = preprocess_function(app)

    def load(**kwargs):
        return keras.utils.img_to_array(keras.utils.load_img(path, **kwargs), dtype="float32")[np.newaxis]

    raw = load(target_size=target, color_mode="rgb")
    want = np.asarray(preprocess(raw.copy()), dtype=np.float32)
    mistakes = {
        NO_BATCH_AXIS: want[0],
        NOT_PREPROCESSED: raw,
        DIVIDED_BY_255: raw / 255.0,
        SIZE_IGNORED: np.asarray(preprocess(load(color_mode="rgb")), dtype=np.float32),
        BILINEAR: np.asarray(preprocess(load(target_size=target, color_mode="rgb",
                                             interpolation="bilinear")), dtype=np.float32),
    }
    if target[0] != target[1]:
        mistakes[SIZE_SWAPPED] = np.asarray(preprocess(load(target_size=target[::-1], color_mode="rgb")),
                                            dtype=np.float32)
    content = np.frombuffer(open(path, "rb").read(), dtype=np.uint8).copy()
    return content, want, mistakes


def shape_mistake(got_shape, want_shape, mode, original_hw, target) -> str:
    if len(got_shape) == 3 and tuple(got_shape) == tuple(want_shape[1:]):
        return NO_BATCH_AXIS
    if len(got_shape) >= 1 and got_shape[-1] == 4 and mode == "RGBA":
        return ALPHA_KEPT
    if mode in ("L", "P") and (len(got_shape) == 3 or got_shape[-1] == 1):
        return GREY_KEPT if mode == "L" else PALETTE_KEPT
    if len(got_shape) == 4 and got_shape[-1] == 1:
        return LOADED_GREY
    spatial = tuple(got_shape[1:3]) if len(got_shape) == 4 else tuple(got_shape[:2])
    if spatial == tuple(original_hw) and spatial != tuple(target):
        return SIZE_IGNORED
    if spatial == tuple(target[::-1]) and target[0] != target[1]:
        return SIZE_SWAPPED
    return ""


@pytest.mark.points(3)
def test_prepare_image(student, credit):
    for index, (name, mode, fmt, (width, height), target, app) in enumerate(IMAGE_CASES):
        with credit.case():
            content, want, mistakes = image_expectations(index)
            fn = f"keras.applications.{app}.preprocess_input" if app != "dlkit_base" \
                else "dlkit.pretrained.preprocess_input"
            call = (f"prepare_image(<the path of {name}: a {width}x{height} (width x height) {mode} "
                    f"{fmt} image>, {target}, {fn})")
            got = student.harness("dlkit.in_worker.transfer_learning:prepare", name, content, target,
                                  app, label="prepare_image")
            if isinstance(got, np.ndarray) and got.shape != want.shape:
                line = shape_mistake(got.shape, want.shape, mode, (height, width), target)
                if line:
                    fail(call, f"got shape {got.shape}, expected {want.shape}", mistake(line))
            # JPEG decoders may differ by a grey level; 1.01 levels covers both scales.
            scale = 2.0 / 255.0 if app == "mobilenet_v2" else (1.0 / 255.0 if app == "dlkit_base" else 1.0)
            expect.array(got, want, call=call, rtol=0, atol=1.01 * scale if fmt == "JPEG" else 1e-4,
                         mistakes=mistakes)
            if got.dtype != np.float32:
                fail(call, f"got dtype {got.dtype}, expected float32", mistake(FLOAT64)
                     if got.dtype == np.float64 else "")
