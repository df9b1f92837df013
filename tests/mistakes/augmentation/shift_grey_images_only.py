"""Written for (H, W) images only: ``h, w = image.shape`` fails on (H, W, C)."""
EXPECT_TEST = "test_shift_image_matches_scipy"
EXPECT_MESSAGE = "(H, W, C) images must work too"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    h, w = image.shape
    out = np.zeros_like(image)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)] = \
        image[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out
