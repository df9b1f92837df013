"""prepare_images forgets to divide the grey levels by 255: x holds 0-255."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_images"
EXPECT_MESSAGE = "not divided by 255"


def prepare_images(images, labels, num_classes):
    x = np.asarray(images, dtype=np.float32)[..., np.newaxis]
    y = keras.utils.to_categorical(labels, num_classes).astype(np.float32)
    return x, y
