"""prepare_image loads the image at its own size: target_size is never used."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "target_size ignored"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, color_mode="rgb")
    batch = keras.utils.img_to_array(image, dtype="float32")[np.newaxis]
    return np.asarray(preprocess_input(batch), dtype=np.float32)
