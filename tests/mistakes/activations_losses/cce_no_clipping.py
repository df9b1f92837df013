"""categorical_crossentropy without clipping: log(0) for a class predicted with
probability exactly 0 (and 0 * -inf = NaN)."""
import numpy as np

EXPECT_TEST = "test_categorical_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "log(0)"


def categorical_crossentropy(y_true, y_pred):
    y, p = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))
