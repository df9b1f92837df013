"""prepare_image resizes with bilinear interpolation instead of load_img's default (nearest)."""
import keras
import numpy as np

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "bilinear"


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb",
                                 interpolation="bilinear")
    batch = keras.utils.img_to_array(image, dtype="float32")[np.newaxis]
    return np.asarray(preprocess_input(batch), dtype=np.float32)
