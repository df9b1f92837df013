"""tanh from its definition (e^x - e^-x) / (e^x + e^-x): inf / inf = NaN at +-1000."""
import numpy as np

EXPECT_TEST = "test_tanh_matches_keras_including_extremes"
EXPECT_MESSAGE = "numerically unstable"


def tanh(x):
    x = np.asarray(x)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
