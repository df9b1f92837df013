"""convolve2d's 'same' mode takes the centre of 'full' starting at kh // 2
instead of (kh - 1) // 2: off by one row/column for even kernels."""
import numpy as np

EXPECT_TEST = "test_convolve2d_same_mode"
EXPECT_MESSAGE = "crops the wrong part"


def convolve2d(image, kernel, mode="full"):
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)[::-1, ::-1]
    h, w = image.shape
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    full = np.zeros((h + kh - 1, w + kw - 1))
    for i in range(full.shape[0]):
        for j in range(full.shape[1]):
            full[i, j] = np.sum(padded[i:i + kh, j:j + kw] * kernel)
    if mode == "full":
        return full
    if mode == "valid":
        return full[kh - 1:h, kw - 1:w]
    top, left = kh // 2, kw // 2
    return full[top:top + h, left:left + w]
