"""np.roll moves the pixels but wraps those that leave the image around to the
other side instead of dropping them and shifting zeros in."""
EXPECT_TEST = "test_shift_image_matches_scipy"
EXPECT_MESSAGE = "np.roll"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    return np.roll(image, (dy, dx), axis=(0, 1))
