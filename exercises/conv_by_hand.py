# Exercise conv_by_hand: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check conv_by_hand`.
# (Generated from solutions/conv_by_hand.py by `dlkit build`.)
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
    # YOUR CODE HERE
    raise NotImplementedError("zero_pad is not implemented yet")


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
    # YOUR CODE HERE
    raise NotImplementedError("conv2d is not implemented yet")


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
    # YOUR CODE HERE
    raise NotImplementedError("convolve2d is not implemented yet")


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
    # YOUR CODE HERE
    raise NotImplementedError("max_pool2d is not implemented yet")


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
    # YOUR CODE HERE
    raise NotImplementedError("avg_pool2d is not implemented yet")
