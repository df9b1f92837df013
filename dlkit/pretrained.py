"""The kit's own pretrained network and a target task with few labels (topic 11).

ImageNet weights cannot be downloaded here, so the kit pretrains a small base
network itself and ships it: ``datasets/pretrained/base.weights.h5``, made by
``scripts/pretrain_base.py`` (seeded, CPU, deterministic ops), described in
``datasets/pretrained/base.json`` (architecture, SHA-256, source task, recipe,
accuracy).  :func:`load_base` checks the file against that checksum.

The images are *coloured digits*: the ``mnist28`` digits drawn in a random
light colour on a random dark background or the other way round, 28x28x3
float32 in [0, 1] (:func:`colour_digits`).

- Source task (what the base learned): the digits 0-4 of the ``mnist28`` train
  split, each also upside down, mirrored, and both (20 classes), in fresh
  colours every epoch.  Its features are stroke and shape detectors that do
  not care about colour or polarity.
- Target task (what students transfer to): the digits 5-9, which the base
  never saw, with a few labelled images per class (:func:`load_target`,
  labels 0-4 meaning digits 5-9).  Graders measure on the held-out split's
  5-9 (:func:`held_out_target`), which is never passed to student code.

The base is built like ``keras.applications.<Name>(include_top=False)``: it
ends with a feature map ``(None, 7, 7, 128)``, not with class scores, so a
new head needs pooling (``GlobalAveragePooling2D``) before its ``Dense``
layer.  Its inputs are float32 in [0, 1]; :func:`preprocess_input` turns
0-255 pixels (from image files) into that, as each ``keras.applications``
module's own ``preprocess_input`` does for its network.

``imagenet_weights_available(name)`` tells whether a ``keras.applications``
network's ImageNet weights are already in the Keras cache (nothing is
downloaded); :func:`application` uses them when they are, and otherwise
builds the network with random weights and says so.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from dlkit import datasets, grader_secret, paths

PRETRAINED_DIR = paths.ROOT / "datasets" / "pretrained"
WEIGHTS_FILE = PRETRAINED_DIR / "base.weights.h5"
SUMMARY_FILE = PRETRAINED_DIR / "base.json"

BASE_NAME = "dlkit_base"
INPUT_SHAPE = (28, 28, 3)
BLOCK_FILTERS = (16, 32, 128)  # one Conv-BN-ReLU block each; max pooling between blocks
BN_MOMENTUM = 0.9  # moving statistics settle within the short pretraining
SOURCE_DIGITS = (0, 1, 2, 3, 4)
TARGET_DIGITS = (5, 6, 7, 8, 9)
# Each source digit in four orientations, one class each: 20 source classes.
ORIENTATIONS = ("upright", "upside down", "mirrored", "upside down and mirrored")

# Colours of the fixed (non-training) image sets, so that they never change.
TARGET_TRAIN_COLOURS = 1101
TARGET_HELD_OUT_COLOURS = 1102
SOURCE_HELD_OUT_COLOURS = 1103


class ChecksumMismatch(RuntimeError):
    """The shipped weights file is not the one ``base.json`` describes."""


# -- images ------------------------------------------------------------------

def colour_digits(images, seed: int) -> np.ndarray:
    """Grey digit images ``(N, H, W)`` uint8 0-255 as coloured RGB images
    ``(N, H, W, 3)`` float32 in [0, 1]: per image, a light colour (each channel
    0.55-1) and a dark one (0-0.45), one for the strokes and the other for the
    background, chosen at random (``seed``)."""
    ink = np.asarray(images, dtype=np.float32)[..., np.newaxis] / np.float32(255.0)
    rng = np.random.default_rng(seed)
    n = len(ink)
    light = rng.uniform(0.55, 1.0, (n, 1, 1, 3)).astype(np.float32)
    dark = rng.uniform(0.0, 0.45, (n, 1, 1, 3)).astype(np.float32)
    dark_ink = rng.random((n, 1, 1, 1)) < 0.5
    stroke = np.where(dark_ink, dark, light)
    background = np.where(dark_ink, light, dark)
    return (background + (stroke - background) * ink).astype(np.float32)


def preprocess_input(x) -> np.ndarray:
    """The base's preprocessing: pixels 0-255 (from an image file) to float32
    in [0, 1], the range the base was trained on."""
    return np.asarray(x, dtype=np.float32) / np.float32(255.0)


def orientations(images, labels) -> tuple[np.ndarray, np.ndarray]:
    """The source task's classes: every image upright, upside down, mirrored
    and both; label ``digit + 5 * orientation``."""
    images = np.asarray(images)
    turned = [images, images[:, ::-1], images[:, :, ::-1], images[:, ::-1, ::-1]]
    labels = np.asarray(labels, dtype=np.int64)
    return (np.concatenate(turned),
            np.concatenate([labels + len(SOURCE_DIGITS) * k for k in range(len(turned))]))


def source_task(train: bool = True):
    """The source task's grey images ``(N, 28, 28)`` uint8 and labels 0-19
    (colour them with :func:`colour_digits`): the train split for
    pretraining, the held-out split for its accuracy."""
    images, digits = datasets.load("mnist28") if train else datasets.held_out("mnist28")
    keep = np.isin(digits, SOURCE_DIGITS)
    return orientations(images[keep], digits[keep] - SOURCE_DIGITS[0])


def _target_split(train: bool):
    images, digits = datasets.load("mnist28") if train else datasets.held_out("mnist28")
    keep = np.isin(digits, TARGET_DIGITS)
    seed = TARGET_TRAIN_COLOURS if train else TARGET_HELD_OUT_COLOURS
    return colour_digits(images[keep], seed), (digits[keep] - TARGET_DIGITS[0]).astype(np.int64)


def load_target(labels_per_class: int = 10, seed: int = 0):
    """The target task's few labels: ``labels_per_class`` coloured images of
    each digit 5-9 drawn (``seed``) from the ``mnist28`` train split, in class
    order.  Returns ``(x, y)``: float32 ``(5 * labels_per_class, 28, 28, 3)`` in
    [0, 1] and int64 labels 0-4 (label ``k`` is the digit ``5 + k``)."""
    x, y = _target_split(train=True)
    rng = np.random.default_rng(seed)
    picked = np.concatenate([rng.choice(np.flatnonzero(y == k), labels_per_class, replace=False)
                             for k in range(len(TARGET_DIGITS))])
    return x[picked].copy(), y[picked].copy()


def held_out_target():
    """The target task's held-out images (digits 5-9 of the held-out split),
    for graders: never pass them to student code (refused inside a worker,
    as :func:`dlkit.datasets.held_out` is)."""
    grader_secret.grader_secret("dlkit.pretrained.held_out_target()")
    return _target_split(train=False)


def source_held_out():
    """The source task's held-out images (coloured) and labels, for its accuracy."""
    images, labels = source_task(train=False)
    return colour_digits(images, SOURCE_HELD_OUT_COLOURS), labels


# -- the base network ----------------------------------------------------------

def build_base():
    """The base's architecture with fresh (random) weights: Conv-BN-ReLU
    blocks of ``BLOCK_FILTERS`` filters with max pooling between them, named
    ``base_conv1``, ``base_bn1``, ``base_relu1``, ``base_pool1``, ..., and no
    classifier on top (output ``(None, 7, 7, 128)``)."""
    import keras
    from keras import layers

    inputs = keras.Input(INPUT_SHAPE, name="base_input")
    features = inputs
    for block, filters in enumerate(BLOCK_FILTERS, start=1):
        features = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                                 name=f"base_conv{block}")(features)
        features = layers.BatchNormalization(momentum=BN_MOMENTUM, name=f"base_bn{block}")(features)
        features = layers.ReLU(name=f"base_relu{block}")(features)
        if block < len(BLOCK_FILTERS):
            features = layers.MaxPooling2D(2, name=f"base_pool{block}")(features)
    return keras.Model(inputs, features, name=BASE_NAME)


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def base_summary() -> dict:
    """What ``base.json`` records: architecture, checksum, source task, recipe, accuracy."""
    return json.loads(SUMMARY_FILE.read_text())


def verify_weights_file(path=None) -> str:
    """The weights file's SHA-256 (default: the shipped one), after checking it
    against ``base.json``; raises :class:`ChecksumMismatch` saying what differs."""
    path = Path(path) if path is not None else WEIGHTS_FILE
    if not path.exists():
        raise FileNotFoundError(f"the pretrained base's weights are missing: {path} does not exist "
                                "(it ships with the kit; re-create it with "
                                "`python scripts/pretrain_base.py` in the kit's repository)")
    recorded = base_summary()["sha256"]
    found = sha256(path)
    if found != recorded:
        raise ChecksumMismatch(
            f"{path} is not the pretrained base the kit shipped: its SHA-256 is {found}, but "
            f"{SUMMARY_FILE.name} records {recorded}. The file was changed or damaged; restore it "
            "(git checkout datasets/pretrained) or re-create it with "
            "`python scripts/pretrain_base.py` (which also updates the checksum).")
    return found


def load_base(verify: bool = True):
    """A fresh ``keras.Model`` with the shipped pretrained weights (a new
    object on every call, so freezing one copy leaves the others alone)."""
    if verify:
        verify_weights_file(WEIGHTS_FILE)
    base = build_base()
    base.load_weights(WEIGHTS_FILE)
    return base


def base_weights() -> dict[str, np.ndarray]:
    """The shipped base's weights by variable path (``base_conv1/kernel``, ...),
    moving statistics included."""
    return {v.path: np.asarray(v) for v in load_base().weights}


# -- ImageNet weights: only when already in the Keras cache -----------------------

APPLICATIONS = {
    # name: (keras.applications attribute, weights file with the top, without it)
    "mobilenet_v2": ("MobileNetV2", "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{alpha}_{rows}.h5",
                     "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{alpha}_{rows}_no_top.h5"),
    "resnet50": ("ResNet50", "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
                 "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"),
    "vgg16": ("VGG16", "vgg16_weights_tf_dim_ordering_tf_kernels.h5",
              "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"),
}
MOBILENET_ROWS = (96, 128, 160, 192, 224)


def keras_cache() -> Path:
    """Where Keras keeps downloaded files: ``$KERAS_HOME`` or ``~/.keras``."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))


def imagenet_weights_file(name: str, include_top: bool = False, alpha: float = 1.0,
                          input_shape=None) -> Path:
    """The file ``keras.applications`` would download for ``weights="imagenet"``."""
    if name not in APPLICATIONS:
        raise KeyError(f"unknown application {name!r}; known: {', '.join(APPLICATIONS)}")
    rows = 224
    if input_shape is not None and input_shape[0] in MOBILENET_ROWS:
        rows = int(input_shape[0])
    template = APPLICATIONS[name][1 if include_top else 2]
    return keras_cache() / "models" / template.format(alpha=float(alpha), rows=rows)


def imagenet_weights_available(name: str, include_top: bool = False, alpha: float = 1.0,
                               input_shape=None) -> bool:
    """Whether ``keras.applications``' ImageNet weights for ``name``
    (``"mobilenet_v2"``, ``"resnet50"``, ``"vgg16"``) are already in the Keras
    cache, so that ``weights="imagenet"`` works without a download."""
    return imagenet_weights_file(name, include_top, alpha, input_shape).exists()


def imagenet_message(name: str, include_top: bool = False, alpha: float = 1.0,
                     input_shape=None) -> str:
    """A plain sentence saying whether the ImageNet weights are usable here."""
    path = imagenet_weights_file(name, include_top, alpha, input_shape)
    if path.exists():
        return f"ImageNet weights for {name} found in the Keras cache: {path}"
    return (f"ImageNet weights for {name} are not in the Keras cache ({path} does not exist), "
            "and this machine cannot download them: the network is built with random weights "
            "(weights=None), so its features are not pretrained. To use ImageNet weights, copy "
            f"that file from a machine where keras.applications downloaded it (into "
            f"~/.keras/models/) to {path.parent}; the kit's own pretrained base "
            "(dlkit.pretrained.load_base()) works offline.")


def application(name: str, input_shape=None, include_top: bool = False, alpha: float = 1.0,
                verbose: bool = True):
    """``keras.applications.<Name>`` with ImageNet weights if they are in the
    Keras cache, otherwise with random weights (and a printed message)."""
    import keras

    available = imagenet_weights_available(name, include_top, alpha, input_shape)
    if verbose and not available:
        print(imagenet_message(name, include_top, alpha, input_shape))
    kwargs = {"alpha": alpha} if name == "mobilenet_v2" else {}
    return getattr(keras.applications, APPLICATIONS[name][0])(
        weights="imagenet" if available else None, include_top=include_top,
        input_shape=input_shape, **kwargs)
