"""Softmax normalised over the whole array (np.sum without axis) instead of along
the axis."""
import numpy as np

EXPECT_TEST = "test_softmax_matches_keras_on_every_axis"
EXPECT_MESSAGE = "whole array"


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
