"""predict_classes returns the class indices as floats."""
import numpy as np

EXPECT_TEST = "test_predict_classes"
EXPECT_MESSAGE = "expected ints"


def predict_classes(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=-1).astype(np.float32)
