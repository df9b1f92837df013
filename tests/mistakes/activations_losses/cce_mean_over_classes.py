"""categorical_crossentropy averaged over the classes (np.mean over everything)
instead of summed over the classes and averaged over the batch."""
import numpy as np

EXPECT_TEST = "test_categorical_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "averaged over the classes instead of summed"


def categorical_crossentropy(y_true, y_pred):
    y = np.asarray(y_true)
    p = np.clip(np.asarray(y_pred), 1e-7, 1 - 1e-7)
    return float(np.mean(-y * np.log(p)))
