"""zero_pad with np.pad(x, pad) for an int pad: pads every axis, the batch
and channel axes included."""
import numpy as np

EXPECT_TEST = "test_zero_pad_matches_zeropadding2d"
EXPECT_MESSAGE = "batch and channel axes"


def zero_pad(x, pad):
    if isinstance(pad, int):
        return np.pad(x, pad)
    (top, bottom), (left, right) = pad
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
