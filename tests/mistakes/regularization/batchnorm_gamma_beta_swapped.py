"""Uses beta as the scale and gamma as the offset."""
import numpy as np

EXPECT_TEST = "test_batchnorm_matches_keras_2d"
EXPECT_MESSAGE = "swapped"


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    return (beta * (x - moving_mean) / np.sqrt(moving_var + epsilon) + gamma).astype(x.dtype)
