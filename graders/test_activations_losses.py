"""Hidden graders for topic 02, activations_losses.

Expected values come from Keras and TensorFlow themselves, in this process:
``keras.activations.*`` for the activations, ``tf.GradientTape`` for their
gradients and ``keras.losses.*`` (epsilon ``keras.config.epsilon()``) for the
losses, on float32 inputs drawn from ``grader_rng``.  Every activation case
mixes ordinary values with extreme ones (+-1000, +-100) so that an unstable
formula (NaN or inf) loses points.  ``gradient_norms_by_depth`` is graded on
its behaviour: sigmoid gradients vanish towards the input, ReLU ones do not.

The reference computations (expected values and mistake values) are memoised
with ``memo``: the cases come from the fixed grader seed, so in a batch only
the first submission pays for Keras.  Memoised values are read-only.
"""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from dlkit.testing import expect, grader_rng, memo
from dlkit.testing.failures import fail

EPS = keras.config.epsilon()  # 1e-7, Keras's clipping epsilon
EXTREMES = (1000.0, -1000.0, 100.0, -100.0, 90.0, -90.0)
OTHER_EPSILONS = (1e-15, 1e-12, 1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3)
LOSS_RTOL, LOSS_ATOL = 1e-5, 1e-6
SIGMOID_VANISHED = 1e-3  # sigmoid: first/last norm; the reference gives ~1e-6 at depth 10
RELU_ALIVE = 0.02  # relu: first/last norm; the reference gives 0.5-2, other set-ups >= 0.08


# -- case generators ----------------------------------------------------------


def _shape(rng, min_ndim=1, max_ndim=3, max_side=6):
    ndim = int(rng.integers(min_ndim, max_ndim + 1))
    return tuple(int(n) for n in rng.integers(1, max_side + 1, size=ndim))


def _with_extremes(rng, shape, zeros=False):
    """Float32 array of ordinary values with +-1000 (and other large values)
    mixed in; with ``zeros``, some exact zeros too."""
    scale = float(rng.choice([0.5, 2.0, 8.0]))
    x = rng.standard_normal(shape) * scale
    flat = x.reshape(-1)
    k = max(1, flat.size // 4)
    where = rng.choice(flat.size, size=k, replace=False)
    flat[where[:2]] = (1000.0, -1000.0)[: len(where[:2])]
    flat[where[2:]] = rng.choice(EXTREMES, size=len(where) - 2 if k > 2 else 0)
    if zeros:
        free = np.setdiff1d(np.arange(flat.size), where)
        if free.size:
            flat[rng.choice(free, size=max(1, free.size // 4), replace=False)] = 0.0
        else:
            flat[-1] = 0.0
    return flat.reshape(shape).astype(np.float32)


def _activation_cases(label, n, zeros=False):
    rng = grader_rng(label)
    yield np.array([-1000, -100, -10, -1, 0, 1, 10, 100, 1000], dtype=np.float32)
    for _ in range(n - 1):
        shape = _shape(rng)
        if int(np.prod(shape)) < 3:
            shape = shape + (3,)
        yield _with_extremes(rng, shape, zeros=zeros)


# -- Keras / TensorFlow references ---------------------------------------------


@memo
def _keras(name, x, **kwargs):
    return np.asarray(getattr(keras.activations, name)(x, **kwargs))


@memo
def _tape_gradient(name, x):
    """d(sum of activation(x)) / dx: the element-wise derivative."""
    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = getattr(keras.activations, name)(v)
    return tape.gradient(y, v).numpy()


def _mean_of(per_sample):
    return float(np.mean(np.asarray(per_sample, dtype=np.float64)))


def _closest(got, *candidates):
    """Keras computes in the dtype it is given: accept a student who worked in
    float64 on float32 data (they differ only where 1 - 1e-7 is rounded)."""
    try:
        value = float(np.asarray(got))
    except (TypeError, ValueError):
        return candidates[0]
    for c in candidates:
        if np.isclose(value, c, rtol=LOSS_RTOL, atol=LOSS_ATOL):
            return c
    return candidates[0]


@memo
def _keras_loss(name, y_true, y_pred):
    """The batch mean of ``keras.losses.<name>``, computed in the dtype given."""
    return _mean_of(getattr(keras.losses, name)(y_true, y_pred))


@memo
def _both_dtypes(mistakes_fn, y_true, y_pred):
    """A mistakes dict computed in float32 and in float64: a student's float32
    arithmetic can overflow where float64 does not (1 - 1e-12 == 1 in float32)."""
    out = {}
    for dtype in (np.float32, np.float64):
        with np.errstate(all="ignore"):
            for name, value in mistakes_fn(y_true.astype(dtype), y_pred.astype(dtype)).items():
                key = name if name not in out else name + " "
                out[key] = float(value)
    return out


# -- activations ---------------------------------------------------------------


@pytest.mark.points(2)
def test_sigmoid_matches_keras_including_extremes(student, credit):
    for x in _activation_cases("sigmoid", 30):
        with credit.case():
            got = student.sigmoid(x)
            want = _keras("sigmoid", x)
            expect.array(got, want, call=student.last_call, atol=1e-6, mistakes={
                "the sign is flipped: this is 1 / (1 + exp(x)) = sigmoid(-x)": 1.0 - want,
            })


@pytest.mark.points(1)
def test_tanh_matches_keras_including_extremes(student, credit):
    for x in _activation_cases("tanh", 25):
        with credit.case():
            got = student.tanh(x)
            want = _keras("tanh", x)
            s = _keras("sigmoid", x)
            expect.array(got, want, call=student.last_call, atol=1e-6, mistakes={
                "returned sigmoid(x), not tanh(x)": s,
                "2 * sigmoid(x) - 1 is tanh(x / 2); tanh(x) = 2 * sigmoid(2 * x) - 1": 2 * s - 1,
            })


@pytest.mark.points(2)
def test_relu_and_leaky_relu_match_keras(student, credit):
    rng = grader_rng("relu and leaky_relu")
    for i, x in enumerate(_activation_cases("relu inputs", 30, zeros=True)):
        kind = ("relu", "leaky default", "leaky alpha")[i % 3]
        with credit.case():
            relu = _keras("relu", x)
            if kind == "relu":
                got = student.relu(x)
                expect.array(got, relu, call=student.last_call, mistakes={
                    "returned abs(x): negative inputs must give 0": np.abs(x),
                })
            elif kind == "leaky default":
                got = student.leaky_relu(x)
                mistakes = {
                    f"wrong default alpha {a} (the default must be 0.2, as in "
                    f"keras.activations.leaky_relu)": _keras("leaky_relu", x, negative_slope=a)
                    for a in (0.01, 0.3, 0.1, 0.02, 0.25)
                }
                mistakes["plain relu: negative inputs must give alpha * x"] = relu
                expect.array(got, _keras("leaky_relu", x, negative_slope=0.2),
                             call=student.last_call, mistakes=mistakes)
            else:
                alpha = float(rng.choice([0.01, 0.05, 0.1, 0.3, 0.5]))
                got = student.leaky_relu(x, alpha=alpha)
                mistakes = {
                    "the alpha argument is ignored (always 0.2)":
                        _keras("leaky_relu", x, negative_slope=0.2),
                    "plain relu: negative inputs must give alpha * x": relu,
                    "alpha applied to the positive side": np.where(x > 0, alpha * x, x),
                }
                expect.array(got, _keras("leaky_relu", x, negative_slope=alpha),
                             call=student.last_call, mistakes=mistakes)


@memo
def _softmax_mistakes(x, axis):
    ndim = x.ndim
    mistakes = {}
    for other in range(ndim):
        if other != axis % ndim:
            asked = f"{axis} = {axis % ndim}" if axis < 0 else f"{axis}"
            mistakes[f"normalised over the wrong axis (axis {other} instead of axis {asked}): "
                     "use the axis argument"] = _keras("softmax", x, axis=other)
    flat = _keras("softmax", x.reshape(-1)).reshape(x.shape)
    mistakes["normalised over the whole array instead of along the axis (sum with "
             "axis=..., keepdims=True)"] = flat
    return mistakes


@pytest.mark.points(2)
def test_softmax_matches_keras_on_every_axis(student, credit):
    rng = grader_rng("softmax axes")
    for i in range(30):
        shape = _shape(rng, min_ndim=2 if i % 6 else 1, max_ndim=3)
        shape = tuple(max(2, n) for n in shape)
        x = (rng.standard_normal(shape) * float(rng.choice([0.5, 2.0, 5.0]))).astype(np.float32)
        axes = [a for a in (0, 1, 2, -1, -2) if -x.ndim <= a < x.ndim]
        axis = None if i % 5 == 0 else int(rng.choice(axes))
        with credit.case():
            got = student.softmax(x) if axis is None else student.softmax(x, axis=axis)
            axis = -1 if axis is None else axis
            expect.array(got, _keras("softmax", x, axis=axis), call=student.last_call, atol=1e-6,
                         mistakes=_softmax_mistakes(x, axis))


@pytest.mark.points(1)
def test_softmax_is_stable_for_extreme_inputs(student, credit):
    rng = grader_rng("softmax extremes")
    cases = [
        (np.array([1000, 0, -1000], np.float32), -1),
        (np.array([[1000, 1000, 999], [-1000, -1000, -999], [1000, -1000, 0]], np.float32), -1),
        (np.array([[1000, -1000], [1000, 1000], [-1000, 0]], np.float32), 0),
    ]
    for _ in range(17):
        shape = tuple(max(2, n) for n in _shape(rng, min_ndim=2, max_ndim=3))
        x = _with_extremes(rng, shape)
        cases.append((x, int(rng.choice([a for a in (0, 1, -1) if a < x.ndim]))))
    for x, axis in cases:
        with credit.case():
            got = student.softmax(x, axis=axis)
            expect.array(got, _keras("softmax", x, axis=axis), call=student.last_call, atol=1e-6,
                         mistakes=_softmax_mistakes(x, axis))


# -- gradients -----------------------------------------------------------------


@pytest.mark.points(1)
def test_sigmoid_grad_matches_gradient_tape(student, credit):
    for x in _activation_cases("sigmoid_grad", 25, zeros=True):
        with credit.case():
            got = student.sigmoid_grad(x)
            s = _keras("sigmoid", x).astype(np.float64)
            x64 = x.astype(np.float64)
            expect.array(got, _tape_gradient("sigmoid", x), call=student.last_call, atol=1e-6,
                         mistakes={
                             "returned sigmoid(x) itself: forgot the factor (1 - sigmoid(x)) "
                             "in sigmoid(x) * (1 - sigmoid(x))": s,
                             "returned 1 - sigmoid(x): the derivative is "
                             "sigmoid(x) * (1 - sigmoid(x))": 1 - s,
                             "computed x * (1 - x): apply sigmoid first, the derivative is "
                             "s * (1 - s) with s = sigmoid(x)": x64 * (1 - x64),
                         })


@pytest.mark.points(1)
def test_tanh_grad_matches_gradient_tape(student, credit):
    for x in _activation_cases("tanh_grad", 25, zeros=True):
        with credit.case():
            got = student.tanh_grad(x)
            t = _keras("tanh", x).astype(np.float64)
            x64 = x.astype(np.float64)
            expect.array(got, _tape_gradient("tanh", x), call=student.last_call, atol=1e-6,
                         mistakes={
                             "computed 1 - x**2: apply tanh first, the derivative is "
                             "1 - tanh(x)**2": 1 - x64 ** 2,
                             "returned 1 - tanh(x): forgot to square tanh(x)": 1 - t,
                             "returned tanh(x)**2: the derivative is 1 - tanh(x)**2": t ** 2,
                             "returned tanh(x) itself, not its derivative": t,
                         })


@pytest.mark.points(1)
def test_relu_grad_matches_gradient_tape_including_zero(student, credit):
    for x in _activation_cases("relu_grad", 25, zeros=True):
        with credit.case():
            got = student.relu_grad(x)
            expect.array(got, _tape_gradient("relu", x), call=student.last_call, mistakes={
                "gradient 1 at x == 0 (x >= 0): TensorFlow's relu gradient is 0 at "
                "exactly 0, use x > 0": (x >= 0).astype(np.float32),
                "returned relu(x), not its derivative": _keras("relu", x),
                "returned the derivative of leaky_relu (alpha where x < 0)":
                    np.where(x > 0, 1.0, 0.2),
            })


# -- losses --------------------------------------------------------------------


def _regression_cases(label, n):
    rng = grader_rng(label)
    yield (np.array([1.0, 2.0, 3.0], np.float32), np.array([1.5, 2.0, 1.0], np.float32))
    for i in range(n - 1):
        batch = int(rng.integers(1, 40))
        shape = (batch,) if i % 3 == 0 else (batch, int(rng.integers(2, 7)))
        scale = float(rng.choice([0.5, 3.0, 50.0]))
        y_true = (rng.standard_normal(shape) * scale).astype(np.float32)
        y_pred = (y_true + rng.standard_normal(shape) * scale).astype(np.float32)
        yield y_true, y_pred


@memo
def _regression_mistakes(y_true, y_pred, loss):
    err = y_true.astype(np.float64) - y_pred.astype(np.float64)
    elementwise = err ** 2 if loss == "mse" else np.abs(err)
    mistakes = {"summed instead of averaged": np.sum(elementwise)}
    if y_true.ndim == 2:
        mistakes["summed over the last axis, then averaged over the batch (Keras averages "
                 "both)"] = np.mean(np.sum(elementwise, axis=-1))
    if loss == "mse":
        mistakes["forgot to square the errors"] = np.mean(err)
        mistakes["forgot to square the errors "] = np.mean(-err)
        mistakes["forgot to square the errors  "] = np.mean(np.abs(err))
        mistakes["root mean squared error: no square root in the MSE"] = np.sqrt(np.mean(err ** 2))
    else:
        mistakes["forgot the absolute value (positive and negative errors cancel)"] = np.mean(err)
        mistakes["forgot the absolute value (positive and negative errors cancel) "] = np.mean(-err)
        mistakes["squared the errors: that is the MSE, not the MAE"] = np.mean(err ** 2)
    return {k: float(v) for k, v in mistakes.items()}


@pytest.mark.points(1)
def test_mse_matches_keras(student, credit):
    for y_true, y_pred in _regression_cases("mse", 25):
        with credit.case():
            got = student.mse(y_true, y_pred)
            want = _keras_loss("mean_squared_error", y_true, y_pred)
            expect.number(got, want, call=student.last_call, rtol=LOSS_RTOL, atol=LOSS_ATOL,
                          mistakes=_regression_mistakes(y_true, y_pred, "mse"))


@pytest.mark.points(1)
def test_mae_matches_keras(student, credit):
    for y_true, y_pred in _regression_cases("mae", 25):
        with credit.case():
            got = student.mae(y_true, y_pred)
            want = _keras_loss("mean_absolute_error", y_true, y_pred)
            expect.number(got, want, call=student.last_call, rtol=LOSS_RTOL, atol=LOSS_ATOL,
                          mistakes=_regression_mistakes(y_true, y_pred, "mae"))


def _bce_mistakes(y_true, y_pred):
    one = y_pred.dtype.type(1)

    def terms(p):
        return -(y_true * np.log(p) + (one - y_true) * np.log(one - p))

    clipped = np.clip(y_pred, EPS, 1 - EPS)
    mistakes = {
        "log(0) = -inf: clip the predictions to [1e-7, 1 - 1e-7] (keras.config.epsilon()); "
        "unclipped, or clipped with an epsilon so small that 1 - eps rounds to 1 in float32, "
        "a prediction of exactly 0 or 1 makes the loss infinite": np.mean(terms(y_pred)),
        "the (1 - y) * log(1 - p) term is missing: negative examples must cost "
        "something too": np.mean(-y_true * np.log(clipped)),
        "summed instead of averaged": np.sum(terms(clipped)),
        "the sign is flipped: cross-entropy is -(y log p + (1 - y) log(1 - p)) >= 0":
            -np.mean(terms(clipped)),
    }
    if y_true.ndim == 2:
        mistakes["summed over the last axis, then averaged over the batch (Keras averages "
                 "both)"] = np.mean(np.sum(terms(clipped), axis=-1))
    for e in OTHER_EPSILONS:
        mistakes[f"clipped with a different epsilon (this matches {e:g}); Keras clips to "
                 f"[1e-7, 1 - 1e-7] (keras.config.epsilon())"] = np.mean(
                     terms(np.clip(y_pred, e, 1 - e)))
    return mistakes


def _bce_cases(label, n):
    rng = grader_rng(label)
    yield (np.array([1, 0, 1, 0], np.float32), np.array([0.9, 0.1, 0.0, 1.0], np.float32))
    for i in range(n - 1):
        batch = int(rng.integers(2, 40))
        shape = (batch,) if i % 3 == 0 else (batch, int(rng.integers(2, 6)))
        if i % 4 == 3:  # soft labels
            y_true = rng.uniform(size=shape)
        else:
            y_true = rng.integers(0, 2, size=shape).astype(np.float64)
        y_pred = rng.uniform(size=shape)
        flat_t, flat_p = y_true.reshape(-1), y_pred.reshape(-1)
        where = rng.choice(flat_p.size, size=max(2, flat_p.size // 5), replace=False)
        flat_p[where] = rng.integers(0, 2, size=where.size)  # exactly 0 or 1
        flat_p[where[:2]] = (0.0, 1.0)
        flat_t[where[0]], flat_t[where[1]] = 1.0, 0.0  # confidently wrong, both ways
        yield y_true.astype(np.float32), y_pred.astype(np.float32)


@pytest.mark.points(2)
def test_binary_crossentropy_matches_keras_with_clipping(student, credit):
    for y_true, y_pred in _bce_cases("binary_crossentropy", 30):
        with credit.case():
            got = student.binary_crossentropy(y_true, y_pred)
            want32 = _keras_loss("binary_crossentropy", y_true, y_pred)
            want64 = _keras_loss("binary_crossentropy",
                                 y_true.astype(np.float64), y_pred.astype(np.float64))
            expect.number(got, _closest(got, want32, want64), call=student.last_call,
                          rtol=LOSS_RTOL, atol=LOSS_ATOL,
                          mistakes=_both_dtypes(_bce_mistakes, y_true, y_pred))


def _cce_mistakes(y_true, y_pred):
    one = y_pred.dtype.type(1)

    def terms(p):
        return -y_true * np.log(p)

    clipped = np.clip(y_pred, EPS, 1 - EPS)
    mistakes = {
        "averaged over the classes instead of summed: -sum(y log p) over the classes, "
        "then the mean over the batch": np.mean(terms(clipped)),
        "summed over the batch instead of averaged": np.sum(terms(clipped)),
        "predictions not clipped, so log(0) = -inf: clip them to [1e-7, 1 - 1e-7] "
        "(keras.config.epsilon())": np.mean(np.sum(terms(y_pred), axis=-1)),
        "computed binary cross-entropy: the (1 - y) log(1 - p) terms do not belong in "
        "categorical cross-entropy": np.mean(np.sum(
            terms(clipped) - (one - y_true) * np.log(one - clipped), axis=-1)),
        "the sign is flipped: cross-entropy is -sum(y log p) >= 0":
            -np.mean(np.sum(terms(clipped), axis=-1)),
    }
    for e in OTHER_EPSILONS:
        mistakes[f"clipped with a different epsilon (this matches {e:g}); Keras clips to "
                 f"[1e-7, 1 - 1e-7] (keras.config.epsilon())"] = np.mean(
                     np.sum(terms(np.clip(y_pred, e, 1 - e)), axis=-1))
    return mistakes


def _cce_cases(label, n):
    rng = grader_rng(label)
    yield (np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], np.float32),
           np.array([[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]], np.float32))
    for i in range(n - 1):
        batch, classes = int(rng.integers(2, 30)), int(rng.integers(2, 9))
        labels = rng.integers(0, classes, size=batch)
        y_true = np.eye(classes)[labels]
        if i % 5 == 4:  # soft targets
            y_true = np.asarray(_keras("softmax", rng.standard_normal((batch, classes))))
        logits = rng.standard_normal((batch, classes)) * float(rng.choice([1.0, 4.0, 30.0]))
        # a copy: _keras's (memoised) result is read-only, and y_pred is changed below
        y_pred = np.array(_keras("softmax", logits.astype(np.float32)), dtype=np.float64)
        # exact one-hot predictions: one confidently wrong row, one confidently right
        y_pred[0] = np.eye(classes)[(labels[0] + 1) % classes]
        y_pred[1] = np.eye(classes)[labels[1]]
        yield y_true.astype(np.float32), y_pred.astype(np.float32)


@pytest.mark.points(2)
def test_categorical_crossentropy_matches_keras_with_clipping(student, credit):
    for y_true, y_pred in _cce_cases("categorical_crossentropy", 30):
        with credit.case():
            got = student.categorical_crossentropy(y_true, y_pred)
            want32 = _keras_loss("categorical_crossentropy", y_true, y_pred)
            want64 = _keras_loss("categorical_crossentropy",
                                 y_true.astype(np.float64), y_pred.astype(np.float64))
            expect.number(got, _closest(got, want32, want64), call=student.last_call,
                          rtol=LOSS_RTOL, atol=LOSS_ATOL,
                          mistakes=_both_dtypes(_cce_mistakes, y_true, y_pred))


# -- vanishing gradients ---------------------------------------------------------


def _norms(got, depth, call, strict_type=False):
    """The returned norms as floats, after checking they are ``depth`` finite,
    non-negative numbers (a list; any 1-D sequence unless ``strict_type``)."""
    if isinstance(got, np.ndarray) and not strict_type and got.ndim == 1:
        got = got.tolist()
    if isinstance(got, np.ndarray):
        fail(call, f"got a NumPy array of shape {got.shape}",
              f"expected a list of {depth} floats (convert with .tolist())")
    if not isinstance(got, (list, tuple)):
        fail(call, f"got {type(got).__name__} {got!r:.60}", f"expected a list of {depth} floats")
    if len(got) != depth:
        fail(call, f"got {len(got)} norms, expected {depth}: one per Dense layer")
    values = []
    for v in got:
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v[()]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer,
                                                                np.floating)):
            fail(call, f"got an item {v!r:.60} of type {type(v).__name__}",
                  "expected every item to be a float (the norm of one layer's kernel gradient)")
        values.append(float(v))
    if not all(math.isfinite(v) for v in values):
        fail(call, f"got {values}", "expected finite norms",
              "mistake: numerically unstable (overflow in exp or log(0)?)")
    if any(v < 0 for v in values):
        fail(call, f"got {values}", "expected non-negative norms (a norm is never negative)")
    return values


@pytest.mark.points(1)
def test_gradient_norms_by_depth_returns_reproducible_list(student, credit):
    rng = grader_rng("gradient norms list")
    configs = [("sigmoid", 3, 8), ("relu", 5, 16), ("relu", 1, 4), ("sigmoid", 6, 12)]
    for activation, depth, width in configs:
        seed = int(rng.integers(0, 10_000))
        with credit.case():
            first = _norms(student.gradient_norms_by_depth(activation, depth, width, seed),
                           depth, student.last_call, strict_type=True)
            again = _norms(student.gradient_norms_by_depth(activation, depth, width, seed),
                           depth, student.last_call, strict_type=True)
            if not np.allclose(first, again, rtol=1e-5, atol=0):
                fail(student.last_call, f"got {again}", f"the same call before gave {first}",
                      "mistake: not reproducible; draw the data and weights from the seed")
            other = _norms(student.gradient_norms_by_depth(activation, depth, width, seed + 1),
                           depth, student.last_call, strict_type=True)
            if np.allclose(first, other, rtol=1e-6, atol=0):
                fail(student.last_call, f"got {other}, the same as with seed={seed}",
                      "mistake: the seed is ignored; different seeds must give different "
                      "data and weights")


def _ratio(values):
    first, last = values[0], values[-1]
    return first / last if last > 0 else math.inf


@pytest.mark.points(1)
def test_gradient_norms_vanish_with_sigmoid(student, credit):
    rng = grader_rng("gradient norms sigmoid")
    for depth, width in [(10, 32), (8, 16), (12, 32), (10, 16)]:
        seed = int(rng.integers(0, 10_000))
        with credit.case():
            got = student.gradient_norms_by_depth("sigmoid", depth, width, seed)
            values = _norms(got, depth, student.last_call)
            ratio = _ratio(values)
            if not ratio < SIGMOID_VANISHED:
                reversed_ = values[0] > 0 and values[-1] / values[0] < SIGMOID_VANISHED
                fail(student.last_call,
                      f"got first/last = {ratio:.3g} ({values[0]:.3g} / {values[-1]:.3g})",
                      f"expected the first layer's norm under {SIGMOID_VANISHED:g} times the "
                      "last layer's: sigmoid gradients vanish towards the input",
                      "mistake: the list is reversed; put the first (input) layer's norm first"
                      if reversed_ else "")


@pytest.mark.points(1)
def test_gradient_norms_do_not_vanish_with_relu(student, credit):
    rng = grader_rng("gradient norms relu")
    for depth, width in [(10, 32), (8, 16), (12, 32), (10, 16)]:
        seed = int(rng.integers(0, 10_000))
        with credit.case():
            got = student.gradient_norms_by_depth("relu", depth, width, seed)
            values = _norms(got, depth, student.last_call)
            ratio = _ratio(values)
            if not ratio > RELU_ALIVE:
                fail(student.last_call,
                      f"got first/last = {ratio:.3g} ({values[0]:.3g} / {values[-1]:.3g})",
                      f"expected the first layer's norm over {RELU_ALIVE:g} times the last "
                      "layer's: ReLU gradients do not vanish (is the activation argument used?)")
