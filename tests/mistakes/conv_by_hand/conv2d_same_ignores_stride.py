"""'same' padding computed as for stride 1 (total k - 1 zeros) whatever the stride."""
import numpy as np

EXPECT_TEST = "test_conv2d_same_padding_with_strides"
EXPECT_MESSAGE = "without the stride"


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
        for k in (eh, ew):
            total = k - 1
            pads.append((total // 2, total - total // 2))
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
