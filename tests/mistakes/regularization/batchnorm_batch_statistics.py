"""Normalises with the batch's own mean and variance (training mode) instead of
the moving statistics."""
import numpy as np

EXPECT_TEST = "test_batchnorm_matches_keras_2d"
EXPECT_MESSAGE = "batch statistics"


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    axes = tuple(range(x.ndim - 1))
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    return (gamma * (x - mean) / np.sqrt(var + epsilon) + beta).astype(x.dtype)
