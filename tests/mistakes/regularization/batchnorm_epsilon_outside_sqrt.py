"""Adds epsilon to the standard deviation instead of the variance."""
import numpy as np

EXPECT_TEST = "test_batchnorm_matches_keras_2d"
EXPECT_MESSAGE = "outside the square root"


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    return (gamma * (x - moving_mean) / (np.sqrt(moving_var) + epsilon) + beta).astype(x.dtype)
