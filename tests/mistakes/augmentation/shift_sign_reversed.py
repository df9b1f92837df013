"""The source window is taken on the wrong side: the image moves left for a
positive dx and up for a positive dy."""
EXPECT_TEST = "test_shift_image_matches_scipy"
EXPECT_MESSAGE = "opposite way"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)] = \
        image[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)]
    return out
