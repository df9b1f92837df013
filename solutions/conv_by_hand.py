"""Convolution and pooling by hand, checked against Keras.

In this topic you write, in plain NumPy, what ``keras.layers.Conv2D``,
``MaxPooling2D`` and ``AveragePooling2D`` compute, plus the textbook "true"
2-D convolution of ``scipy.signal.convolve2d``. The graders feed your
functions random shapes, kernels, strides, paddings and dilations and compare
the results with Keras and SciPy themselves, so aim for the general rule, not
for a few examples.

Conventions (the same as Keras's default ``data_format="channels_last"``):

- a batch of images is an array ``x`` of shape ``(N, H, W, C)``;
- a convolution kernel has shape ``(kh, kw, C_in, C_out)`` (what
  ``Conv2D.get_weights()[0]`` returns) and a bias has shape ``(C_out,)``;
- ``stride``, ``dilation`` and ``pool_size`` accept an int (the same for
  both axes) or a pair ``(for H, for W)``;
- ``padding`` is ``"valid"`` (no padding), ``"same"`` or, for ``conv2d``, an
  int ``p`` (``p`` zeros on every side; Keras has no such option, it is what
  ``ZeroPadding2D(p)`` followed by a ``"valid"`` ``Conv2D`` does).

Things worth knowing before you start:

1. What deep-learning libraries call "convolution" is a *cross-correlation*:
   the kernel is slid over the image **without** being flipped. The
   mathematical convolution (``convolve2d`` below, and
   ``scipy.signal.convolve2d``) flips the kernel in both axes first.
2. Along one axis of length ``n``, a kernel of size ``k`` with dilation ``d``
   covers ``k_eff = (k - 1) * d + 1`` pixels (``d - 1`` holes between taps).
   With stride ``s`` and ``"valid"`` padding the output length is
   ``(n - k_eff) // s + 1``.
3. ``"same"`` gives an output length of ``ceil(n / s)``. Keras pads just
   enough zeros for that: ``total = max((ceil(n / s) - 1) * s + k_eff - n, 0)``,
   ``total // 2`` before (top/left) and the rest after (bottom/right). So when
   ``total`` is odd the extra zero goes **after**.
4. Pooling uses the same output-length rules with ``pool_size`` in place of
   the kernel; its stride defaults to ``pool_size`` (non-overlapping windows),
   not to 1. With ``"same"`` padding, max pooling never picks a padded value
   (as if the padding were ``-inf``) and average pooling divides by the number
   of *real* pixels in each window, not by the window size.

Worked example (a public check): the 5x5 image ::

    [[1, 2, 3, 0, 1],
     [0, 1, 4, 2, 3],
     [2, 0, 3, 1, 0],
     [1, 3, 2, 4, 1],
     [0, 2, 1, 3, 2]]

cross-correlated (as ``conv2d`` / Keras does, ``"valid"``, stride 1) with the
3x3 vertical-edge kernel ``[[1, 0, -1], [1, 0, -1], [1, 0, -1]]`` gives a 3x3
output whose first value is ``(1 + 0 + 2) - (3 + 4 + 3) = -7``.

Older tutorials build these layers with Keras 1/2 names
(``Convolution2D(nb_filter, nb_row, nb_col, border_mode=..., subsample=...)``,
``MaxPooling2D(pool_size, strides, border_mode=...)``, ``dim_ordering="th"``
for channels-first). In Keras 3 they are ``Conv2D(filters, kernel_size,
strides=..., padding=..., dilation_rate=...)`` and ``MaxPooling2D(pool_size,
strides=..., padding=...)``, channels-last by default. Use only NumPy (and
SciPy if you like) in this module: the point is to compute it yourself.
"""

import numpy as np


def zero_pad(x, pad):
    """Pad a batch of images with zeros along height and width only.

    Args:
        x: array of shape ``(N, H, W, C)``.
        pad: an int ``p`` (``p`` zeros on every side) or
            ``((top, bottom), (left, right))``. A pair of ints ``(ph, pw)``
            (symmetric per axis, as in ``keras.layers.ZeroPadding2D``) is
            accepted too.

    Returns:
        Array of shape ``(N, H + top + bottom, W + left + right, C)`` and the
        dtype of ``x``; the batch and channel axes are not padded.

    Example:
        >>> zero_pad(np.ones((1, 2, 2, 1)), 1)[0, :, :, 0]
        array([[0., 0., 0., 0.],
               [0., 1., 1., 0.],
               [0., 1., 1., 0.],
               [0., 0., 0., 0.]])
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    if np.ndim(pad) == 0:
        (top, bottom), (left, right) = (pad, pad), (pad, pad)
    else:
        rows, cols = pad
        top, bottom = (rows, rows) if np.ndim(rows) == 0 else rows
        left, right = (cols, cols) if np.ndim(cols) == 0 else cols
    widths = ((0, 0), (int(top), int(bottom)), (int(left), int(right)), (0, 0))
    return np.pad(x, widths, mode="constant", constant_values=0)
    ### END SOLUTION


def conv2d(x, kernel, bias=None, stride=1, padding="valid", dilation=1):
    """What ``keras.layers.Conv2D`` computes, in NumPy.

    ``out[n, i, j, o] = bias[o] + sum over (a, b, c) of
    x_padded[n, i*sh + a*dh, j*sw + b*dw, c] * kernel[a, b, c, o]``
    (a cross-correlation: the kernel is not flipped).

    Args:
        x: input batch, shape ``(N, H, W, C_in)``.
        kernel: weights, shape ``(kh, kw, C_in, C_out)``.
        bias: ``None`` (no bias) or an array of shape ``(C_out,)``.
        stride: int or ``(sh, sw)``.
        padding: ``"valid"``, ``"same"`` (Keras's split: the extra zero of an
            odd total goes bottom/right) or an int ``p`` (``p`` zeros on every
            side, then a valid convolution).
        dilation: int or ``(dh, dw)``: the spacing between kernel taps.

    Returns:
        Float array of shape ``(N, Ho, Wo, C_out)``.

    Example:
        For ``x`` of shape ``(2, 7, 6, 3)`` and a ``(3, 2, 3, 4)`` kernel,
        ``conv2d(x, k, stride=2, padding="same").shape == (2, 4, 3, 4)``.
    """
    ### BEGIN SOLUTION
    def pair(v):
        return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))

    x = np.asarray(x)
    kernel = np.asarray(kernel)
    kh, kw = kernel.shape[:2]
    sh, sw = pair(stride)
    dh, dw = pair(dilation)
    eff_h, eff_w = (kh - 1) * dh + 1, (kw - 1) * dw + 1

    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            pads = ((0, 0), (0, 0))
        elif mode == "same":
            pads = []
            for n, s, k_eff in ((x.shape[1], sh, eff_h), (x.shape[2], sw, eff_w)):
                out = -(-n // s)  # ceil(n / s)
                total = max((out - 1) * s + k_eff - n, 0)
                pads.append((total // 2, total - total // 2))
            pads = tuple(pads)
        else:
            raise ValueError(f"padding must be 'valid', 'same' or an int, got {padding!r}")
    else:
        pads = ((int(padding), int(padding)), (int(padding), int(padding)))
    xp = zero_pad(x, pads)

    ho = (xp.shape[1] - eff_h) // sh + 1
    wo = (xp.shape[2] - eff_w) // sw + 1
    dtype = np.result_type(x.dtype, kernel.dtype, np.float32)
    out = np.zeros((x.shape[0], ho, wo, kernel.shape[3]), dtype=np.float64)
    for a in range(kh):
        for b in range(kw):
            r0, c0 = a * dh, b * dw
            # Every output pixel's input for kernel tap (a, b), all at once.
            patch = xp[:, r0:r0 + (ho - 1) * sh + 1:sh, c0:c0 + (wo - 1) * sw + 1:sw, :]
            out += np.tensordot(patch, kernel[a, b], axes=([3], [0]))  # sums over C_in
    if bias is not None:
        out += np.asarray(bias).reshape(-1)
    return out.astype(dtype)
    ### END SOLUTION


def convolve2d(image, kernel, mode="full"):
    """True 2-D convolution of two 2-D arrays, like ``scipy.signal.convolve2d``.

    ``full[i, j] = sum over (a, b) of image[i - a, j - b] * kernel[a, b]``
    (zero outside the image): the kernel is flipped in both axes, unlike in
    ``conv2d``.

    Args:
        image: 2-D array ``(H, W)``.
        kernel: 2-D array ``(kh, kw)``.
        mode: ``"full"`` (every overlap, shape ``(H + kh - 1, W + kw - 1)``),
            ``"valid"`` (only where the kernel fits inside the image, shape
            ``(H - kh + 1, W - kw + 1)``; the kernel is at most as large as
            the image) or ``"same"`` (shape ``(H, W)``, the centre of
            ``"full"``: rows ``(kh - 1) // 2`` to ``(kh - 1) // 2 + H``, and
            likewise for columns).

    Returns:
        2-D float array.

    Example:
        >>> convolve2d(np.array([[1, 2], [3, 4]]), np.array([[0, 1]]))
        array([[0., 1., 2.],
               [0., 3., 4.]])
    """
    ### BEGIN SOLUTION
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    h, w = image.shape
    kh, kw = kernel.shape
    flipped = kernel[::-1, ::-1]
    padded = np.pad(image, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    full = np.zeros((h + kh - 1, w + kw - 1))
    for a in range(kh):
        for b in range(kw):
            full += flipped[a, b] * padded[a:a + h + kh - 1, b:b + w + kw - 1]
    if mode == "full":
        return full
    if mode == "valid":
        return full[kh - 1:h, kw - 1:w]
    if mode == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        return full[top:top + h, left:left + w]
    raise ValueError(f"mode must be 'full', 'valid' or 'same', got {mode!r}")
    ### END SOLUTION


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    """What ``keras.layers.MaxPooling2D`` computes, in NumPy.

    Args:
        x: input batch, shape ``(N, H, W, C)``; each channel is pooled on its own.
        pool_size: int or ``(ph, pw)``: the window.
        stride: int, ``(sh, sw)`` or ``None``; ``None`` means ``pool_size``
            (non-overlapping windows), as in Keras.
        padding: ``"valid"`` (only full windows) or ``"same"`` (output
            ``ceil(H / sh)`` by ``ceil(W / sw)``, padded as in ``conv2d``;
            padded positions never win the max).

    Returns:
        Array of shape ``(N, Ho, Wo, C)``.

    Example:
        For ``x`` of shape ``(1, 5, 5, 1)``: ``max_pool2d(x).shape`` is
        ``(1, 2, 2, 1)`` and ``max_pool2d(x, padding="same").shape`` is
        ``(1, 3, 3, 1)``.
    """
    ### BEGIN SOLUTION
    def pair(v):
        return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))

    x = np.asarray(x, dtype=np.result_type(np.asarray(x).dtype, np.float32))
    ph, pw = pair(pool_size)
    sh, sw = pair(pool_size if stride is None else stride)
    mode = padding.lower()
    if mode == "same":
        pads = []
        for n, s, p in ((x.shape[1], sh, ph), (x.shape[2], sw, pw)):
            total = max((-(-n // s) - 1) * s + p - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=-np.inf)
    elif mode != "valid":
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    ho = (x.shape[1] - ph) // sh + 1
    wo = (x.shape[2] - pw) // sw + 1
    out = np.full((x.shape[0], ho, wo, x.shape[3]), -np.inf, dtype=x.dtype)
    for a in range(ph):
        for b in range(pw):
            window_tap = x[:, a:a + (ho - 1) * sh + 1:sh, b:b + (wo - 1) * sw + 1:sw, :]
            out = np.maximum(out, window_tap)
    return out
    ### END SOLUTION


def avg_pool2d(x, pool_size=2, stride=None, padding="valid"):
    """What ``keras.layers.AveragePooling2D`` computes, in NumPy.

    Same arguments as :func:`max_pool2d`. With ``"same"`` padding each
    output is the mean of the *real* pixels in its window: padded zeros are
    not counted (a corner window that overlaps the padding averages fewer
    values).

    Returns:
        Float array of shape ``(N, Ho, Wo, C)``.

    Example:
        >>> x = np.arange(9.0).reshape(1, 3, 3, 1)
        >>> avg_pool2d(x, padding="same")[0, :, :, 0]
        array([[2. , 3.5],
               [6.5, 8. ]])
    """
    ### BEGIN SOLUTION
    def pair(v):
        return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))

    x = np.asarray(x, dtype=np.result_type(np.asarray(x).dtype, np.float32))
    ph, pw = pair(pool_size)
    sh, sw = pair(pool_size if stride is None else stride)
    mode = padding.lower()
    ones = np.ones((1,) + x.shape[1:3] + (1,), dtype=x.dtype)  # marks real pixels
    if mode == "same":
        pads = []
        for n, s, p in ((x.shape[1], sh, ph), (x.shape[2], sw, pw)):
            total = max((-(-n // s) - 1) * s + p - n, 0)
            pads.append((total // 2, total - total // 2))
        widths = ((0, 0), pads[0], pads[1], (0, 0))
        x, ones = np.pad(x, widths), np.pad(ones, widths)
    elif mode != "valid":
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    ho = (x.shape[1] - ph) // sh + 1
    wo = (x.shape[2] - pw) // sw + 1
    total = np.zeros((x.shape[0], ho, wo, x.shape[3]), dtype=np.float64)
    count = np.zeros((1, ho, wo, 1), dtype=np.float64)
    for a in range(ph):
        for b in range(pw):
            rows = slice(a, a + (ho - 1) * sh + 1, sh)
            cols = slice(b, b + (wo - 1) * sw + 1, sw)
            total += x[:, rows, cols, :]
            count += ones[:, rows, cols, :]
    return (total / count).astype(x.dtype)
    ### END SOLUTION
