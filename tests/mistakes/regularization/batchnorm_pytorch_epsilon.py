"""Default epsilon 1e-5 (PyTorch's BatchNorm2d) instead of Keras's 1e-3."""
import numpy as np

EXPECT_TEST = "test_batchnorm_matches_keras_2d"
EXPECT_MESSAGE = "1e-5"


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-5):
    x = np.asarray(x)
    return (gamma * (x - moving_mean) / np.sqrt(moving_var + epsilon) + beta).astype(x.dtype)
