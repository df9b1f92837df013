"""binary_crossentropy clipped with epsilon 1e-12, computed in float32: 1 - 1e-12
rounds to 1, so log(1 - p) is still log(0) at p = 1."""
import numpy as np

EXPECT_TEST = "test_binary_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "rounds to 1"


def binary_crossentropy(y_true, y_pred):
    y, p = np.asarray(y_true), np.clip(np.asarray(y_pred), 1e-12, 1 - 1e-12)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
