"""prepare_images returns the integer labels as they are, not one-hot rows."""
import numpy as np

EXPECT_TEST = "test_prepare_images"
EXPECT_MESSAGE = "labels not one-hot"


def prepare_images(images, labels, num_classes):
    x = (np.asarray(images, dtype=np.float32) / 255.0)[..., np.newaxis]
    return x.astype(np.float32), np.asarray(labels)
