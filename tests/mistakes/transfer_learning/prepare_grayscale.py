"""prepare_image loads every image in greyscale (color_mode="grayscale"): one channel."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "loaded in greyscale"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="grayscale")
    batch = keras.utils.img_to_array(image)[np.newaxis]
    return np.asarray(preprocess_input(batch), dtype=np.float32)
