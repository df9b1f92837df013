"""dx taken as the row shift and dy as the column shift (axes swapped)."""
import scipy.ndimage

EXPECT_TEST = "test_shift_image_matches_scipy"
EXPECT_MESSAGE = "dx and dy swapped"


def shift_image(image, dx, dy):
    image = np.asarray(image)
    shift = (dx, dy) + (0,) * (image.ndim - 2)
    return scipy.ndimage.shift(image, shift, order=0, mode="constant", cval=0)
