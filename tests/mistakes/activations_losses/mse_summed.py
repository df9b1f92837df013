"""mse sums the squared errors instead of averaging them."""
import numpy as np

EXPECT_TEST = "test_mse_matches_keras"
EXPECT_MESSAGE = "summed instead of averaged"


def mse(y_true, y_pred):
    return float(np.sum((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
