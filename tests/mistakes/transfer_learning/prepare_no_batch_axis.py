"""prepare_image returns (height, width, 3): no batch axis."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "no batch axis"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    return np.asarray(preprocess_input(keras.utils.img_to_array(image)), dtype=np.float32)
