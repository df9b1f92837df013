"""Hidden graders for 08 augmentation: shifting by hand, an augmenter of
random preprocessing layers, and augmented tf.data batches.

* ``shift_image`` is compared with ``scipy.ndimage.shift(image, (dy, dx[, 0]),
  order=0, mode="constant", cval=0)`` on random 2-D and 3-D cases (negative
  shifts, shifts as large as the image or larger, several dtypes); the input
  must come back untouched (``dlkit.harness:call_and_return``) and the dtype
  kept. np.roll, swapped axes and reversed signs are named.
* ``build_augmenter``: the model crosses as a ``.keras`` file and is loaded
  here with ``safe_mode=True``; it is graded on behaviour in this process:
  ``model(x, training=False)`` returns ``x``, ``model(x,
  training=True)`` changes most images and keeps their shape, dtype and
  range, factors of 0 give the identity even in training and each factor
  alone changes images (random 64x64 textures, so that any interpolation
  shows). The layer configs must hold the factors passed in (read from the
  loaded layers), and the layers must be the three the
  docstring names (no flips, no Rescaling). A random layer's generator state
  is not saved in the file, so reproducibility is judged in the worker
  (``dlkit/in_worker/augmentation.py``): builds with the same seed, made one
  after the other without re-seeding, must give equal training-mode outputs
  on the same images, and another seed other outputs.
* ``augmented_batches``: a Dataset cannot cross, so the worker calls it and
  iterates it (``dataset_runs``): two epochs with the graded seed, one more
  epoch of a second call with the same seed and one with another seed. The
  images are the grader's: binarised train digits, each scaled to its own
  grey level, with its index as its label. Rotation, translation and zoom
  keep the brightest pixel's level (a 2x2 block inside a thick stroke
  interpolates to exactly that level), so every augmented image tells which
  example it came from, and the label beside it must say the same. Checked:
  batch sizes (the last, smaller batch kept), every example once per epoch,
  labels aligned, images augmented and differently in each epoch, a shuffled
  order that changes every epoch, the same batches for the same seed and
  others for another seed.

There is no training threshold; the statistics relied on (fractions of
changed images, the brightest-pixel tolerance) are measured over seeds in
docs/thresholds_augmentation.md.
"""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest
import scipy.ndimage

from dlkit import datasets
from dlkit.testing import StudentFailure, describe_call, describe_value, expect, grader_rng, memo, models
from dlkit.testing.failures import fail, mistake

BUILD_SEED = int(grader_rng("build_augmenter").integers(2**31 - 1))  # every graded build
WORKER_SEED = int(grader_rng("augmenter_worker").integers(2**31 - 1))  # seeds the worker once
BATCH_SEED = int(grader_rng("augmented_batches").integers(2**31 - 1))

AUGMENTER_LAYERS = ("RandomRotation", "RandomTranslation", "RandomZoom")
CHANGED_ATOL = 1e-3  # an image counts as changed when a pixel moved by more than this
# Fraction of images that training mode must change. Reference: 1.00 on every
# seed and every case measured (default factors, each factor alone at 0.05-0.3,
# 64 digits, 20 seeds; tf.data epochs 10 seeds); a 0-factor build or training=False: 0.00.
MIN_CHANGED_FRACTION = 0.9
# Each factor alone (0.1) must change images of a random texture (64x64, so that even
# nearest-neighbour sampling moves pixels): measured over 20 seeds (docs/thresholds_augmentation.md),
# bilinear 1.00 for all three; interpolation="nearest" rotation worst 0.94, translation 0.97,
# zoom 0.75 (on 28x28 digits nearest zoom changes as few as 0.34: small zooms of a centred
# digit move no stroke pixel, which is why the probe is not a digit); a factor hard-coded 0: 0.00.
MIN_FACTOR_CHANGED_FRACTION = 0.5
RANGE_TOL = 1e-5

N_EXAMPLES, BATCH_SIZE = 90, 32  # 3 batches per epoch: 32, 32 and 26
LEVELS_LOW, LEVELS_HIGH = 0.3, 1.0  # the examples' grey levels, 0.0079 apart
# Brightest pixel of an augmented image minus its example's level: reference worst
# 3.0e-5 over 10 seeds x 2 epochs x 90 images (docs/thresholds_augmentation.md); a
# quarter of the levels' spacing still names the example without doubt.
LEVEL_TOL = (LEVELS_HIGH - LEVELS_LOW) / (N_EXAMPLES - 1) / 4
MAX_BATCHES = 4 * (N_EXAMPLES // BATCH_SIZE + 1)  # more in one pass: repeated or unbatched

# Warnings of Keras that say nothing about the student's code.
pytestmark = [pytest.mark.filterwarnings("ignore:You are saving a model that has not yet been built"),
              pytest.mark.filterwarnings("ignore:Skipping variable loading")]

# -- mistake descriptions -------------------------------------------------------

ROLL = ("np.roll wraps the pixels that leave the image around to the other side; shift_image "
        "must drop them and fill the uncovered rows and columns with zeros")
SWAPPED = "dx and dy swapped: dx moves columns (right), dy moves rows (down)"
REVERSED = "the shift goes the opposite way: positive dx moves right, positive dy moves down"
ROLL_SWAPPED = "np.roll with dx and dy swapped"
IN_PLACE = "the input image was changed: work on a copy (np.zeros_like(image), then fill it)"
DTYPE_CHANGED = ("the dtype changed: return an array of the image's dtype (np.zeros_like(image) "
                 "keeps it; np.zeros(image.shape) gives float64)")
LARGE_SHIFT = ("a shift as large as the image or larger moves every pixel out: the result is "
               "all zeros (check abs(dx) >= width or abs(dy) >= height before slicing)")
CHANNELS = ("(H, W, C) images must work too: shift the first two axes only "
            "(image.shape[:2] is the height and width)")

FLIP = ("RandomFlip in the augmenter: a mirrored 2, 3, 7 or 9 is not a digit any more, so "
        "flips change what the image means; use only RandomRotation, RandomTranslation and "
        "RandomZoom")
RESCALING = ("a Rescaling layer in the augmenter changes the range of the values (and works "
             "at inference too); scaling to [0, 1] belongs to the data preparation, not the "
             "augmenter")
BRIGHTNESS = ("{name} changes the values' range ({name}'s value_range defaults to (0, 255)); "
              "the augmenter must keep the range: use only RandomRotation, RandomTranslation "
              "and RandomZoom")
OTHER_LAYERS = ("only RandomRotation, RandomTranslation and RandomZoom belong in the augmenter, "
                "found {names}")
NOT_SEQUENTIAL = "expected a keras.Sequential (of the three random layers), got a {kind}"
FIXED_SHAPE = ("a keras.Input with a fixed shape: the augmenter must accept images of any size, "
               "so leave keras.Input out (the Sequential is built on its first call)")
HARD_CODED = "{arg} ignored: the factor is always {value} (hard-coded?); pass {arg} through"
DEGREES = ("rotation divided by 360, as if it were degrees (ImageDataGenerator's rotation_range "
           "was): it is already RandomRotation's factor, a fraction of a full turn (0.1 = +-36 "
           "degrees); pass it as it is")
RADIANS = ("rotation divided by 2 pi, as if it were radians: it is already RandomRotation's factor, "
           "a fraction of a full turn (0.1 = +-36 degrees); pass it as it is")
TRANSLATION_ONE_AXIS = ("translation applied to one axis only: use RandomTranslation(translation, "
                        "translation), the height and the width factor")
AT_INFERENCE = ("the augmenter changes images at inference: with training=False (and in "
                "predict) the random layers must return their input unchanged")
NOT_REPRODUCIBLE = ("two builds with the same seed augment differently: pass seed=seed to "
                    "every random layer (RandomRotation, RandomTranslation and RandomZoom)")
SEED_IGNORED = ("builds with different seeds augment identically: the seed argument is ignored "
                "(a fixed seed inside?)")

NOT_DATASET = "return a tf.data.Dataset (what Dataset.from_tensor_slices(...).batch(...) gives)"
DROP_REMAINDER = ("the last, smaller batch is dropped (drop_remainder=True?): every example must "
                  "appear once per epoch, so keep it")
NOT_BATCHED = "the dataset is not batched: call .batch(batch_size)"
MISALIGNED = ("images and labels shuffled separately: each label must stay with its image; "
              "shuffle one Dataset.from_tensor_slices((x, y)) of pairs, or the same "
              "permutation for both")
VALUES_CHANGED = ("the images' values changed (scaled, normalised or clipped?): augmentation "
                  "moves pixels, it does not rescale them; x is already float32 in [0, 1]")
NOT_AUGMENTED = ("the images are not augmented: map build_augmenter(seed=seed) over the batches, "
                 "called with training=True (with training=False it returns its input)")
AUGMENTED_ONCE = ("the same augmented images in every epoch: the augmentation was done once (on "
                  "the arrays, or before .cache()); map the augmenter over the dataset so that "
                  "each epoch draws new transformations")
NOT_SHUFFLED = "the examples come in their original order: shuffle them (Dataset.shuffle)"
BATCH_THEN_SHUFFLE = ("batched before shuffling: each batch holds consecutive examples and only "
                      "whole batches move; shuffle first, then batch")
SMALL_BUFFER = ("the shuffle buffer is too small: with buffer_size=batch_size the first batch "
                "can only hold the first examples; use a buffer of len(x)")
SAME_ORDER = ("the same order in every epoch: keep Dataset.shuffle's default "
              "reshuffle_each_iteration=True so that each epoch is shuffled anew")
UNSEEDED = ("two calls with the same seed gave different batches: pass seed=seed to "
            "Dataset.shuffle and to build_augmenter, and map without num_parallel_calls")
SHUFFLE_SEED_IGNORED = ("another seed gave the same order: the shuffle ignores the seed "
                        "(Dataset.shuffle(len(x), seed=seed))")
AUGMENT_SEED_IGNORED = ("another seed gave the same augmentations: build the augmenter with "
                        "the seed given, build_augmenter(seed=seed)")


# -- shift_image ----------------------------------------------------------------

def scipy_shift(image, dx, dy):
    shift = (dy, dx) + (0,) * (image.ndim - 2)
    return scipy.ndimage.shift(image, shift, order=0, mode="constant", cval=0)


def shift_mistakes(image, dx, dy) -> dict:
    roll = lambda a, b: np.roll(image, (a, b), axis=(0, 1))  # noqa: E731
    return {ROLL: roll(dy, dx), ROLL_SWAPPED: roll(dx, dy), SWAPPED: scipy_shift(image, dy, dx),
            REVERSED: scipy_shift(image, -dx, -dy)}


def shift_cases():
    """Random images and shifts: 2-D and 3-D, four dtypes, negative shifts and
    shifts as large as the image or larger (the last four cases)."""
    rng = grader_rng("shift_image")
    dtypes = (np.uint8, np.float32, np.float64, np.int32)
    cases = []
    for i in range(16):
        height, width = (int(v) for v in rng.integers(3, 12, 2))
        shape = (height, width) if i % 2 == 0 else (height, width, int(rng.integers(1, 4)))
        # Values >= 1: a zero in the result is a pixel shifted in, never an image pixel.
        image = rng.integers(1, 250, shape).astype(dtypes[i % 4])
        if i < 12:
            dx, dy = (int(v) for v in rng.integers(-4, 5, 2))
            if dx == dy:
                dy = -dx - 1  # swapped axes must show
        else:
            dx = int(rng.choice([-1, 1]) * rng.integers(width, width + 4))
            dy = int(rng.integers(-2, 3))
            if i % 2:
                dx, dy = dy, int(rng.choice([-1, 1]) * rng.integers(height, height + 4))
        cases.append((image, dx, dy))
    return cases


@pytest.mark.points(3)
def test_shift_image_matches_scipy(student, credit):
    for image, dx, dy in shift_cases():
        with credit.case():
            call = describe_call("shift_image", (image, dx, dy))
            want = scipy_shift(image, dx, dy)
            try:
                got = student.shift_image(image, dx, dy)
            except StudentFailure as exc:
                extra = ""
                if "not implemented yet" not in str(exc):
                    if image.ndim == 3:
                        extra = mistake(CHANNELS)
                    elif abs(dx) >= image.shape[1] or abs(dy) >= image.shape[0]:
                        extra = mistake(LARGE_SHIFT)
                raise StudentFailure(f"{exc}\n  {extra}" if extra else str(exc), "shift_image") from None
            try:
                expect.array(got, want, call=call, rtol=0, atol=0, mistakes=shift_mistakes(image, dx, dy))
            except StudentFailure as exc:
                text = str(exc)
                if image.ndim == 3 and isinstance(got, np.ndarray) and got.shape != image.shape:
                    text += "\n  " + mistake(CHANNELS)
                elif "mistake:" not in text and (abs(dx) >= image.shape[1] or abs(dy) >= image.shape[0]):
                    text += "\n  " + mistake(LARGE_SHIFT)
                raise StudentFailure(text, "shift_image") from None


@pytest.mark.points(1)
def test_shift_image_returns_a_new_array_of_the_same_dtype(student, credit):
    rng = grader_rng("shift_image_copy")
    for dtype in (np.uint8, np.float32, np.int64):
        with credit.case():
            image = rng.integers(1, 200, (6, 7)).astype(dtype)
            dx, dy = int(rng.integers(1, 3)), -int(rng.integers(1, 3))
            got, args = student.harness("dlkit.harness:call_and_return", "shift_image", image.copy(),
                                        dx, dy, label="shift_image")
            call = describe_call("shift_image", (image, dx, dy))
            expect.array(got, scipy_shift(image, dx, dy), call=call, rtol=0, atol=0,
                         mistakes=shift_mistakes(image, dx, dy))
            if not np.array_equal(args[0], image):
                fail(call, "after the call the image passed in holds other values", mistake(IN_PLACE))
            if got.dtype != image.dtype:
                fail(call, f"got dtype {got.dtype}, expected {image.dtype} (the image's)",
                     mistake(DTYPE_CHANGED))


# -- build_augmenter: helpers ---------------------------------------------------------

@memo
def digit_batch(count: int):
    """``count`` train digits as float32 (N, 28, 28, 1) in [0, 1] (black background)."""
    images, _ = datasets.load("mnist28")
    pick = grader_rng(f"digit_batch_{count}").choice(len(images), count, replace=False)
    return (images[pick].astype(np.float32) / np.float32(255.0))[..., np.newaxis]


@memo
def texture_batch():
    """Random grey textures (32, 64, 64, 1) in [0, 1]: every transformation moves some pixel."""
    return grader_rng("texture_batch").uniform(0, 1, (32, 64, 64, 1)).astype(np.float32)


@memo
def colour_batch():
    """Random RGB images (8, 20, 24, 3) in [0, 1], a black frame around a random inside."""
    x = grader_rng("colour_batch").uniform(0, 1, (8, 20, 24, 3)).astype(np.float32)
    x[:, :3], x[:, -3:], x[:, :, :3], x[:, :, -3:] = 0, 0, 0, 0
    return x


def build(student, *args, **kwargs):
    """The student's augmenter, built in the worker and loaded here: ``(model, call)``."""
    value = student.build_augmenter(*args, **kwargs)
    call = describe_call("build_augmenter", args, kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unbuilt Sequential has no weights to load
        return models.load_model(value, call=call), call


def flat_layers(model) -> list:
    """The model's layers, nested models walked, InputLayers left out."""
    found = []
    for layer in getattr(model, "layers", []):
        if isinstance(layer, keras.layers.InputLayer):
            continue
        found += flat_layers(layer) if isinstance(layer, keras.Model) else [layer]
    return found


def layer_kinds(model) -> list[str]:
    return [type(layer).__name__ for layer in flat_layers(model)]


def has_fixed_input(model) -> bool:
    try:
        shape = tuple(model.inputs[0].shape)
    except (AttributeError, IndexError, TypeError, ValueError):
        return False
    return any(d is not None for d in shape[1:3])


def apply(model, x, call, training: bool, what: str) -> np.ndarray:
    """``model(x, training=training)`` here, as an array."""
    try:
        return np.asarray(model(x, training=training))
    except Exception as exc:  # noqa: BLE001 - the student's model failed on the grader's images
        line = mistake(FIXED_SHAPE) if has_fixed_input(model) else ""
        fail(call, f"{what} on {describe_value(x)} raised {type(exc).__name__}: {str(exc)[:300]}", line)


def changed_fraction(out: np.ndarray, x: np.ndarray) -> float:
    diff = np.abs(out.astype(np.float64) - x.astype(np.float64)).reshape(len(x), -1).max(axis=1)
    return float(np.mean(diff > CHANGED_ATOL))


def check_same_shape(out, x, call, what):
    if out.shape != x.shape:
        fail(call, f"{what} returned shape {out.shape} for images of shape {x.shape}; the "
                   "augmenter must keep the shape")


def factor_range(value):
    """A factor as Keras reads it: a number f is (-f, f), a pair is (low, high)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (-abs(float(value)), abs(float(value)))
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(low, high), max(low, high))


def same_range(got, want) -> bool:
    return got is not None and bool(np.allclose(got, want, rtol=1e-6, atol=1e-9))


def configured(model) -> dict:
    """Class name -> list of that layer's configs."""
    found: dict[str, list[dict]] = {}
    for layer in flat_layers(model):
        found.setdefault(type(layer).__name__, []).append(layer.get_config())
    return found


# -- build_augmenter: tests -----------------------------------------------------------

@pytest.fixture(scope="module")
def default_build(student):
    """build_augmenter(seed=BUILD_SEED), loaded here."""
    return build(student, seed=BUILD_SEED)


@pytest.mark.points(1)
def test_build_augmenter_layers(default_build):
    model, call = default_build
    if not isinstance(model, keras.Sequential):
        fail(call, NOT_SEQUENTIAL.format(kind=type(model).__name__))
    kinds = layer_kinds(model)
    extra = [k for k in kinds if k not in AUGMENTER_LAYERS]
    missing = [k for k in AUGMENTER_LAYERS if k not in kinds]
    if not extra and not missing:
        return
    lines = [f"the augmenter's layers are {kinds or 'none'}, expected RandomRotation, "
             "RandomTranslation and RandomZoom"]
    if "RandomFlip" in extra:
        lines.append(mistake(FLIP))
    elif "Rescaling" in extra:
        lines.append(mistake(RESCALING))
    elif extra:
        lines.append(OTHER_LAYERS.format(names=", ".join(sorted(set(extra)))))
    if missing:
        lines.append(f"missing: {', '.join(missing)}")
    fail(call, *lines)


@pytest.mark.points(2)
def test_build_augmenter_identity_at_inference(student, default_build, credit):
    cases = [(default_build, digit_batch(32))]
    with credit.case():
        cases.append((build(student, 0.3, 0.2, 0.25, BUILD_SEED), colour_batch()))
    # (model.predict runs the layers with training=False too, and costs a traced function.)
    what = "model(x, training=False)"
    for (model, call), x in cases:
        with credit.case():
            out = apply(model, x, call, False, what)
            mistakes = {AT_INFERENCE: out} if changed_fraction(out, x) > 0 and out.shape == x.shape else {}
            if "Rescaling" in layer_kinds(model):
                mistakes = {RESCALING: x / np.float32(255.0)}
            expect.array(out, x, call=f"{call}, then {what}", rtol=0, atol=1e-6,
                         what="the images unchanged", mistakes=mistakes)


@pytest.mark.points(2)
def test_build_augmenter_changes_images_in_training(student, default_build, credit):
    cases = [(default_build, digit_batch(64))]
    with credit.case():
        cases.append((build(student, 0.1, 0.1, 0.1, seed=BUILD_SEED + 1), colour_batch()))
    for (model, call), x in cases:
        with credit.case():
            what = "model(x, training=True)"
            out = apply(model, x, call, True, what)
            check_same_shape(out, x, f"{call}, then {what}", what)
            if out.dtype != x.dtype:
                fail(f"{call}, then {what}", f"got dtype {out.dtype} for {x.dtype} images")
            fraction = changed_fraction(out, x)
            if fraction < MIN_CHANGED_FRACTION:
                fail(f"{call}, then {what}",
                     f"training mode changed {fraction:.0%} of the {len(x)} images, expected at "
                     f"least {MIN_CHANGED_FRACTION:.0%} (the reference changes all of them)",
                     "the random layers must transform images when training=True")


@pytest.mark.points(1)
def test_build_augmenter_keeps_the_value_range(student, default_build, credit):
    digits = digit_batch(64)
    cases = [(default_build, digits, (0.0, 1.0))]
    with credit.case():
        cases.append((build(student, 0.2, 0.2, 0.2, BUILD_SEED + 2), digits * np.float32(255.0),
                      (0.0, 255.0)))
    for (model, call), x, (low, high) in cases:
        with credit.case():
            what = "model(x, training=True)"
            out = apply(model, x, call, True, what)
            check_same_shape(out, x, f"{call}, then {what}", what)
            if not np.all(np.isfinite(out)):
                fail(f"{call}, then {what}", "the output holds NaN or infinite values")
            got_low, got_high = float(out.min()), float(out.max())
            tol = RANGE_TOL * (high - low)
            if got_low >= low - tol and got_high <= high + tol:
                continue
            kinds = layer_kinds(model)
            line = ""
            for name in ("RandomBrightness", "RandomContrast"):
                if name in kinds:
                    line = mistake(BRIGHTNESS.format(name=name))
            if "Rescaling" in kinds:
                line = mistake(RESCALING)
            fail(f"{call}, then {what}",
                 f"images with values in [{low:g}, {high:g}] gave values in [{got_low:.4g}, "
                 f"{got_high:.4g}]; the augmenter must keep the values' range", line)


def argument_cases():
    rng = grader_rng("augmenter_arguments")
    rotation, translation, zoom = (round(float(v), 3) for v in rng.uniform(0.04, 0.3, 3))
    return {"defaults": ((), {"seed": BUILD_SEED}, (0.1, 0.1, 0.1)),
            "random": ((rotation, translation, zoom), {"seed": BUILD_SEED},
                       (rotation, translation, zoom)),
            "keywords": ((), {"zoom": translation, "rotation": zoom, "translation": rotation,
                              "seed": BUILD_SEED}, (zoom, rotation, translation))}


def check_factors(model, call, rotation, translation, zoom):
    layers = configured(model)
    for name in AUGMENTER_LAYERS:
        if name not in layers:
            fail(call, f"no {name} layer in the augmenter (layers: {layer_kinds(model)})")
    got = factor_range(layers["RandomRotation"][0].get("factor"))
    want = (-rotation, rotation)
    if not same_range(got, want):
        line = ""
        if same_range(got, (-0.1, 0.1)) and rotation != 0.1:
            line = mistake(HARD_CODED.format(arg="rotation", value=0.1))
        elif same_range(got, (-rotation / 360, rotation / 360)):
            line = mistake(DEGREES)
        elif same_range(got, (-rotation / (2 * np.pi), rotation / (2 * np.pi))):
            line = mistake(RADIANS)
        fail(call, f"RandomRotation's factor is {got}, expected {want} (rotation={rotation})", line)
    config = layers["RandomTranslation"][0]
    want = (-translation, translation)
    for key in ("height_factor", "width_factor"):
        got = factor_range(config.get(key))
        if not same_range(got, want):
            line = ""
            if same_range(got, (-0.1, 0.1)) and translation != 0.1:
                line = mistake(HARD_CODED.format(arg="translation", value=0.1))
            elif same_range(got, (0.0, 0.0)):
                line = mistake(TRANSLATION_ONE_AXIS)
            fail(call, f"RandomTranslation's {key} is {got}, expected {want} "
                       f"(translation={translation})", line)
    config = layers["RandomZoom"][0]
    want = (-zoom, zoom)
    height, width = factor_range(config.get("height_factor")), factor_range(config.get("width_factor"))
    if not same_range(height, want) or not (width is None or same_range(width, want)):
        line = ""
        if same_range(height, (-0.1, 0.1)) and zoom != 0.1:
            line = mistake(HARD_CODED.format(arg="zoom", value=0.1))
        fail(call, f"RandomZoom's height_factor is {height} and width_factor {width}, expected "
                   f"{want} (and None or the same for the width) (zoom={zoom})", line)


@pytest.mark.points(2)
def test_build_augmenter_honours_its_arguments(student, credit):
    for args, kwargs, (rotation, translation, zoom) in argument_cases().values():
        with credit.case():
            model, call = build(student, *args, **kwargs)
            check_factors(model, call, rotation, translation, zoom)
    x = digit_batch(32)
    with credit.case():
        model, call = build(student, 0, 0, 0, seed=BUILD_SEED)
        out = apply(model, x, call, True, "model(x, training=True)")
        expect.array(out, x, call=f"{call}, then model(x, training=True)", rtol=0, atol=1e-5,
                     what="the images unchanged (every factor 0)",
                     mistakes={FLIP: out} if "RandomFlip" in layer_kinds(model) else {})
    texture = texture_batch()
    for name, args in (("rotation", (0.1, 0, 0)), ("translation", (0, 0.1, 0)), ("zoom", (0, 0, 0.1))):
        with credit.case():
            model, call = build(student, *args, seed=BUILD_SEED)
            what = f"model(x, training=True) on {describe_value(texture)} of random texture"
            out = apply(model, texture, call, True, what)
            check_same_shape(out, texture, call, what)
            fraction = changed_fraction(out, texture)
            if fraction < MIN_FACTOR_CHANGED_FRACTION:
                fail(f"{call}, then {what}",
                     f"only {name} is non-zero, and training mode changed {fraction:.0%} of the "
                     f"{len(texture)} images, expected at least {MIN_FACTOR_CHANGED_FRACTION:.0%}",
                     f"{name} must reach its layer: it is ignored (hard-coded 0?)" if fraction == 0
                     else f"{name} changes too few images: is its factor passed through as it is?")


@pytest.mark.points(2)
def test_build_augmenter_reproducible_with_its_seed(student, credit):
    x = digit_batch(16)
    seed = BUILD_SEED + 3
    builds = [{"seed": seed}, {"seed": seed}, {"seed": seed + 1}]
    outputs = student.harness("dlkit.in_worker.augmentation:augmenter_outputs", builds, x,
                              global_seed=WORKER_SEED, label="build_augmenter")
    call = (f"build_augmenter(seed={seed}) twice and build_augmenter(seed={seed + 1}), one after "
            f"the other, each then model(x, training=True) on {describe_value(x)}")
    if not isinstance(outputs, list) or len(outputs) != 3:
        fail(call, f"the worker returned {describe_value(outputs)}")
    first, again, other = outputs
    for out in outputs:
        check_same_shape(out, x, call, "model(x, training=True)")
    with credit.case():
        if not np.allclose(first, again, rtol=0, atol=1e-6):
            fail(call, f"the two builds with seed {seed} gave different images "
                       f"({changed_fraction(first, again):.0%} of {len(x)} differ)",
                 mistake(NOT_REPRODUCIBLE))
    with credit.case():
        fraction = changed_fraction(other, first)
        if fraction < MIN_CHANGED_FRACTION:
            fail(call, f"seed {seed} and seed {seed + 1} gave the same augmentation for "
                       f"{1 - fraction:.0%} of the images", mistake(SEED_IGNORED))


# -- augmented_batches ----------------------------------------------------------------

@memo
def id_examples():
    """(x, y, levels): binarised train digits, example i at grey level levels[i]
    on black, float32 (N, 28, 28, 1); y = np.arange(N) (int64)."""
    images, _ = datasets.load("mnist28")
    rng = grader_rng("id_examples")
    pick = rng.choice(len(images), N_EXAMPLES, replace=False)
    levels = rng.permutation(np.linspace(LEVELS_LOW, LEVELS_HIGH, N_EXAMPLES))
    x = ((images[pick] > 127) * levels[:, None, None]).astype(np.float32)[..., np.newaxis]
    return x, np.arange(N_EXAMPLES, dtype=np.int64), levels


BATCH_CALL = (f"augmented_batches(x, y, {BATCH_SIZE}, seed={BATCH_SEED}) with x {N_EXAMPLES} "
              f"digit images (float32 (N, 28, 28, 1), each at its own grey level) and y their "
              f"indices 0..{N_EXAMPLES - 1}")


@pytest.fixture(scope="module")
def batch_runs(student):
    """Run 0: two epochs with BATCH_SEED; run 1: one epoch of a second call with
    BATCH_SEED; run 2: one epoch with BATCH_SEED + 1. Each epoch as
    ``(images (N, ...), labels (N,), sizes)`` in the order produced."""
    x, y, _ = id_examples()
    runs = [(BATCH_SEED, 2), (BATCH_SEED, 1), (BATCH_SEED + 1, 1)]
    results = student.harness("dlkit.in_worker.augmentation:dataset_runs", runs, x, y, BATCH_SIZE,
                              global_seed=WORKER_SEED, max_batches=MAX_BATCHES,
                              label="augmented_batches")
    if not isinstance(results, list) or len(results) != len(runs):
        fail(BATCH_CALL, f"the worker returned {describe_value(results)}")
    out = []
    for result in results:
        problem = result.get("problem")
        if problem:
            fail(BATCH_CALL, f"the result {problem}", NOT_DATASET if problem.startswith("returned") else "")
        out.append([epoch_arrays(epoch) for epoch in result["epochs"]])
    return out


def epoch_arrays(batches):
    """One epoch's batches as (images, labels, sizes); a failure if they do not
    stack into (N, 28, 28, 1) images and (N,) labels."""
    shape = id_examples()[0].shape[1:]
    sizes = []
    for images, labels in batches:
        if images.ndim == len(shape):
            fail(BATCH_CALL, f"an element's images have shape {images.shape}, expected "
                             f"(batch, {', '.join(map(str, shape))})", mistake(NOT_BATCHED))
        if images.shape[1:] != shape:
            fail(BATCH_CALL, f"a batch of images has shape {images.shape}, expected "
                             f"(batch, {', '.join(map(str, shape))})")
        labels = labels.reshape(-1) if labels.ndim == 2 and labels.shape[1] == 1 else labels
        if labels.shape != (len(images),):
            fail(BATCH_CALL, f"a batch of {len(images)} images came with labels of shape "
                             f"{labels.shape}, expected ({len(images)},)")
        sizes.append(len(images))
    if not batches:
        fail(BATCH_CALL, "an epoch gave no batches at all")
    images = np.concatenate([b[0] for b in batches]).astype(np.float64)
    labels = np.concatenate([b[1].reshape(-1) for b in batches])
    return images, labels, sizes


def expected_sizes() -> list[int]:
    full, rest = divmod(N_EXAMPLES, BATCH_SIZE)
    return [BATCH_SIZE] * full + ([rest] if rest else [])


def check_every_example_once(labels, call):
    ids = np.asarray(labels)
    if not np.issubdtype(ids.dtype, np.number) or not np.all(np.equal(np.mod(ids, 1), 0)):
        fail(call, f"the labels are not y's integer indices (dtype {ids.dtype})")
    counts = np.bincount(ids.astype(np.int64).clip(0, N_EXAMPLES), minlength=N_EXAMPLES + 1)[:N_EXAMPLES]
    if len(ids) != N_EXAMPLES or np.any(counts != 1):
        missing, repeated = int(np.sum(counts == 0)), int(np.sum(counts > 1))
        fail(call, f"an epoch holds {len(ids)} labels: {missing} of the {N_EXAMPLES} examples "
                   f"missing, {repeated} more than once; each must appear exactly once per epoch")


@pytest.mark.points(1)
def test_augmented_batches_batch_sizes_and_epochs(batch_runs):
    want = expected_sizes()
    for number, (_, labels, sizes) in enumerate(batch_runs[0], start=1):
        call = f"{BATCH_CALL}, epoch {number}"
        if sizes != want:
            line = ""
            if sizes == want[:-1]:
                line = mistake(DROP_REMAINDER)
            elif set(sizes) == {1}:
                line = mistake(NOT_BATCHED)
            fail(call, f"batch sizes {sizes}, expected {want}", line)
        check_every_example_once(labels, call)


def identify(images, levels):
    """The example each image shows (its brightest pixel's level) and how far off it is."""
    brightest = images.reshape(len(images), -1).max(axis=1)
    nearest = np.abs(brightest[:, None] - levels[None, :]).argmin(axis=1)
    return nearest, np.abs(brightest - levels[nearest])


@pytest.mark.points(2)
def test_augmented_batches_labels_stay_with_their_images(batch_runs, credit):
    x, _, levels = id_examples()
    for number, (images, labels, _) in enumerate(batch_runs[0], start=1):
        with credit.case():
            call = f"{BATCH_CALL}, epoch {number}"
            shown, off = identify(images, levels)
            if np.mean(off > LEVEL_TOL) > 0.05 or images.max() > 1 + RANGE_TOL:
                fail(call, f"the images' values range over [{images.min():.4g}, {images.max():.4g}] "
                           f"and {np.mean(off > LEVEL_TOL):.0%} of them have a brightest pixel "
                           "that matches no image of x (x is in [0, 1])", mistake(VALUES_CHANGED))
            wrong = np.flatnonzero(shown != np.asarray(labels))
            if len(wrong):
                i = int(wrong[0])
                fail(call, f"{len(wrong)} of the {len(labels)} labels do not belong to their image: "
                           f"at position {i} of the epoch the label is {int(labels[i])}, but the image "
                           f"is an augmentation of x[{shown[i]}]", mistake(MISALIGNED))


@pytest.mark.points(1)
def test_augmented_batches_augmented_anew_every_epoch(batch_runs):
    x, _, levels = id_examples()
    epochs = batch_runs[0]
    by_example = []
    for number, (images, _, _) in enumerate(epochs, start=1):
        call = f"{BATCH_CALL}, epoch {number}"
        shown, _ = identify(images, levels)
        fraction = changed_fraction(images, x[shown])
        if fraction < MIN_CHANGED_FRACTION:
            fail(call, f"{fraction:.0%} of the images differ from their original in x, expected "
                       f"at least {MIN_CHANGED_FRACTION:.0%} (the reference augments all of them)",
                 mistake(NOT_AUGMENTED))
        order = np.argsort(shown, kind="stable")
        by_example.append(images[order])
    if len(by_example) == 2 and by_example[0].shape == by_example[1].shape:
        fraction = changed_fraction(by_example[1], by_example[0])
        if fraction < MIN_CHANGED_FRACTION:
            fail(f"{BATCH_CALL}, two epochs", f"only {fraction:.0%} of the examples look different "
                                              "in the second epoch than in the first",
                 mistake(AUGMENTED_ONCE))


def contiguous_batches(labels, sizes) -> bool:
    start = 0
    for size in sizes:
        ids = np.sort(np.asarray(labels[start:start + size]))
        if not np.array_equal(ids, np.arange(ids[0], ids[0] + size)):
            return False
        start += size
    return True


@pytest.mark.points(1)
def test_augmented_batches_shuffled_every_epoch(batch_runs):
    (_, first, sizes), (_, second, _) = batch_runs[0][:2]
    # Every epoch of every run, for the checks that 3 batches alone could pass by chance.
    orders = [(labels, epoch_sizes) for run in batch_runs for _, labels, epoch_sizes in run]
    call = f"{BATCH_CALL}, epoch 1"
    if all(np.array_equal(labels, np.arange(N_EXAMPLES)) for labels, _ in orders):
        fail(call, f"the labels come in the order 0, 1, 2, ..., {N_EXAMPLES - 1}", mistake(NOT_SHUFFLED))
    if all(contiguous_batches(labels, epoch_sizes) for labels, epoch_sizes in orders):
        fail(call, "every batch holds consecutive examples: "
                   + ", ".join(f"{int(min(first[s:s + n]))}-{int(max(first[s:s + n]))}"
                               for s, n in zip(np.cumsum([0] + sizes[:-1]), sizes)),
             mistake(BATCH_THEN_SHUFFLE))
    head = first[:sizes[0]]
    if int(np.max(head)) < 2 * BATCH_SIZE - 1:
        fail(call, f"the first batch holds only examples below {int(np.max(head)) + 1} of "
                   f"{N_EXAMPLES}", mistake(SMALL_BUFFER))
    if np.array_equal(first, second):
        fail(f"{BATCH_CALL}, two epochs", "both epochs give the examples in the same order",
             mistake(SAME_ORDER))


@pytest.mark.points(1)
def test_augmented_batches_reproducible_with_its_seed(batch_runs, credit):
    x, _, levels = id_examples()
    images, labels, _ = batch_runs[0][0]
    again_images, again_labels, _ = batch_runs[1][0]
    other_images, other_labels, _ = batch_runs[2][0]
    call = f"{BATCH_CALL} twice, one epoch each"
    with credit.case():
        if not np.array_equal(labels, again_labels):
            fail(call, "the two calls with the same seed give the examples in different orders",
                 mistake(UNSEEDED))
        if images.shape != again_images.shape or not np.allclose(images, again_images, rtol=0,
                                                                 atol=1e-6):
            fail(call, "the two calls with the same seed give different images",
                 mistake(UNSEEDED))
    with credit.case():
        call = f"{BATCH_CALL} and with seed={BATCH_SEED + 1}, one epoch each"
        if np.array_equal(labels, other_labels):
            fail(call, "both seeds give the examples in the same order", mistake(SHUFFLE_SEED_IGNORED))
        mine = images[np.argsort(identify(images, levels)[0], kind="stable")]
        theirs = other_images[np.argsort(identify(other_images, levels)[0], kind="stable")]
        if mine.shape == theirs.shape and changed_fraction(theirs, mine) < MIN_CHANGED_FRACTION:
            fail(call, "both seeds augment the examples the same way", mistake(AUGMENT_SEED_IGNORED))
