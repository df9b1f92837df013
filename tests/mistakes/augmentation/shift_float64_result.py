"""np.zeros(image.shape) is float64 whatever the image's dtype: a uint8 digit
comes back as float64."""
EXPECT_TEST = "test_shift_image_returns_a_new_array_of_the_same_dtype"
EXPECT_MESSAGE = "dtype changed"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    out = np.zeros(image.shape)
    h, w = image.shape[:2]
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)] = \
        image[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out
