"""Public self-checks for `param_counts`: textbook models whose counts you can
compare with `model.summary()`. The hidden graders check many more sizes and
layer stacks against Keras itself."""

from dlkit.testing import expect


def test_dense_params_mnist_hidden_layer(student):
    # Dense(128) on a flattened 28x28 image: 784*128 weights + 128 biases.
    expect.integer(student.dense_params(784, 128), 100480, call=student.last_call)
    expect.integer(student.dense_params(784, 128, use_bias=False), 100352,
                   call=student.last_call)


def test_conv2d_params_first_rgb_layer(student):
    # Conv2D(32, 3) on an RGB image: 3*3*3*32 weights + 32 biases.
    expect.integer(student.conv2d_params(3, 3, 32), 896, call=student.last_call)
    expect.integer(student.conv2d_params((3, 5), 16, 8, use_bias=False), 1920,
                   call=student.last_call)


def test_embedding_params_vocabulary_table(student):
    expect.integer(student.embedding_params(10000, 8), 80000, call=student.last_call)


def test_simple_rnn_params(student):
    # 8*32 kernel + 32*32 recurrent kernel + 32 biases.
    expect.integer(student.simple_rnn_params(8, 32), 1312, call=student.last_call)


def test_lstm_params_four_gates(student):
    expect.integer(student.lstm_params(8, 32), 5248, call=student.last_call)


def test_gru_params_reset_after_both_ways(student):
    expect.integer(student.gru_params(8, 32), 4032, call=student.last_call)
    expect.integer(student.gru_params(8, 32, reset_after=False), 3936, call=student.last_call)


def test_batchnorm_params_after_64_filters(student):
    expect.equal(student.batchnorm_params(64), (128, 128), call=student.last_call)


def test_count_params_small_mnist_cnn(student):
    specs = [
        {"type": "conv2d", "filters": 32, "kernel_size": 3},
        {"type": "batchnorm"},
        {"type": "maxpool2d", "pool_size": 2},
        {"type": "dropout", "rate": 0.25},
        {"type": "flatten"},
        {"type": "dense", "units": 10},
    ]
    # conv 320, batchnorm (64, 64), 26x26 -> 13x13 after pooling, dense 13*13*32*10 + 10.
    got = student.count_params((28, 28, 1), specs)
    expect.equal(got, (54474, 64), call=f"count_params((28, 28, 1), {specs!r})")


def test_count_params_embedding_lstm(student):
    specs = [
        {"type": "embedding", "input_dim": 1000, "output_dim": 16},
        {"type": "lstm", "units": 32},
        {"type": "dense", "units": 1},
    ]
    # embedding 1000*16, LSTM 4*(16*32 + 32*32 + 32), dense 32 + 1.
    got = student.count_params((20,), specs)
    expect.equal(got, (22305, 0), call=f"count_params((20,), {specs!r})")
