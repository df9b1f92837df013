"""leaky_relu with the textbook default slope 0.01 instead of 0.2 (Keras's
keras.activations.leaky_relu default)."""
import numpy as np

EXPECT_TEST = "test_relu_and_leaky_relu_match_keras"
EXPECT_MESSAGE = "wrong default alpha"


def leaky_relu(x, alpha=0.01):
    x = np.asarray(x)
    return np.where(x > 0, x, alpha * x)
