"""prepare_image passes target_size (height, width) straight to PIL's resize, which takes
(width, height): height and width swapped."""
import numpy as np
from PIL import Image

EXPECT_TEST = "test_prepare_image"
EXPECT_MESSAGE = "height and width swapped"


def prepare_image(path, target_size, preprocess_input):
    image = Image.open(path).convert("RGB").resize(tuple(target_size), Image.NEAREST)
    batch = np.asarray(image, dtype=np.float32)[np.newaxis]
    return np.asarray(preprocess_input(batch), dtype=np.float32)
