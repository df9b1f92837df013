"""prepare_image builds a float64 array (img_to_array(..., dtype="float64"))."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "float64"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    batch = keras.utils.img_to_array(image, dtype="float64")[np.newaxis]
    return preprocess_input(batch)
