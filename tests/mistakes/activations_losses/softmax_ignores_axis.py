"""Softmax always normalised over the last axis: the axis argument is ignored."""
import numpy as np

EXPECT_TEST = "test_softmax_matches_keras_on_every_axis"
EXPECT_MESSAGE = "wrong axis"


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
