"""binary_crossentropy without clipping: a prediction of exactly 0 or 1 gives
log(0) = -inf (and 0 * -inf = NaN)."""
import numpy as np

EXPECT_TEST = "test_binary_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "log(0)"


def binary_crossentropy(y_true, y_pred):
    y, p = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
