"""binary_crossentropy without the (1 - y) * log(1 - p) term: only the positive
examples count."""
import numpy as np

EXPECT_TEST = "test_binary_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "(1 - y) * log(1 - p) term is missing"


def binary_crossentropy(y_true, y_pred):
    y = np.asarray(y_true)
    p = np.clip(np.asarray(y_pred), 1e-7, 1 - 1e-7)
    return float(np.mean(-y * np.log(p)))
