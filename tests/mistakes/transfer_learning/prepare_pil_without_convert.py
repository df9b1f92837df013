"""prepare_image reads the file with PIL and never converts it to RGB: an RGBA image keeps its
alpha channel (and greyscale or palette images keep one channel)."""
import numpy as np
from PIL import Image

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "alpha channel"


def prepare_image(path, target_size, preprocess_input):
    image = Image.open(path).resize((target_size[1], target_size[0]), Image.NEAREST)
    batch = np.asarray(image, dtype=np.float32)[np.newaxis]
    return np.asarray(preprocess_input(batch), dtype=np.float32)
