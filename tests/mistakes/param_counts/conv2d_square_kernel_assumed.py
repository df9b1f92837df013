"""Conv2D kernel assumed square: a pair (kh, kw) is counted as kh x kh."""
EXPECT_TEST = "test_conv2d_params_matches_keras_int_and_pair_kernels_and_use_bias"
EXPECT_MESSAGE = "counted as kh x kh"


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    k = kernel_size[0] if isinstance(kernel_size, (tuple, list)) else kernel_size
    return k * k * in_channels * filters + (filters if use_bias else 0)
