"""Conv2D with use_bias=False: the bias is still counted."""
EXPECT_TEST = "test_conv2d_params_matches_keras_int_and_pair_kernels_and_use_bias"
EXPECT_MESSAGE = "use_bias=False ignored"


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    kh, kw = kernel_size
    return (kh * kw * in_channels + 1) * filters
