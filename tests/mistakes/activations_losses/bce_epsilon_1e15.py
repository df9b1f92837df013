"""binary_crossentropy clipped with epsilon 1e-15 (scikit-learn's old log_loss
default) instead of Keras's keras.config.epsilon() = 1e-7."""
import numpy as np

EXPECT_TEST = "test_binary_crossentropy_matches_keras_with_clipping"
EXPECT_MESSAGE = "different epsilon"


def binary_crossentropy(y_true, y_pred):
    eps = 1e-15
    y = np.asarray(y_true, dtype=np.float64)
    p = np.clip(np.asarray(y_pred, dtype=np.float64), eps, 1 - eps)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
