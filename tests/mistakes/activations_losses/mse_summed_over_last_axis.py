"""mse sums the squared errors of a sample over its outputs, then averages over the
batch (Keras averages over the outputs too)."""
import numpy as np

EXPECT_TEST = "test_mse_matches_keras"
EXPECT_MESSAGE = "summed over the last axis"


def mse(y_true, y_pred):
    sq = (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2
    if sq.ndim == 1:
        return float(np.mean(sq))
    return float(np.mean(np.sum(sq, axis=-1)))
