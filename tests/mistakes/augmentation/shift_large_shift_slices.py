"""Slicing without a check for shifts as large as the image: the negative
slice ends then wrap around and the windows no longer fit (it raises)."""
EXPECT_TEST = "test_shift_image_matches_scipy"
EXPECT_MESSAGE = "as large as the image or larger"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    out[max(0, dy):h + min(0, dy), max(0, dx):w + min(0, dx)] = \
        image[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    return out
