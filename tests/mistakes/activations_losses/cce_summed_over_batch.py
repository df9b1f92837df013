"""categorical_crossentropy summed over the batch instead of averaged."""
import numpy as np

EXPECT_TEST = "test_categorical_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "summed over the batch"


def categorical_crossentropy(y_true, y_pred):
    y = np.asarray(y_true)
    p = np.clip(np.asarray(y_pred), 1e-7, 1 - 1e-7)
    return float(-np.sum(y * np.log(p)))
