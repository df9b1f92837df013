"""Divides by sqrt(moving_var), forgetting epsilon."""
import numpy as np

EXPECT_TEST = "test_batchnorm_matches_keras_channels_last"
EXPECT_MESSAGE = "epsilon missing"


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    return (gamma * (x - moving_mean) / np.sqrt(moving_var) + beta).astype(x.dtype)
