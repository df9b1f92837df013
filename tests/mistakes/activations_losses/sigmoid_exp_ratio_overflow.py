"""Sigmoid written as exp(x) / (1 + exp(x)): at x = 1000 this is inf / inf = NaN."""
import numpy as np

EXPECT_TEST = "test_sigmoid_matches_keras_including_extremes"
EXPECT_MESSAGE = "numerically unstable"


def sigmoid(x):
    e = np.exp(np.asarray(x))
    return e / (1 + e)
