"""prepare_image never calls preprocess_input: pixels stay 0-255."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "preprocess_input was not applied"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    return keras.utils.img_to_array(image, dtype="float32")[np.newaxis]
