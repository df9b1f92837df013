"""convolve2d without flipping the kernel: a cross-correlation
(scipy.signal.correlate2d), not the convolution scipy.signal.convolve2d computes."""
import numpy as np

EXPECT_TEST = "test_convolve2d_full_and_valid"
EXPECT_MESSAGE = "kernel not flipped"


def convolve2d(image, kernel, mode="full"):
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    h, w = image.shape
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    full = np.zeros((h + kh - 1, w + kw - 1))
    for i in range(full.shape[0]):
        for j in range(full.shape[1]):
            full[i, j] = np.sum(padded[i:i + kh, j:j + kw] * kernel)  # kernel used as is
    if mode == "full":
        return full
    if mode == "valid":
        return full[kh - 1:h, kw - 1:w]
    top, left = (kh - 1) // 2, (kw - 1) // 2
    return full[top:top + h, left:left + w]
