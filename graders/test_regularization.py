"""Hidden graders for 07 regularization: dropout and batch normalization by
hand, and a regularised CNN graded on its behaviour.

* ``dropout_forward`` is random, so it is graded on properties: identity at
  inference, every output either 0 or ``x / (1 - rate)`` in training, the
  fraction of zeros close to ``rate`` and the mean preserved on large arrays,
  shape and dtype kept, the same seed giving the same mask. ``rng`` crosses
  into the worker as an int seed (a ``np.random.Generator`` is not plain
  data); the contract says ``rng`` is an int seed or a Generator, passed
  through ``np.random.default_rng``.
* ``batchnorm_forward`` is compared with ``keras.layers.BatchNormalization``
  (weights set, called with ``training=False``) on random 2-D, 3-D and 4-D
  channels-last cases; small moving variances make epsilon matter.
* ``build_regularized_cnn``: models cross from the worker as ``.keras`` files
  and are loaded here with ``safe_mode=True`` (a Lambda layer or custom class
  is refused with a message). Checked on behaviour: softmax output, a
  multi-class loss, the parameter budget, inference deterministic but training
  mode random (dropout) with the given rate, BatchNormalization behaving
  differently in training and at inference, and L2 kernel regularizers whose
  loss is ``l2 * sum(kernel ** 2)`` for the ``l2`` given (two builds with equal
  weights and different ``l2`` compared). Then the kit trains the compiled
  model (this topic has no training function) with its own recipe,
  ``dlkit.testing.trainer.fit``, in the kit's trainer process (never in the
  student's worker) and under the topic's limits, with a
  fixed seed, epochs and batch size on the ``mnist28`` train split; the
  trained model comes back, and the grader re-estimates
  the BatchNormalization moving statistics over the train split (a few
  hundred steps are too few for momentum 0.99 to forget the initial mean 0
  / variance 1; a longer training would get there), and measures held-out
  accuracy.

Thresholds are named constants below with the reference solution's worst
figure over 5 seeds and what weak models get.
"""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest

from dlkit import datasets
from dlkit.testing import StudentFailure, expect, grader_rng, memo
from dlkit.testing.compiled import LOSS_KINDS, compile_config, loss_kind
from dlkit.testing.failures import fail
from dlkit.testing.models import load_model
from dlkit.testing.requirements import (
    ONE_HOT_OR_INTEGER,
    BatchNormInTraining,
    DropoutRate,
    InputShape,
    LossFits,
    OutputShape,
    ParameterBudget,
    RandomOnlyInTraining,
    SoftmaxOutput,
    as_numpy,
    check,
)

BUILD_SEED = 7  # seeds every build_regularized_cnn call in the worker
FIT_SEED = 8  # seeds the grader's own training of the default build

TRAIN_SHAPE, TRAIN_CLASSES = (28, 28, 1), 10  # the default build: trained on mnist28
VAR_SHAPE, VAR_CLASSES, VAR_RATE = (32, 32, 3), 5, 0.4  # builds with non-default arguments
L2_A, L2_B = 3e-4, 3e-3
DEFAULT_RATE, DEFAULT_L2 = 0.25, 1e-4

MAX_PARAMS = 100_000  # the docstring's budget for the default build (28x28x1, 10 classes)
TRAIN_PARAM_CAP = 1_000_000  # larger models are not trained at all
FIT_EPOCHS, FIT_BATCH = 5, 32  # the grader's training: about 215 steps
RECALIBRATE_BATCH = 128

# Held-out accuracy on mnist28 after the grader's training (above) and the
# BatchNormalization re-estimate. Reference worst of 10 seeds: 0.9777 (per seed
# 0.9866 0.9844 0.9933 0.9844 0.9777 0.9800 0.9911 0.9911 0.9844 0.9822).
# Weak models (5 seeds, best seed): the reference model untrained 0.1425, trained
# on shuffled labels 0.2316. Other sound designs pass with margin (worst of 5):
# Conv-BN-Pool x2 + Dense(32) + Dropout 0.9755; 3 x (Conv-BN-ReLU-Pool-Dropout) +
# GlobalAveragePooling2D 0.8797; the reference with plain "sgd" 0.8953. Without the
# re-estimate the reference gets 0.5056-0.7929 (momentum 0.99 has not caught up after
# about 215 steps); with BatchNormalization(momentum=0.9) it would not need it (0.9733).
MIN_HELD_OUT_ACCURACY = 0.80
# A failing model is called overfitting only when its training accuracy exceeds its held-out
# accuracy by at least this much; reasonable models differ by 0.01-0.02 (0.99 against 0.98).
OVERFIT_GAP = 0.10

TOL = {"rtol": 1e-4, "atol": 1e-4}

# -- mistake descriptions -------------------------------------------------------

DROP_NOT_SCALED = ("not scaled: inverted dropout divides the kept values by (1 - rate) so that "
                   "the expected output equals x (keras.layers.Dropout does); without it the "
                   "output is (1 - rate) * x on average")
DROP_TIMES_KEEP = "kept values multiplied by (1 - rate) instead of divided by (1 - rate)"
DROP_BY_RATE = "kept values divided by rate instead of (1 - rate)"
DROP_TIMES_RATE = "kept values multiplied by rate instead of divided by (1 - rate)"
DROP_INFER_SCALED = ("scaled at inference: with training=False inverted dropout returns x "
                     "unchanged (the scaling by 1 / (1 - rate) happens in training only)")
DROP_INFER_OLD = ("multiplied by (1 - rate) at inference: that is the original, non-inverted "
                  "dropout; Keras's inverted dropout scales in training and returns x unchanged "
                  "at inference")
DROP_INFER_DROPPED = ("elements dropped at inference: with training=False dropout does nothing "
                      "(return x unchanged)")
DROP_KEEP_RATE = ("kept each element with probability rate instead of 1 - rate: rate is the "
                  "probability of dropping (zeroing) an element")
DROP_NOTHING = "nothing dropped in training: with training=True each element is zeroed with probability rate"
DROP_ONE_COIN = ("the whole array kept or dropped at once: draw one random number per element, "
                 "e.g. rng.random(x.shape) >= rate")
DROP_NOT_REPRODUCIBLE = ("two calls with the same seed gave different masks: make the generator "
                         "from the argument, rng = np.random.default_rng(rng), instead of using "
                         "np.random's global state (np.random.rand, np.random.binomial, ...)")
DROP_SEED_IGNORED = ("different seeds gave the same mask: the rng argument is ignored (a fixed "
                     "seed inside the function?)")
DTYPE_CHANGED = ("the dtype changed: return an array of x's dtype (e.g. .astype(x.dtype)); a "
                 "float32 input must give a float32 output")

BN_BATCH_STATS = ("batch statistics: at inference BatchNormalization normalises with the "
                  "moving_mean and moving_var it was given, not with the mean and variance of x")
BN_EPS_OUTSIDE = ("epsilon outside the square root: divide by sqrt(moving_var + epsilon), not "
                  "sqrt(moving_var) + epsilon")
BN_NO_EPS = "epsilon missing: divide by sqrt(moving_var + epsilon)"
BN_SWAPPED = "gamma and beta swapped: gamma scales, beta is added"
BN_NO_SQRT = "no square root: divide by the standard deviation sqrt(moving_var + epsilon), not the variance"
BN_TORCH_EPS = ("default epsilon 1e-5 (PyTorch's): Keras's BatchNormalization defaults to "
                "epsilon=1e-3")
BN_EPS_IGNORED = "the epsilon argument is ignored (always 1e-3?): use the epsilon passed in"
BN_NO_GAMMA_BETA = "gamma and beta ignored: multiply by gamma, then add beta"

NOT_COMPILED = ("the model is not compiled: call model.compile(optimizer='adam', "
                "loss='categorical_crossentropy', metrics=['accuracy']) before returning it")
L2_IGNORED = "l2 ignored: the regularizer always uses 1e-4; use keras.regularizers.L2(l2)"
L2_DEFAULT_001 = ("L2 with Keras's default factor 0.01 (kernel_regularizer='l2' or "
                  "regularizers.L2() without an argument): pass the l2 argument, L2(l2)")
L1_NOT_L2 = "an L1 penalty (sum of |w|): use keras.regularizers.L2(l2), the sum of squares"
BIAS_ONLY = ("regularizer on the bias only (bias_regularizer): weight decay regularises the "
             "kernels, kernel_regularizer=keras.regularizers.L2(l2)")
NO_REGULARIZER = ("model.losses is empty: no regularizer; add "
                  "kernel_regularizer=keras.regularizers.L2(l2) to the Conv2D and Dense layers")


# -- dropout_forward ----------------------------------------------------------------

RATES = (0.1, 0.2, 0.25, 0.35, 0.4, 0.6, 0.65, 0.75, 0.8)


def nonzero(rng, shape, dtype):
    """Values in +-[0.5, 2]: never 0, so a 0 in the output is a dropped element."""
    sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return (sign * rng.uniform(0.5, 2.0, shape)).astype(dtype)


def random_shape(rng):
    ndim = int(rng.integers(1, 5))
    return tuple(int(v) for v in rng.integers(1, 9, ndim)) if ndim > 1 else (int(rng.integers(5, 60)),)


def call_dropout(student, rng, x, rate, seed, training):
    """Pass the arguments sometimes by position, sometimes by keyword."""
    style = int(rng.integers(3))
    if style == 0:
        return student.dropout_forward(x, rate, seed, training)
    if style == 1:
        return student.dropout_forward(x, rate, rng=seed, training=training)
    return student.dropout_forward(x, rate=rate, rng=seed, training=training)


def check_array_like(got, x, call):
    """An array of x's shape, or a failure saying what came back."""
    if not isinstance(got, np.ndarray) or got.shape != x.shape:
        expect.array(got, np.zeros(x.shape, x.dtype), call=call)  # fails with the type or shape
    if got.dtype.kind not in "fiu":
        fail(call, f"got an array of dtype {got.dtype}, expected {x.dtype}")


def check_inference(got, x, rate, call):
    check_array_like(got, x, call)
    g = got.astype(np.float64)
    if np.any((g == 0) & (x != 0)):
        fail(call, f"got {int(np.sum(g == 0))} zero(s) where x has none", "mistake: " + DROP_INFER_DROPPED)
    x64 = x.astype(np.float64)
    expect.array(got, x, call=call, rtol=1e-6, atol=0, mistakes={
        DROP_INFER_SCALED: x64 / (1 - rate), DROP_INFER_OLD: x64 * (1 - rate)})


def check_training_values(got, x, rate, call):
    """Every output element is 0 or x / (1 - rate)."""
    check_array_like(got, x, call)
    g, x64 = got.astype(np.float64), x.astype(np.float64)
    kept = g != 0
    want = x64 / (1 - rate)
    bad = kept & ~np.isclose(g, want, rtol=1e-5, atol=1e-7)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        names = [name for name, value in ((DROP_NOT_SCALED, x64), (DROP_TIMES_KEEP, x64 * (1 - rate)),
                                          (DROP_BY_RATE, x64 / rate), (DROP_TIMES_RATE, x64 * rate))
                 if np.allclose(g[kept], value[kept], rtol=1e-5, atol=1e-7)]
        fail(call, f"{int(bad.sum())} of the {int(kept.sum())} non-zero outputs are not x / (1 - rate)",
             f"at index {list(where)}: x = {float(x64[where])!r}, rate = {rate}, "
             f"got {float(g[where])!r}, expected 0 (dropped) or {float(want[where])!r} (kept)",
             ("mistake: " + names[0]) if names else "")


@pytest.mark.points(1)
def test_dropout_identity_at_inference(student, credit):
    rng = grader_rng("dropout_inference")
    for i in range(8):
        with credit.case():
            dtype = np.float32 if i % 2 == 0 else np.float64
            x = nonzero(rng, random_shape(rng), dtype)
            rate = float(rng.choice(RATES))
            got = call_dropout(student, rng, x, rate, int(rng.integers(1 << 30)), False)
            check_inference(got, x, rate, student.last_call)


@pytest.mark.points(2)
def test_dropout_kept_elements_scaled(student, credit):
    """training=True: each element is either 0 or x / (1 - rate)."""
    rng = grader_rng("dropout_scaled")
    for i in range(10):
        with credit.case():
            dtype = np.float32 if i % 2 == 0 else np.float64
            shape = random_shape(rng) if i < 6 else (int(rng.integers(20, 40)), int(rng.integers(20, 40)))
            x = nonzero(rng, shape, dtype)
            rate = float(rng.choice(RATES))
            got = call_dropout(student, rng, x, rate, int(rng.integers(1 << 30)), True)
            check_training_values(got, x, rate, student.last_call)
            if x.size >= 400 and not np.any(got == 0):
                fail(student.last_call, f"no element of the {x.size} was dropped", "mistake: " + DROP_NOTHING)


@pytest.mark.points(2)
def test_dropout_zero_fraction_and_mean(student, credit):
    """Large arrays: the fraction of zeros is close to rate and the mean of the
    output close to the mean of x (inverted dropout preserves the expectation)."""
    rng = grader_rng("dropout_fraction")
    for i, rate in enumerate((0.1, 0.2, 0.35, 0.65, 0.8, 0.3)):
        with credit.case():
            dtype = np.float32 if i % 2 == 0 else np.float64
            x = rng.uniform(0.5, 1.5, (400, 500)).astype(dtype)
            got = call_dropout(student, rng, x, rate, int(rng.integers(1 << 30)), True)
            call = student.last_call
            check_array_like(got, x, call)
            frac = float(np.mean(got == 0))
            if abs(frac - rate) > 0.01:
                mistake = ""
                if abs(frac - (1 - rate)) <= 0.01:
                    mistake = DROP_KEEP_RATE
                elif frac == 0:
                    mistake = DROP_NOTHING
                elif frac == 1:
                    mistake = DROP_ONE_COIN
                fail(call, f"{frac:.4f} of the {x.size} outputs are 0, expected about rate = {rate} "
                           "(+-0.01)", ("mistake: " + mistake) if mistake else "")
            ratio = float(np.mean(got, dtype=np.float64) / np.mean(x, dtype=np.float64))
            if abs(ratio - 1) > 0.025:
                mistake = DROP_NOT_SCALED if abs(ratio - (1 - rate)) < 0.025 else ""
                fail(call, f"mean(output) / mean(x) = {ratio:.4f}, expected about 1 (+-0.025): "
                           "inverted dropout keeps the expected value",
                     ("mistake: " + mistake) if mistake else "")


@pytest.mark.points(1)
def test_dropout_shape_dtype_and_seed(student, credit):
    rng = grader_rng("dropout_seed")
    for i in range(6):
        with credit.case():
            dtype = np.float32 if i % 2 == 0 else np.float64
            shape = [(7,), (3, 5), (2, 4, 4, 3), (2, 3, 5, 5, 1), (40, 50), (10, 10, 10)][i]
            x = nonzero(rng, shape, dtype)
            rate = float(rng.choice(RATES))
            training = bool(i != 1)
            seed = int(rng.integers(1 << 30))
            got = call_dropout(student, rng, x, rate, seed, training)
            call = student.last_call
            check_array_like(got, x, call)
            if got.dtype != x.dtype:
                fail(call, f"got dtype {got.dtype} for an input of dtype {x.dtype}",
                     "mistake: " + DTYPE_CHANGED)
            if training and x.size >= 100:
                again = call_dropout(student, rng, x, rate, seed, training)
                if not (isinstance(again, np.ndarray) and again.shape == got.shape
                        and np.array_equal(again == 0, got == 0)):
                    fail(student.last_call, "called twice with the same seed, it dropped different elements",
                         "mistake: " + DROP_NOT_REPRODUCIBLE)
                other = call_dropout(student, rng, x, rate, seed + 1, training)
                if isinstance(other, np.ndarray) and np.array_equal(other == 0, got == 0):
                    fail(student.last_call, f"seeds {seed} and {seed + 1} dropped exactly the same elements",
                         "mistake: " + DROP_SEED_IGNORED)


# -- batchnorm_forward --------------------------------------------------------------

@memo
def keras_batchnorm(x, gamma, beta, mean, var, epsilon):
    """The expected value: keras.layers.BatchNormalization, weights set, training=False."""
    layer = keras.layers.BatchNormalization(epsilon=float(epsilon))
    layer.build(x.shape)
    layer.set_weights([gamma, beta, mean, var])
    return keras.ops.convert_to_numpy(layer(x, training=False))


def bn_mistakes(x, gamma, beta, mean, var, epsilon, eps_given):
    x = x.astype(np.float64)
    out = {
        BN_EPS_OUTSIDE: gamma * (x - mean) / (np.sqrt(var) + epsilon) + beta,
        BN_NO_EPS: gamma * (x - mean) / np.sqrt(var) + beta,
        BN_SWAPPED: beta * (x - mean) / np.sqrt(var + epsilon) + gamma,
        BN_NO_SQRT: gamma * (x - mean) / (var + epsilon) + beta,
        BN_NO_GAMMA_BETA: (x - mean) / np.sqrt(var + epsilon),
    }
    axes = tuple(range(x.ndim - 1))
    if x.size // x.shape[-1] > 1:
        out[BN_BATCH_STATS] = gamma * (x - x.mean(axes)) / np.sqrt(x.var(axes) + epsilon) + beta
    if not eps_given:
        out[BN_TORCH_EPS] = gamma * (x - mean) / np.sqrt(var + 1e-5) + beta
    elif epsilon != 1e-3:
        out[BN_EPS_IGNORED] = gamma * (x - mean) / np.sqrt(var + 1e-3) + beta
    return out


def bn_case(rng, shape, i):
    c = shape[-1]
    x = rng.normal(0, 2, shape).astype(np.float32)
    gamma = rng.normal(1, 0.5, c).astype(np.float32)
    beta = rng.normal(0, 1, c).astype(np.float32)
    mean = rng.normal(0, 1.5, c).astype(np.float32)
    if i % 2 == 0:  # small variances: epsilon matters
        var = rng.uniform(0.002, 0.05, c).astype(np.float32)
    else:
        var = rng.uniform(0.3, 4.0, c).astype(np.float32)
    return x, gamma, beta, mean, var


def bn_call(student, rng, x, gamma, beta, mean, var, i):
    """Epsilon left to its default on some cases, passed on others."""
    if i % 3 == 0:
        return student.batchnorm_forward(x, gamma, beta, mean, var), 1e-3, False
    epsilon = float(rng.choice([1e-5, 1e-3, 0.01, 0.1]))
    if i % 3 == 1:
        return student.batchnorm_forward(x, gamma, beta, mean, var, epsilon), epsilon, True
    return student.batchnorm_forward(x, gamma, beta, mean, var, epsilon=epsilon), epsilon, True


def check_bn(student, got, x, gamma, beta, mean, var, epsilon, eps_given):
    want = keras_batchnorm(x, gamma, beta, mean, var, epsilon)
    try:
        expect.array(got, want, call=student.last_call, **TOL)
    except StudentFailure:
        expect.array(got, want, call=student.last_call, **TOL,
                     mistakes=bn_mistakes(x, gamma, beta, mean, var, epsilon, eps_given))
        raise


@pytest.mark.points(2)
def test_batchnorm_matches_keras_2d(student, credit):
    rng = grader_rng("batchnorm_2d")
    for i in range(12):
        with credit.case():
            shape = (int(rng.integers(2, 9)), int(rng.integers(1, 17)))
            x, gamma, beta, mean, var = bn_case(rng, shape, i)
            got, epsilon, given = bn_call(student, rng, x, gamma, beta, mean, var, i)
            check_bn(student, got, x, gamma, beta, mean, var, epsilon, given)


@pytest.mark.points(2)
def test_batchnorm_matches_keras_channels_last(student, credit):
    """4-D (N, H, W, C) and 3-D (N, T, C) inputs: normalised per channel (last axis)."""
    rng = grader_rng("batchnorm_4d")
    for i in range(12):
        with credit.case():
            n, c = int(rng.integers(1, 4)), int(rng.integers(1, 6))
            if i % 4 == 3:
                shape = (n, int(rng.integers(2, 7)), c)
            else:
                shape = (n, int(rng.integers(2, 6)), int(rng.integers(2, 6)), c)
            x, gamma, beta, mean, var = bn_case(rng, shape, i)
            got, epsilon, given = bn_call(student, rng, x, gamma, beta, mean, var, i)
            check_bn(student, got, x, gamma, beta, mean, var, epsilon, given)


# -- build_regularized_cnn: helpers --------------------------------------------------

# Focal losses are cross-entropies weighted towards hard examples: the same kind of loss.
CLASSIFICATION_LOSS_KINDS = {**LOSS_KINDS, "categoricalfocalcrossentropy": "cce",
                             "binaryfocalcrossentropy": "bce"}


def build(student, *args, **kwargs):
    """The student's model record (or the failure of the call, raised again by
    ``load`` in every test that uses it) and a readable description of the call."""
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    call = f"build_regularized_cnn({', '.join(parts)})"
    try:
        record = student.harness("dlkit.harness:call_seeded", "build_regularized_cnn", *args,
                                 seed=BUILD_SEED, label="build_regularized_cnn", **kwargs)
    except StudentFailure as exc:
        return exc, call
    return record, call


def load(built):
    """A fresh copy of the student's model (tests change weights and rates)."""
    record, call = built
    if isinstance(record, StudentFailure):
        raise record
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optimizer variables of an untrained model
        return load_model(record, call=call), call


def all_layers(model):
    out = []
    for layer in getattr(model, "layers", []):
        out.append(layer)
        out += all_layers(layer)
    return out


def bn_layers(model):
    return [layer for layer in all_layers(model) if isinstance(layer, keras.layers.BatchNormalization)]


def regularization_loss(model) -> float:
    return float(sum(float(as_numpy(loss)) for loss in model.losses))


@pytest.fixture(scope="module")
def default_build(student):
    """build_regularized_cnn((28, 28, 1), 10) with the default rate and l2."""
    return build(student, TRAIN_SHAPE, TRAIN_CLASSES)


@pytest.fixture(scope="module")
def variant_builds(student):
    """Two builds with a non-default rate and input, differing only in l2."""
    a = build(student, VAR_SHAPE, VAR_CLASSES, dropout_rate=VAR_RATE, l2=L2_A)
    b = build(student, VAR_SHAPE, VAR_CLASSES, dropout_rate=VAR_RATE, l2=L2_B)
    return a, b


# -- build_regularized_cnn: the model's requirements (dlkit.testing.requirements) ------

def output_requirements(shape, n_classes):
    return (InputShape(shape), OutputShape((n_classes,), hint=OUTPUT_HINT), SoftmaxOutput())


OUTPUT_HINT = ("end with Dense(num_classes, activation='softmax') (Flatten or pool the feature "
               "maps first)")
WITHIN_BUDGET = (ParameterBudget(MAX_PARAMS, hint=(
    "a large Dense layer after Flatten (its kernel has height * width * channels * units "
    "weights); pool more, use fewer units, or GlobalAveragePooling2D")),)
DROPOUT_ONLY_IN_TRAINING = (RandomOnlyInTraining(),)
BATCHNORM_IN_TRAINING = (BatchNormInTraining(),)


@pytest.mark.points(1)
def test_model_softmax_output_of_num_classes(student, credit, default_build, variant_builds):
    for built, shape, n in ((default_build, TRAIN_SHAPE, TRAIN_CLASSES),
                            (variant_builds[0], VAR_SHAPE, VAR_CLASSES)):
        with credit.case():
            check(*load(built), output_requirements(shape, n))


@pytest.mark.points(1)
def test_model_compiled_for_multiclass(student, credit, default_build, variant_builds):
    for built, n in ((default_build, TRAIN_CLASSES), (variant_builds[0], VAR_CLASSES)):
        with credit.case():
            check(*load(built), [LossFits(ONE_HOT_OR_INTEGER, n, focal=True)])


@pytest.mark.points(1)
def test_model_parameter_budget(student, default_build):
    check(*load(default_build), WITHIN_BUDGET)


@pytest.mark.points(1)
def test_model_dropout_layers_use_dropout_rate(student, credit, default_build, variant_builds):
    for built, rate in ((variant_builds[0], VAR_RATE), (default_build, DEFAULT_RATE)):
        with credit.case():
            check(*load(built), [DropoutRate(rate, default=DEFAULT_RATE)])


@pytest.mark.points(1)
def test_model_random_in_training_deterministic_at_inference(student, credit, default_build,
                                                             variant_builds):
    for built in (variant_builds[0], default_build):
        with credit.case():
            check(*load(built), DROPOUT_ONLY_IN_TRAINING)


@pytest.mark.points(1)
def test_model_batchnorm_differs_between_training_and_inference(student, credit, default_build,
                                                                variant_builds):
    for built in (variant_builds[0], default_build):
        with credit.case():
            check(*load(built), BATCHNORM_IN_TRAINING)


# -- build_regularized_cnn: L2 ----------------------------------------------------------

def kernel_layers(model):
    return [layer for layer in all_layers(model) if getattr(layer, "kernel", None) is not None]


def check_l2_factor(model, call, l2):
    """Every kernel regularizer gives l2 * sum(kernel ** 2) on its kernel."""
    regularized = [layer for layer in kernel_layers(model)
                   if getattr(layer, "kernel_regularizer", None) is not None]
    if not regularized:
        bias = any(getattr(layer, "bias_regularizer", None) is not None for layer in all_layers(model))
        fail(call, "no layer has a kernel_regularizer",
             "mistake: " + (BIAS_ONLY if bias else NO_REGULARIZER))
    for layer in regularized:
        kernel = as_numpy(layer.kernel).astype(np.float64)
        got = float(as_numpy(layer.kernel_regularizer(layer.kernel)))
        want = l2 * float(np.sum(kernel ** 2))
        if not np.isclose(got, want, rtol=1e-3, atol=1e-9):
            candidates = {L2_IGNORED: 1e-4 * np.sum(kernel ** 2), L2_DEFAULT_001: 0.01 * np.sum(kernel ** 2),
                          L1_NOT_L2: l2 * np.sum(np.abs(kernel))}
            names = [k for k, v in candidates.items() if np.isclose(got, v, rtol=1e-3)]
            fail(call, f"the kernel regularizer of a {type(layer).__name__} layer gives {got:.6g} on "
                       f"its kernel, expected l2 * sum(kernel ** 2) = {l2:g} * "
                       f"{np.sum(kernel ** 2):.6g} = {want:.6g}",
                 ("mistake: " + names[0]) if names else "")


@pytest.mark.points(2)
def test_model_l2_kernel_regularizer_uses_l2(student, credit, default_build, variant_builds):
    """model.losses is not empty; each kernel regularizer is L2 with the given
    factor; and with equal weights the regularisation loss scales with l2."""
    a_built, b_built = variant_builds
    with credit.case():
        model, call = load(a_built)
        if not model.losses or regularization_loss(model) <= 0:
            bias = any(getattr(layer, "bias_regularizer", None) is not None for layer in all_layers(model))
            fail(call, f"model.losses is {'empty' if not model.losses else 'zero'}",
                 "mistake: " + (BIAS_ONLY if bias else NO_REGULARIZER))
        check_l2_factor(model, call, L2_A)
    with credit.case():
        model, call = load(b_built)
        check_l2_factor(model, call, L2_B)
    with credit.case():
        model, call = load(default_build)
        check_l2_factor(model, call, DEFAULT_L2)
    with credit.case():
        a, call_a = load(a_built)
        b, call_b = load(b_built)
        b.set_weights(a.get_weights())
        loss_a, loss_b = regularization_loss(a), regularization_loss(b)
        ratio = loss_b / loss_a if loss_a > 0 else float("nan")
        if not np.isclose(ratio, L2_B / L2_A, rtol=1e-3):
            fail(call_b, f"with the weights of {call_a}, sum(model.losses) is {loss_b:.6g} against "
                         f"{loss_a:.6g}: a ratio of {ratio:.4g}, expected l2's ratio {L2_B / L2_A:g}",
                 "mistake: " + L2_IGNORED if np.isclose(ratio, 1.0) else "")


# -- build_regularized_cnn: training ------------------------------------------------------

@memo
def mnist28():
    x, y = datasets.load("mnist28")
    xh, yh = datasets.held_out("mnist28")
    scale = np.float32(1 / 255)
    return (x[..., None].astype(np.float32) * scale, y.astype(np.int64),
            xh[..., None].astype(np.float32) * scale, yh.astype(np.int64))


def recalibrate_batchnorm(model, x, batch=RECALIBRATE_BATCH):
    """Set every BatchNormalization's moving statistics to the average of its
    batch statistics over ``x`` (training-mode forward passes, no weight
    update): what a long training's moving averages converge to."""
    layers = bn_layers(model)
    saved = [layer.momentum for layer in layers]
    try:
        for k, start in enumerate(range(0, len(x), batch)):
            for layer in layers:
                layer.momentum = k / (k + 1)
            model(x[start:start + batch], training=True)
    finally:
        for layer, momentum in zip(layers, saved):
            layer.momentum = momentum


def accuracy(model, x, y) -> float:
    p = np.asarray(model.predict(x, verbose=0, batch_size=256))
    return float(np.mean(p.reshape(len(x), -1).argmax(axis=1) == y))


def grader_fit(student, record, model, call, x, y):
    """The kit's fixed training recipe (``dlkit.testing.trainer.fit``), run in
    the kit's trainer process against the topic's limits; then the moving
    statistics are re-estimated here.  Returns the trained model and whether
    the labels were integers."""
    config = compile_config(model)
    if not config or config.get("loss") is None:
        fail(call, "the grader cannot train it", "mistake: " + NOT_COMPILED)
    if not model.trainable_weights:
        fail(call, "the model has no trainable weights (trainable=False?): the grader's training "
                   "cannot change it, so it stays an untrained model")
    n = int(model.count_params())
    if n > TRAIN_PARAM_CAP:
        fail(call, f"the model has {n:,} parameters; the grader does not train models over "
                   f"{TRAIN_PARAM_CAP:,} (the budget is {MAX_PARAMS:,})")
    sparse = loss_kind(config.get("loss"), CLASSIFICATION_LOSS_KINDS) == "scce"
    labels = y if sparse else keras.utils.to_categorical(y, TRAIN_CLASSES).astype(np.float32)
    try:
        trained, _ = student.train(record, x, labels, seed=FIT_SEED,
                        epochs=FIT_EPOCHS, batch_size=FIT_BATCH, label="fit")
    except StudentFailure as exc:  # the student's compiled loss or model, or the time limit
        fail(call, f"the grader trained the compiled model on {'integer' if sparse else 'one-hot'} "
                   f"labels ({FIT_EPOCHS} epochs of batches of {FIT_BATCH}) and training failed: "
                   f"{str(exc)[:400]}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(trained, call=call)
    recalibrate_batchnorm(model, x)
    return model, sparse


def likely_cause(train_acc: float, held_out_acc: float, trainable: bool = True) -> str:
    """What the evidence supports when the held-out accuracy is too low:
    overfitting only when the training images are fitted far better than new
    ones; a training accuracy as poor as the held-out one is underfitting."""
    if not trainable:
        return "the model has no trainable weights (trainable=False?), so training changes nothing"
    if train_acc - held_out_acc >= OVERFIT_GAP:
        return (f"overfitting: it fits the training images (accuracy {train_acc:.3f}) far better "
                f"than new ones ({held_out_acc:.3f}); regularise more (dropout, l2) or use a "
                "smaller model")
    if train_acc < 0.5:
        return ("it does not learn the training set either (underfitting): a loss that does not "
                "fit the outputs, a learning rate far too small or too large, or too much "
                "regularisation (a huge l2 or dropout rate)")
    return (f"underfitting (not overfitting): the training accuracy ({train_acc:.3f}) is as poor as "
            f"the held-out one ({held_out_acc:.3f}), so the model has not learned the training "
            "images well in the grader's training either: too little capacity (too few filters or "
            "units, too much pooling), a learning rate too small (or too large) for "
            f"{FIT_EPOCHS} epochs, or too much regularisation")


@pytest.mark.points(2)
def test_model_learns_mnist28(student, default_build):
    x, y, xh, yh = mnist28()
    model, call = load(default_build)
    model, sparse = grader_fit(student, default_build[0], model, call, x, y)
    acc = accuracy(model, xh, yh)
    if not acc >= MIN_HELD_OUT_ACCURACY:
        train_acc = accuracy(model, x, y)
        likely = likely_cause(train_acc, acc, bool(model.trainable_weights))
        fail(call, f"the grader trained it for {FIT_EPOCHS} epochs of batches of {FIT_BATCH} on the "
                   f"{len(x)} mnist28 training images ({'integer' if sparse else 'one-hot'} labels, "
                   "your optimizer), re-estimated the BatchNormalization moving statistics:",
             f"held-out accuracy {acc:.3f}, required at least {MIN_HELD_OUT_ACCURACY:.2f} "
             f"(training accuracy {train_acc:.3f})",
             "likely mistake: " + likely)
