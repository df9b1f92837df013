"""prepare_images scales the images but leaves them (N, H, W): no channel axis for Conv2D."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_images"
EXPECT_MESSAGE = "no channel axis"


def prepare_images(images, labels, num_classes):
    x = np.asarray(images, dtype=np.float32) / 255.0
    y = keras.utils.to_categorical(labels, num_classes).astype(np.float32)
    return x.astype(np.float32), y
