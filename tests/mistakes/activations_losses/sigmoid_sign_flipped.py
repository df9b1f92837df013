"""Sigmoid with the sign flipped: 1 / (1 + exp(x)), which is sigmoid(-x)."""
import numpy as np

EXPECT_TEST = "test_sigmoid_matches_keras_including_extremes"
EXPECT_MESSAGE = "sign is flipped"


def sigmoid(x):
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))
