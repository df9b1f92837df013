"""mae without the absolute value: positive and negative errors cancel out."""
import numpy as np

EXPECT_TEST = "test_mae_matches_keras"
EXPECT_MESSAGE = "forgot the absolute value"


def mae(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) - np.asarray(y_pred)))
