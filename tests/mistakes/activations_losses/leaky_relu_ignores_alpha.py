"""leaky_relu with the slope hard-coded to 0.2: the alpha argument is ignored."""
import numpy as np

EXPECT_TEST = "test_relu_and_leaky_relu_match_keras"
EXPECT_MESSAGE = "alpha argument is ignored"


def leaky_relu(x, alpha=0.2):
    x = np.asarray(x)
    return np.where(x > 0, x, 0.2 * x)
