"""Naive softmax without subtracting the maximum: exp(1000) overflows to inf and
inf / inf gives NaN."""
import numpy as np

EXPECT_TEST = "test_softmax_is_stable_for_extreme_inputs"
EXPECT_MESSAGE = "numerically unstable"


def softmax(x, axis=-1):
    e = np.exp(np.asarray(x))
    return e / np.sum(e, axis=axis, keepdims=True)
