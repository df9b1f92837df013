"""The result is written into the image passed in ("result = image" is not a
copy), so the caller's image changes."""
import scipy.ndimage

EXPECT_TEST = "test_shift_image_returns_a_new_array_of_the_same_dtype"
EXPECT_MESSAGE = "input image was changed"


def shift_image(image, dx, dy):
    result = image
    shift = (dy, dx) + (0,) * (image.ndim - 2)
    result[...] = scipy.ndimage.shift(image, shift, order=0, mode="constant", cval=0)
    return result
