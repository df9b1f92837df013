"""Hidden graders for 03 conv_by_hand: NumPy convolution and pooling vs Keras / SciPy.

Every expected value is computed here, in the grader's process, by Keras
layers (``Conv2D``, ``ZeroPadding2D``, ``MaxPooling2D``, ``AveragePooling2D``)
or by ``scipy.signal``, on random cases drawn from ``grader_rng``. The values
known wrong approaches produce are computed here too (with ``keras.ops`` and
SciPy on explicitly padded or altered inputs), so a failure names the mistake;
they are computed only for a wrong answer, which keeps grading a correct
submission fast. Every reference computation is memoised (``memo``): the cases
come from the fixed grader seed, so in a batch only the first submission pays
for Keras and SciPy. Cached arrays are read-only and never changed here.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import scipy.signal

from dlkit.testing import StudentFailure, expect, grader_rng, memo

TOL = {"rtol": 1e-4, "atol": 1e-4}

# -- mistake descriptions -------------------------------------------------------

BIAS_IGNORED = "bias ignored: add bias[o] to every value of output channel o"
FLIPPED = ("kernel flipped: Conv2D computes a cross-correlation, the kernel is used as it is, "
           "not flipped")
FIRST_CHANNEL = ("only the first input channel is used: each output sums over all input "
                 "channels (kernel[:, :, c, o] for every c)")
CHANNEL_MEAN = "input channels averaged instead of summed"
STRIDE_IGNORED = "stride ignored (computed with stride 1)"
STRIDES_SWAPPED = "strides swapped: stride=(sh, sw) means sh down the rows and sw across"
SIZE_FORMULA = ("output length computed as (n - k + 1) // s, which drops the last window; "
                "the valid output length is (n - k) // s + 1")
EXTRA_BEFORE = ("'same' padding puts the extra zero before (top/left); Keras puts the extra "
                "zero of an odd total after (bottom/right)")
SAME_K_HALF = "'same' padding of k // 2 zeros on each side: too many for an even kernel"
SAME_K_HALF_DOWN = ("'same' padding of (k - 1) // 2 zeros on each side: the extra zero of an "
                    "odd total is missing")
SAME_NO_STRIDE = ("'same' padding computed without the stride (total k - 1 as for stride 1); "
                  "Keras pads total = max((ceil(n / s) - 1) * s + k - n, 0)")
DILATION_IGNORED = "dilation ignored: the kernel taps must be dilation apart"
SAME_UNDILATED = ("'same' padding computed from the kernel size k instead of the dilated size "
                  "(k - 1) * dilation + 1")
INT_AS_SAME = "int padding treated as 'same': padding=p means p zeros on every side"
INT_IGNORED = "int padding ignored (treated as 'valid'): padding=p means p zeros on every side"
ALL_AXES = ("padded the batch and channel axes too (np.pad with a single int pads every "
            "axis); pad only H and W")
HW_SWAPPED = "height and width paddings swapped: pad is ((top, bottom), (left, right))"
NOT_FLIPPED = ("kernel not flipped: this is cross-correlation (scipy.signal.correlate2d), "
               "not convolution; flip the kernel in both axes")
NOT_FLIPPED_SAME = ("kernel not flipped: this is scipy.signal.correlate2d(..., 'same'), not "
                    "convolution; flip the kernel in both axes")
UPDOWN_ONLY = "kernel flipped up-down only: flip it both up-down and left-right"
LEFTRIGHT_ONLY = "kernel flipped left-right only: flip it both up-down and left-right"
TRANSPOSED = "kernel transposed instead of flipped (kernel.T is not kernel[::-1, ::-1])"
SAME_CROP = ("'same' mode crops the wrong part of 'full' for an even kernel: scipy keeps rows "
             "(kh - 1) // 2 to (kh - 1) // 2 + H (and likewise for columns)")
POOL_STRIDE_1 = ("default stride 1 instead of pool_size: stride=None means stride = pool_size "
                 "(non-overlapping windows)")
POOL_SWAPPED = "pool_size or strides swapped: (ph, pw) means ph rows by pw columns"
MAX_ZERO_PAD = ("'same' max pooling padded with zeros: padded positions must never win the max "
                "(pad with -inf), so all-negative windows at the border returned 0")
AVG_FULL_WINDOW = ("'same' average pooling divided by the full window size (the padded zeros "
                   "counted); Keras averages only the real pixels of each window")


# -- helpers (grader side only) -------------------------------------------------

def pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def ceil_div(n, s):
    return -(-n // s)


def same_pads(n, k_eff, s):
    """Keras's 'same' split, used only to build the mistakes' values."""
    total = max((ceil_div(n, s) - 1) * s + k_eff - n, 0)
    return total // 2, total - total // 2


def dilate_kernel(kernel, dilation):
    """Insert dilation - 1 zeros between kernel taps: a plain kernel doing the same thing."""
    dh, dw = pair(dilation)
    kh, kw, ci, co = kernel.shape
    out = np.zeros(((kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co), kernel.dtype)
    out[::dh, ::dw] = kernel
    return out


@memo
def keras_conv2d(x, kernel, bias=None, strides=1, padding="valid", dilation=1, built=False):
    """The expected value: keras.layers.Conv2D with these weights.

    ``built=True`` builds the layer, sets its weights and calls it. Otherwise
    the layer (configured the same way) runs its own ``convolution_op`` on the
    kernel and the bias is added: exactly what ``Conv2D.call`` does, without
    the cost of creating variables for every case.
    TensorFlow refuses strides > 1 together with dilation > 1, so that case
    runs the layer on the explicitly dilated kernel (the same computation).
    An int padding is a ZeroPadding2D layer followed by a 'valid' Conv2D.
    """
    strides, dilation = pair(strides), pair(dilation)
    if max(strides) > 1 and max(dilation) > 1:
        kernel, dilation = dilate_kernel(kernel, dilation), (1, 1)
    if not isinstance(padding, str):
        x = np.asarray(keras.layers.ZeroPadding2D(int(padding))(x))
        padding = "valid"
    layer = keras.layers.Conv2D(kernel.shape[3], kernel.shape[:2], strides=strides,
                                padding=padding, dilation_rate=dilation,
                                use_bias=bias is not None)
    if built:
        layer.build(x.shape)
        layer.set_weights([kernel] if bias is None else [kernel, bias])
        return np.asarray(layer(x))
    out = np.asarray(layer.convolution_op(x, kernel))
    return out if bias is None else out + bias


@memo
def conv_explicit(x, kernel, pads=((0, 0), (0, 0)), strides=1, dilation=1, bias=None):
    """keras.ops.conv on an explicitly zero-padded input: for mistakes' values."""
    xp = np.pad(x, ((0, 0), tuple(pads[0]), tuple(pads[1]), (0, 0)))
    k = dilate_kernel(kernel, dilation)
    if xp.shape[1] < k.shape[0] or xp.shape[2] < k.shape[1]:
        return None
    y = np.asarray(keras.ops.conv(xp, k, strides=pair(strides), padding="valid"))
    return y if bias is None else y + bias


def only(mistakes):
    """Drop the mistakes that do not apply to this case."""
    return {k: v for k, v in mistakes.items() if v is not None}


def check(student, got, want, diagnose, *args, tol=None, **kwargs):
    """expect.array; ``diagnose(*args, **kwargs)`` gives the known mistakes'
    values and runs only when the answer is wrong, to name the mistake."""
    tol = tol or {}
    try:
        expect.array(got, want, call=student.last_call, **tol)
    except StudentFailure:
        expect.array(got, want, call=student.last_call, **tol,
                     mistakes=only(diagnose(*args, **kwargs)))
        raise


def rand(rng, *shape):
    return rng.normal(size=shape).astype(np.float32)


def conv_call(student, x, kernel, bias, rng, **kwargs):
    """Call the student's conv2d, passing the bias sometimes by position."""
    if bias is None and rng.random() < 0.5:
        return student.conv2d(x, kernel, **kwargs)
    if rng.random() < 0.5:
        return student.conv2d(x, kernel, bias, **kwargs)
    return student.conv2d(x, kernel, bias=bias, **kwargs)


# -- zero_pad -----------------------------------------------------------------

@memo
def keras_zero_pad(x, pad):
    """The expected value: keras.layers.ZeroPadding2D(pad)."""
    return np.asarray(keras.layers.ZeroPadding2D(pad)(x))


@memo
def zero_pad_mistakes(x, pad):
    if np.ndim(pad) == 0:
        return {ALL_AXES: np.pad(x, pad)}
    (t, b), (le, r) = pad
    return {HW_SWAPPED: np.pad(x, ((0, 0), (le, r), (t, b), (0, 0)))}


@pytest.mark.points(2)
def test_zero_pad_matches_zeropadding2d(student, credit):
    rng = grader_rng("zero_pad")
    for i in range(24):
        with credit.case():
            x = rand(rng, rng.integers(1, 4), rng.integers(1, 7), rng.integers(1, 7),
                     rng.integers(1, 5))
            if i % 2 == 0:
                pad = int(rng.integers(1, 4))
            else:
                pad = tuple(tuple(int(v) for v in rng.integers(0, 4, 2)) for _ in range(2))
            want = keras_zero_pad(x, pad)
            got = student.zero_pad(x, pad)
            check(student, got, want, zero_pad_mistakes, x, pad)


# -- conv2d: mistakes ---------------------------------------------------------

def channel_mistakes(x, kernel, bias, **conv):
    """Values of the bias, channel and flipped-kernel mistakes for one case."""
    out = {}
    if bias is not None:
        out[BIAS_IGNORED] = conv_explicit(x, kernel, **conv)
    if x.shape[3] > 1:
        out[FIRST_CHANNEL] = conv_explicit(x[..., :1], kernel[:, :, :1], bias=bias, **conv)
        plain = conv_explicit(x, kernel, **conv)
        out[CHANNEL_MEAN] = None if plain is None else plain / x.shape[3] + (
            0 if bias is None else bias)
    out[FLIPPED] = conv_explicit(x, kernel[::-1, ::-1], bias=bias, **conv)
    return out


def common_mistakes(x, kernel, bias, want, pads, strides=1, dilation=1):
    """Mistakes any conv2d case can show: bias, channels, flipped kernel, and
    the (n - k + 1) // s output length. ``pads`` are the correct explicit pads."""
    strides, dilation = pair(strides), pair(dilation)
    out = channel_mistakes(x, kernel, bias, pads=pads, strides=strides, dilation=dilation)
    if max(strides) > 1:
        (kh, kw), (sh, sw), (dh, dw) = kernel.shape[:2], strides, dilation
        hp, wp = x.shape[1] + sum(pads[0]), x.shape[2] + sum(pads[1])
        ho, wo = (hp - (kh - 1) * dh) // sh, (wp - (kw - 1) * dw) // sw
        out[SIZE_FORMULA] = want[:, :ho, :wo] if ho > 0 and wo > 0 else None
    return out


def same_mistakes(x, kernel, bias, want, strides=(1, 1), dilation=(1, 1)):
    """The usual 'same' padding mistakes (and the common ones) for one case."""
    (kh, kw), (sh, sw), (dh, dw) = kernel.shape[:2], pair(strides), pair(dilation)
    h, w = x.shape[1:3]
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    right = (same_pads(h, eh, sh), same_pads(w, ew, sw))
    conv = {"strides": strides, "dilation": dilation, "bias": bias}
    out = {EXTRA_BEFORE: conv_explicit(x, kernel, [p[::-1] for p in right], **conv)}
    if max(sh, sw) > 1:
        out[STRIDE_IGNORED] = keras_conv2d(x, kernel, bias, padding="same", dilation=dilation)
        out[SAME_NO_STRIDE] = conv_explicit(
            x, kernel, (same_pads(h, eh, 1), same_pads(w, ew, 1)), **conv)
    if max(dh, dw) > 1:
        out[DILATION_IGNORED] = keras_conv2d(x, kernel, bias, strides=strides, padding="same")
        out[SAME_UNDILATED] = conv_explicit(x, kernel, (same_pads(h, kh, sh),
                                                        same_pads(w, kw, sw)), **conv)
    out.update(common_mistakes(x, kernel, bias, want, right, strides, dilation))
    out[SAME_K_HALF] = conv_explicit(x, kernel, ((eh // 2,) * 2, (ew // 2,) * 2), **conv)
    out[SAME_K_HALF_DOWN] = conv_explicit(x, kernel, (((eh - 1) // 2,) * 2,
                                                      ((ew - 1) // 2,) * 2), **conv)
    return out


def explicit_mistakes(x, kernel, bias, want, padding, strides=1, dilation=1):
    """Mistakes for 'valid' or int padding, any stride and dilation."""
    strides, dilation = pair(strides), pair(dilation)
    p = 0 if padding == "valid" else int(padding)
    pads = ((p, p), (p, p))
    out = {}
    if p:
        out[INT_AS_SAME] = same_mistakes_value(x, kernel, bias, strides, dilation)
        out[INT_IGNORED] = conv_explicit(x, kernel, strides=strides, dilation=dilation,
                                         bias=bias)
    if max(strides) > 1:
        out[STRIDE_IGNORED] = conv_explicit(x, kernel, pads, dilation=dilation, bias=bias)
        out[STRIDES_SWAPPED] = conv_explicit(x, kernel, pads, strides[::-1], dilation, bias)
    if max(dilation) > 1:
        out[DILATION_IGNORED] = conv_explicit(x, kernel, pads, strides, bias=bias)
    out.update(common_mistakes(x, kernel, bias, want, pads, strides, dilation))
    return out


def same_mistakes_value(x, kernel, bias, strides, dilation):
    """What padding='same' gives (for the 'int treated as same' mistake)."""
    (kh, kw), (sh, sw), (dh, dw) = kernel.shape[:2], strides, dilation
    pads = (same_pads(x.shape[1], (kh - 1) * dh + 1, sh),
            same_pads(x.shape[2], (kw - 1) * dw + 1, sw))
    return conv_explicit(x, kernel, pads, strides, dilation, bias)


@memo
def conv_mistakes(x, kernel, bias, want, padding, strides=1, dilation=1):
    if padding == "same":
        return same_mistakes(x, kernel, bias, want, strides, dilation)
    return explicit_mistakes(x, kernel, bias, want, padding, strides, dilation)


# -- conv2d: tests ------------------------------------------------------------

@pytest.mark.points(2)
def test_conv2d_valid_channels_and_bias(student, credit):
    """Stride 1, 'valid': several input and output channels, batch > 1, bias or not."""
    rng = grader_rng("conv2d_valid")
    for i in range(20):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(1, 5, 2))
            ci = int(rng.integers(2, 5)) if i < 10 else int(rng.integers(1, 5))
            co = int(rng.integers(1, 5))
            x = rand(rng, rng.integers(1, 4), kh + rng.integers(0, 5), kw + rng.integers(0, 5), ci)
            kernel = rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if i < 10 or rng.random() < 0.5 else None
            want = keras_conv2d(x, kernel, bias, built=True)  # a real, built layer
            got = conv_call(student, x, kernel, bias, rng)
            check(student, got, want, conv_mistakes, x, kernel, bias, want, "valid", tol=TOL)


@pytest.mark.points(1)
def test_conv2d_strides_non_square(student, credit):
    rng = grader_rng("conv2d_strides")
    for _ in range(18):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(1, 4, 2))
            sh, sw = (int(v) for v in rng.integers(1, 4, 2))
            if sh == sw:
                sw = sh % 3 + 1
            h, w = kh + sh + int(rng.integers(0, 6)), kw + sw + int(rng.integers(0, 6))
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            x, kernel = rand(rng, 2, h, w, ci), rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            strides = (sh, sw)
            want = keras_conv2d(x, kernel, bias, strides=strides)
            got = conv_call(student, x, kernel, bias, rng, stride=strides)
            check(student, got, want, conv_mistakes, x, kernel, bias, want, "valid", strides,
                  tol=TOL)


@pytest.mark.points(2)
def test_conv2d_same_padding_even_total_and_asymmetric(student, credit):
    """Stride 1: odd kernels (even total, split evenly) and even kernels (odd
    total: the extra zero goes bottom/right)."""
    rng = grader_rng("conv2d_same")
    for i in range(20):
        with credit.case():
            if i % 2 == 0:  # at least one even kernel side: an odd total
                kh, kw = int(rng.choice([2, 4])), int(rng.integers(1, 6))
                if rng.random() < 0.5:
                    kh, kw = kw, kh
            else:  # odd sides: an even total
                kh, kw = (int(v) for v in rng.choice([1, 3, 5], 2))
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            x = rand(rng, rng.integers(1, 3), rng.integers(3, 9), rng.integers(3, 9), ci)
            kernel = rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            want = keras_conv2d(x, kernel, bias, padding="same")
            got = conv_call(student, x, kernel, bias, rng, padding="same")
            check(student, got, want, conv_mistakes, x, kernel, bias, want, "same", tol=TOL)


@pytest.mark.points(1)
def test_conv2d_same_padding_with_strides(student, credit):
    rng = grader_rng("conv2d_same_strides")
    for _ in range(18):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(1, 6, 2))
            sh, sw = (int(v) for v in rng.integers(1, 4, 2))
            if sh == sw == 1:
                sh = 2
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            x = rand(rng, rng.integers(1, 3), rng.integers(3, 11), rng.integers(3, 11), ci)
            kernel = rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            strides = (sh, sw)
            want = keras_conv2d(x, kernel, bias, strides=strides, padding="same")
            got = conv_call(student, x, kernel, bias, rng, stride=strides, padding="same")
            check(student, got, want, conv_mistakes, x, kernel, bias, want, "same", strides,
                  tol=TOL)


@pytest.mark.points(1)
def test_conv2d_dilation(student, credit):
    rng = grader_rng("conv2d_dilation")
    for i in range(16):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(2, 4, 2))
            dh, dw = (int(v) for v in rng.integers(1, 4, 2))
            if dh == dw == 1:
                dw = 2
            padding = "valid" if i % 2 == 0 else "same"
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            h = (kh - 1) * dh + 1 + int(rng.integers(0, 4))
            w = (kw - 1) * dw + 1 + int(rng.integers(0, 4))
            x, kernel = rand(rng, rng.integers(1, 3), h, w, ci), rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            dilation = (dh, dw)
            want = keras_conv2d(x, kernel, bias, padding=padding, dilation=dilation)
            got = conv_call(student, x, kernel, bias, rng, padding=padding, dilation=dilation)
            check(student, got, want, conv_mistakes, x, kernel, bias, want, padding, 1,
                  dilation, tol=TOL)


@pytest.mark.points(2)
def test_conv2d_stride_dilation_padding_combined(student, credit):
    """Stride > 1 and dilation > 1 together, with 'same', int or 'valid' padding."""
    rng = grader_rng("conv2d_combined")
    for i in range(20):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(1, 4, 2))
            kh = max(kh, 2)
            sh, sw = (int(v) for v in rng.integers(1, 4, 2))
            dh, dw = (int(v) for v in rng.integers(1, 4, 2))
            sh, dh = max(sh, 2), max(dh, 2)
            padding = ["same", int(rng.integers(1, 3)), "valid"][i % 3]
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            h = (kh - 1) * dh + 1 + int(rng.integers(0, 6))
            w = (kw - 1) * dw + 1 + int(rng.integers(0, 6))
            x, kernel = rand(rng, rng.integers(1, 3), h, w, ci), rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            strides, dilation = (sh, sw), (dh, dw)
            want = keras_conv2d(x, kernel, bias, strides=strides, padding=padding,
                                dilation=dilation)
            got = conv_call(student, x, kernel, bias, rng, stride=strides, padding=padding,
                            dilation=dilation)
            check(student, got, want, conv_mistakes, x, kernel, bias, want, padding, strides,
                  dilation, tol=TOL)


@pytest.mark.points(1)
def test_conv2d_int_padding(student, credit):
    """An int p: p zeros on every side, then a valid convolution (ZeroPadding2D + Conv2D)."""
    rng = grader_rng("conv2d_int_padding")
    for _ in range(16):
        with credit.case():
            kh, kw = (int(v) for v in rng.integers(1, 6, 2))
            p = int(rng.integers(1, 4))
            strides = tuple(int(v) for v in rng.integers(1, 3, 2))
            ci, co = (int(v) for v in rng.integers(1, 4, 2))
            x = rand(rng, rng.integers(1, 3), rng.integers(kh, kh + 5), rng.integers(kw, kw + 5),
                     ci)
            kernel = rand(rng, kh, kw, ci, co)
            bias = rand(rng, co) if rng.random() < 0.5 else None
            want = keras_conv2d(x, kernel, bias, strides=strides, padding=p)
            got = conv_call(student, x, kernel, bias, rng, stride=strides, padding=p)
            check(student, got, want, conv_mistakes, x, kernel, bias, want, p, strides, tol=TOL)


# -- convolve2d ----------------------------------------------------------------

@memo
def scipy_convolve2d(image, kernel, mode):
    """The expected value: scipy.signal.convolve2d."""
    return scipy.signal.convolve2d(image, kernel, mode)


@memo
def convolve_mistakes(image, kernel, mode):
    conv = scipy.signal.convolve2d
    out = {}
    if mode == "same":
        h, w = image.shape
        kh, kw = kernel.shape
        full = conv(image, kernel, "full")
        out[SAME_CROP] = full[kh // 2:kh // 2 + h, kw // 2:kw // 2 + w]
    out[NOT_FLIPPED] = conv(image, kernel[::-1, ::-1], mode)
    if mode == "same":
        out[NOT_FLIPPED_SAME] = scipy.signal.correlate2d(image, kernel, mode)
    out[UPDOWN_ONLY] = conv(image, kernel[::-1, :], mode)
    out[LEFTRIGHT_ONLY] = conv(image, kernel[:, ::-1], mode)
    if mode != "valid" or all(k <= n for k, n in zip(kernel.T.shape, image.shape)):
        out[TRANSPOSED] = conv(image, kernel.T[::-1, ::-1], mode)
    return out


@pytest.mark.points(2)
def test_convolve2d_full_and_valid(student, credit):
    rng = grader_rng("convolve2d")
    for i in range(30):
        with credit.case():
            h, w = (int(v) for v in rng.integers(2, 9, 2))
            kh, kw = min(int(rng.integers(2, h + 1)), 5), min(int(rng.integers(2, w + 1)), 5)
            image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
            mode = "full" if i % 2 == 0 else "valid"
            want = scipy_convolve2d(image, kernel, mode)
            if i % 4 == 0:  # the default mode is 'full'
                got = student.convolve2d(image, kernel)
            else:
                got = student.convolve2d(image, kernel, mode)
            check(student, got, want, convolve_mistakes, image, kernel, mode)


@pytest.mark.points(1)
def test_convolve2d_same_mode(student, credit):
    """'same' with odd and even kernels, some larger than the image."""
    rng = grader_rng("convolve2d_same")
    for i in range(20):
        with credit.case():
            h, w = (int(v) for v in rng.integers(2, 9, 2))
            kh, kw = (int(v) for v in rng.integers(1, 7, 2))
            if i % 2 == 0:
                kh = int(rng.choice([2, 4, 6]))
            image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
            want = scipy_convolve2d(image, kernel, "same")
            got = student.convolve2d(image, kernel, mode="same")
            check(student, got, want, convolve_mistakes, image, kernel, "same")


# -- pooling --------------------------------------------------------------------

OPS = {"max": keras.ops.max_pool, "avg": keras.ops.average_pool}
LAYERS = {"max": keras.layers.MaxPooling2D, "avg": keras.layers.AveragePooling2D}


def pool_case(rng, i, padding, pool=None):
    """One random pooling case; in every other case stride is left to its default."""
    ph, pw = pool or (int(v) for v in rng.integers(1, 4, 2))
    if ph == pw == 1:
        ph = 2
    strides = None if i % 2 == 0 else tuple(int(v) for v in rng.integers(1, 4, 2))
    lo_h, lo_w = (ph, pw) if padding == "valid" else (1, 1)
    x = rand(rng, rng.integers(1, 3), rng.integers(lo_h, 10), rng.integers(lo_w, 10),
             rng.integers(1, 4))
    return x, (ph, pw), strides


def pool_call(fn, x, pool, strides, padding, i):
    """Exercise the defaults: some calls leave out padding, stride, or pool_size (when 2)."""
    kwargs = {} if padding == "valid" and i % 3 else {"padding": padding}
    if strides is None and i % 4 == 0:
        return fn(x, **kwargs) if pool == (2, 2) else fn(x, pool, **kwargs)
    if i % 3:
        return fn(x, pool, strides, **kwargs)
    return fn(x, pool_size=pool, stride=strides, **kwargs)


@memo
def keras_pool(kind, x, pool, strides, padding):
    """The expected value: keras.layers.MaxPooling2D or AveragePooling2D."""
    return np.asarray(LAYERS[kind](pool, strides, padding)(x))


@memo
def try_pool(kind, x, pool, strides, padding):
    if padding == "valid" and (x.shape[1] < pool[0] or x.shape[2] < pool[1]):
        return None
    return np.asarray(OPS[kind](x, pool, strides=strides, padding=padding))


@memo
def pool_mistakes(kind, x, pool, strides, padding):
    """Values of the usual pooling mistakes for one case (keras.ops pooling)."""
    stride = pool if strides is None else strides
    out = {}
    if padding == "same":
        pads = [same_pads(n, p, s) for n, p, s in zip(x.shape[1:3], pool, stride)]
        xp = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))  # zeros, counted as pixels
        out[MAX_ZERO_PAD if kind == "max" else AVG_FULL_WINDOW] = try_pool(
            kind, xp, pool, stride, "valid")
    if strides is None:
        out[POOL_STRIDE_1] = try_pool(kind, x, pool, 1, padding)
    if padding == "valid":
        out[POOL_SWAPPED] = try_pool(kind, x, pool[::-1], stride[::-1], "valid")
    else:
        # The extra zero before instead of after: pool the mirrored image and
        # mirror back, on the axes whose total padding is odd.
        axes = tuple(a for a, n, p, s in zip((1, 2), x.shape[1:3], pool, stride)
                     if sum(same_pads(n, p, s)) % 2)
        if axes:
            flipped = np.ascontiguousarray(np.flip(x, axes))
            out[EXTRA_BEFORE] = np.flip(try_pool(kind, flipped, pool, stride, "same"), axes)
    return out


def run_pool_test(student, credit, kind, padding, label):
    rng = grader_rng(label)
    fn = student.max_pool2d if kind == "max" else student.avg_pool2d
    for i in range(20):
        with credit.case():
            pool = (2, 2) if padding == "valid" and i % 8 == 0 else None
            x, pool, strides = pool_case(rng, i, padding, pool)
            if kind == "max" and padding == "same":
                x = x - np.float32(1.5)  # mostly negative: padding must never win the max
            want = keras_pool(kind, x, pool, strides, padding)
            got = pool_call(fn, x, pool, strides, padding, i)
            check(student, got, want, pool_mistakes, kind, x, pool, strides, padding)


@pytest.mark.points(1)
def test_max_pool2d_valid_default_stride(student, credit):
    run_pool_test(student, credit, "max", "valid", "max_pool_valid")


@pytest.mark.points(1)
def test_max_pool2d_same_padding(student, credit):
    run_pool_test(student, credit, "max", "same", "max_pool_same")


@pytest.mark.points(1)
def test_avg_pool2d_valid_default_stride(student, credit):
    run_pool_test(student, credit, "avg", "valid", "avg_pool_valid")


@pytest.mark.points(2)
def test_avg_pool2d_same_excludes_padding(student, credit):
    run_pool_test(student, credit, "avg", "same", "avg_pool_same")
