"""prepare_image scales to [0, 1] by dividing by 255 instead of the network's preprocess_input."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "divided by 255 instead of calling preprocess_input"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    return (keras.utils.img_to_array(image, dtype="float32") / 255.0)[np.newaxis]
