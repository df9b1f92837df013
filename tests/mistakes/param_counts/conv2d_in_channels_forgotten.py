"""Conv2D input channels forgotten: each filter counted as a single kh x kw
kernel instead of one per input channel."""
EXPECT_TEST = "test_conv2d_params_matches_keras_int_and_pair_kernels_and_use_bias"
EXPECT_MESSAGE = "input channels forgotten"


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    kh, kw = kernel_size
    return kh * kw * filters + (filters if use_bias else 0)
