"""Public self-checks for 11 transfer_learning: the frozen base and its head,
a short head training, unfreezing the top of the base, and one image file.

Passing these does not mean the hidden graders pass: they also train your
head for longer and measure it on held-out digits your code never sees,
unfreeze other numbers of layers, run the same checks on
keras.applications.MobileNetV2, and prepare PNG and JPEG files of several
sizes and modes for several networks.
"""

import warnings

import keras
import numpy as np

from dlkit import pretrained
from dlkit.testing import StudentFailure, expect, models


def load(record, call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optimizer variables of an untrained model
        return models.load_model(record, call=call)


def fail(call, text):
    raise StudentFailure(f"called {call}\n  {text}")


def trainable_paths(model):
    return sorted(v.path for v in model.trainable_weights)


def test_build_transfer_model_freezes_the_base(student):
    base = pretrained.load_base()
    model = load(student.build_transfer_model(models.model_record(base), 5), "build_transfer_model")
    call = "build_transfer_model(<the kit's base>, 5)"
    if tuple(model.output_shape) != (None, 5):
        fail(call, f"the output shape is {model.output_shape}, expected (None, 5): pool the base's "
                   "feature map (GlobalAveragePooling2D) and end with Dense(5, activation='softmax')")
    if getattr(model, "optimizer", None) is None:
        fail(call, "the model is not compiled")
    base_paths = {v.path for v in base.weights}
    trainable = trainable_paths(model)
    if any(p in base_paths for p in trainable):
        fail(call, f"base weights are trainable ({[p for p in trainable if p in base_paths][:4]}...): "
                   "set base.trainable = False")
    if not trainable:
        fail(call, "nothing is trainable: only the base must be frozen, not the head")
    weights = {v.path: np.asarray(v) for v in model.weights}
    for v in base.weights:
        if v.path not in weights or not np.array_equal(weights[v.path], np.asarray(v)):
            fail(call, f"the model's {v.path} is not the pretrained one: build on `base` itself")
    out = np.asarray(model(np.random.default_rng(0).uniform(0, 1, (3, 28, 28, 3)).astype("float32")))
    if not np.allclose(out.sum(axis=-1), 1.0, atol=1e-4):
        fail(call, "the outputs do not sum to 1: use activation='softmax'")


def test_head_training_changes_only_the_head(student):
    """Two epochs on the few labels: the base's weights, BatchNormalization
    statistics included, stay exactly the pretrained ones."""
    base = pretrained.load_base()
    x, y = pretrained.load_target(labels_per_class=4)
    value = student.harness("dlkit.in_worker.transfer_learning:build_and_train", models.model_record(base),
                            5, x, y, seed=0, epochs=2, batch_size=10, label="build_transfer_model")
    call = "build_transfer_model(<the kit's base>, 5), then 2 epochs of head training on 20 images"
    model = load(value[0], call)
    weights = {v.path: np.asarray(v) for v in model.weights}
    changed = [v.path for v in base.weights if not np.array_equal(weights.get(v.path), np.asarray(v))]
    if changed:
        fail(call, f"training changed the base's {changed[:4]}: the base must be frozen "
                   "(base.trainable = False, called with training=False)")


def test_unfreeze_top_three_layers(student):
    base = pretrained.load_base()
    facts = student.harness("dlkit.in_worker.transfer_learning:unfreeze_kit_model", models.model_record(base),
                            5, 3, 1e-4, seed=0, label="unfreeze_top")
    call = "unfreeze_top(<a transfer model around the kit's base>, <the base>, 3, learning_rate=0.0001)"
    model = load(facts["model"], call)
    # The top 3 layers of base.layers are base_conv3, base_bn3 and base_relu3: only the
    # convolution has trainable weights once BatchNormalization stays frozen.
    base_paths = {v.path for v in base.weights}
    got = [p for p in trainable_paths(model) if p in base_paths]
    if got != ["base_conv3/kernel"]:
        fail(call, f"trainable base weights {got}, expected ['base_conv3/kernel'] (the top 3 layers are "
                   "base_conv3, base_bn3 and base_relu3; BatchNormalization stays frozen)")
    if not facts["recompiled"]:
        fail(call, "the model was not compiled again after changing trainable")
    expect.number(float(np.asarray(model.optimizer.learning_rate)), 1e-4, call=call + " (its learning rate)",
                  rtol=1e-5)
    if facts["returned"] != "the model":
        fail(call, f"it returned {facts['returned']}, expected the model")


def test_prepare_image_rgba_png(student, tmp_path):
    from PIL import Image

    pixels = np.random.default_rng(1).integers(0, 256, (30, 40, 4)).astype(np.uint8)
    path = str(tmp_path / "logo.png")
    Image.fromarray(pixels, "RGBA").save(path)
    content = np.frombuffer((tmp_path / "logo.png").read_bytes(), dtype=np.uint8).copy()
    # The file goes into your worker's folder (which may not see this one) under the same name.
    got = student.harness("dlkit.in_worker.transfer_learning:prepare", "logo.png", content, (32, 32),
                          "mobilenet_v2", label="prepare_image")
    image = keras.utils.load_img(path, target_size=(32, 32), color_mode="rgb")
    batch = keras.utils.img_to_array(image, dtype="float32")[np.newaxis]
    want = keras.applications.mobilenet_v2.preprocess_input(batch.copy())
    call = "prepare_image('.../logo.png', (32, 32), keras.applications.mobilenet_v2.preprocess_input)"
    expect.array(got, want, call=call, rtol=0, atol=1e-4, mistakes={
        "no batch axis: return (1, height, width, 3)": want[0],
        "preprocess_input not applied": batch,
        "divided by 255 instead of calling preprocess_input": batch / 255})
    if got.dtype != np.float32:
        fail(call, f"got dtype {got.dtype}, expected float32")
