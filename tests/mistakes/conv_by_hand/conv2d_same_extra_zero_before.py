"""'same' padding with the extra zero of an odd total at the top/left; Keras puts
it at the bottom/right."""
import numpy as np

EXPECT_TEST = "test_conv2d_same_padding_even_total_and_asymmetric"
EXPECT_MESSAGE = "extra zero before"


def conv2d(x, kernel, bias=None, stride=1, padding="valid", dilation=1):
    x = np.asarray(x, dtype=np.float32)
    kernel = np.asarray(kernel, dtype=np.float32)
    kh, kw, cin, cout = kernel.shape
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    dh, dw = (dilation, dilation) if isinstance(dilation, int) else dilation
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "valid":
        pads = ((0, 0), (0, 0))
    elif padding == "same":
        pads = []
        for n, s, k in ((x.shape[1], sh, eh), (x.shape[2], sw, ew)):
            total = max((-(-n // s) - 1) * s + k - n, 0)
            pads.append((total - total // 2, total // 2))
    else:
        pads = ((padding, padding), (padding, padding))
    x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    ho = (x.shape[1] - eh) // sh + 1
    wo = (x.shape[2] - ew) // sw + 1
    out = np.zeros((x.shape[0], ho, wo, cout), dtype=np.float32)
    for i in range(ho):
        for j in range(wo):
            patch = x[:, i * sh:i * sh + eh:dh, j * sw:j * sw + ew:dw, :]
            out[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    if bias is not None:
        out += bias
    return out
