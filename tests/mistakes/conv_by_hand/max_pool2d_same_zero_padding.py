"""max_pool2d's 'same' padding done with zeros: at the border of a negative
region the padded 0 wins the max (Keras behaves as if it padded with -inf)."""
import numpy as np

EXPECT_TEST = "test_max_pool2d_same_padding"
EXPECT_MESSAGE = "-inf"


def max_pool2d(x, pool_size=2, stride=None, padding="valid"):
    if stride is None:
        stride = pool_size
    ph, pw = (pool_size, pool_size) if isinstance(pool_size, int) else pool_size
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    x = np.asarray(x, dtype=np.float32)
    if padding == "same":
        pads = []
        for n, s, p in ((x.shape[1], sh, ph), (x.shape[2], sw, pw)):
            total = max((-(-n // s) - 1) * s + p - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))  # zeros
    ho, wo = (x.shape[1] - ph) // sh + 1, (x.shape[2] - pw) // sw + 1
    out = np.zeros((x.shape[0], ho, wo, x.shape[3]), dtype=np.float32)
    for i in range(ho):
        for j in range(wo):
            out[:, i, j, :] = x[:, i * sh:i * sh + ph, j * sw:j * sw + pw, :].max(axis=(1, 2))
    return out
