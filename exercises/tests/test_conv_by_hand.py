"""Public self-checks for 03 conv_by_hand: a few textbook cases, worked by hand.

Passing these does not mean the hidden graders pass: they compare your
functions with Keras and SciPy on many random shapes, strides, paddings and
dilations.
"""

import numpy as np

from dlkit.testing import expect

IMAGE = np.array([[1, 2, 3, 0, 1],
                  [0, 1, 4, 2, 3],
                  [2, 0, 3, 1, 0],
                  [1, 3, 2, 4, 1],
                  [0, 2, 1, 3, 2]], dtype=np.float32)
EDGE = np.array([[1, 0, -1],
                 [1, 0, -1],
                 [1, 0, -1]], dtype=np.float32)


def test_zero_pad_textbook(student):
    x = np.ones((2, 2, 2, 3), dtype=np.float32)
    got = student.zero_pad(x, 1)
    want = np.zeros((2, 4, 4, 3), dtype=np.float32)
    want[:, 1:3, 1:3, :] = 1
    expect.array(got, want, call=student.last_call)

    x = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)
    got = student.zero_pad(x, ((1, 0), (0, 2)))
    want = np.array([[0, 0, 0, 0],
                     [0, 1, 0, 0],
                     [2, 3, 0, 0]], dtype=np.float32).reshape(1, 3, 4, 1)
    expect.array(got, want, call=student.last_call)


def test_conv2d_worked_example(student):
    """The seeds' worked example: vertical-edge kernel, 'valid', stride 1."""
    x = IMAGE.reshape(1, 5, 5, 1)
    kernel = EDGE.reshape(3, 3, 1, 1)
    got = student.conv2d(x, kernel)
    want = np.array([[-7, 0, 6],
                     [-6, -3, 5],
                     [-3, -3, 3]], dtype=np.float32).reshape(1, 3, 3, 1)
    expect.array(got, want, call=student.last_call, rtol=1e-4, atol=1e-4, mistakes={
        "kernel flipped: Conv2D computes a cross-correlation, the kernel is not flipped": -want,
    })


def test_conv2d_same_stride_bias(student):
    """'same' with stride 2 on a 5x5 image: 3x3 output; the bias is added everywhere."""
    x = IMAGE.reshape(1, 5, 5, 1)
    kernel = np.ones((3, 3, 1, 1), dtype=np.float32)
    got = student.conv2d(x, kernel, bias=np.array([10], dtype=np.float32), stride=2,
                         padding="same")
    # total padding 2 (one zero each side): 3x3 window sums around rows/cols 0, 2, 4
    want = np.array([[4, 12, 6],
                     [7, 20, 11],
                     [6, 15, 10]], dtype=np.float32).reshape(1, 3, 3, 1) + 10
    expect.array(got, want, call=student.last_call, rtol=1e-4, atol=1e-4)


def test_conv2d_sums_over_input_channels(student):
    x = np.stack([np.ones((3, 3)), 2 * np.ones((3, 3))], axis=-1)[None].astype(np.float32)
    kernel = np.ones((2, 2, 2, 1), dtype=np.float32)
    got = student.conv2d(x, kernel)
    want = np.full((1, 2, 2, 1), 4 * 1 + 4 * 2, dtype=np.float32)
    expect.array(got, want, call=student.last_call, rtol=1e-4, atol=1e-4)


def test_convolve2d_flips_the_kernel(student):
    image = np.array([[1, 2], [3, 4]], dtype=float)
    kernel = np.array([[0, 1]], dtype=float)
    got = student.convolve2d(image, kernel)
    want = np.array([[0, 1, 2], [0, 3, 4]], dtype=float)
    expect.array(got, want, call=student.last_call, mistakes={
        "kernel not flipped: this is cross-correlation, not convolution":
            np.array([[1, 2, 0], [3, 4, 0]], dtype=float),
    })

    got = student.convolve2d(IMAGE, EDGE, mode="valid")
    want = -np.array([[-7, 0, 6], [-6, -3, 5], [-3, -3, 3]], dtype=float)
    expect.array(got, want, call=student.last_call, mistakes={
        "kernel not flipped: this is cross-correlation, not convolution": -want,
    })

    got = student.convolve2d(np.arange(9.0).reshape(3, 3), np.array([[1.0, 1.0]]), mode="same")
    want = np.array([[0, 1, 3], [3, 7, 9], [6, 13, 15]], dtype=float)
    expect.array(got, want, call=student.last_call)


def test_max_pool2d_textbook(student):
    x = np.array([[1, 3, 2, 1],
                  [4, 2, 0, 1],
                  [5, 1, 3, 2],
                  [0, 6, 1, 4]], dtype=np.float32).reshape(1, 4, 4, 1)
    got = student.max_pool2d(x)
    want = np.array([[4, 2], [6, 4]], dtype=np.float32).reshape(1, 2, 2, 1)
    expect.array(got, want, call=student.last_call)

    # 'same' on a 3x3 all-non-positive image: the border windows must not see padded zeros
    got = student.max_pool2d(-x[:, :3, :3], 2, padding="same")
    want = np.array([[-1, 0], [-1, -3]], dtype=np.float32).reshape(1, 2, 2, 1)
    expect.array(got, want, call=student.last_call, mistakes={
        "'same' padded with zeros: padded positions must never win the max (pad with -inf)":
            np.array([[-1, 0], [0, 0]], dtype=np.float32).reshape(1, 2, 2, 1),
    })


def test_avg_pool2d_textbook(student):
    x = np.array([[1, 3, 2, 1],
                  [4, 2, 0, 1],
                  [5, 1, 3, 2],
                  [0, 6, 1, 4]], dtype=np.float32).reshape(1, 4, 4, 1)
    got = student.avg_pool2d(x)
    want = np.array([[2.5, 1.0], [3.0, 2.5]], dtype=np.float32).reshape(1, 2, 2, 1)
    expect.array(got, want, call=student.last_call)

    x = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    got = student.avg_pool2d(x, padding="same")
    want = np.array([[2.0, 3.5], [6.5, 8.0]], dtype=np.float32).reshape(1, 2, 2, 1)
    expect.array(got, want, call=student.last_call, mistakes={
        "divided by the full window size: Keras averages only the real pixels": np.array(
            [[2.0, 1.75], [3.25, 2.0]], dtype=np.float32).reshape(1, 2, 2, 1),
    })
