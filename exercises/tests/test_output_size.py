"""Self-checks for topic 04 (output_size): a few textbook cases.

Run them with ``dlkit check output_size``.  Passing these does not mean the
topic is done: the hidden graders compare your functions with Keras on many
random configurations.
"""

from dlkit.testing import expect


def test_conv_output_length_textbook_cases(student):
    cases = [
        ((28, 3), {}, 26),  # 3x3 valid conv on MNIST
        ((28, 3), {"padding": "same"}, 28),
        ((32, 5), {"stride": 2, "padding": 2}, 16),  # (32 + 4 - 5) // 2 + 1
        ((7, 3), {"dilation": 2}, 3),  # effective kernel 5
        ((10, 3), {"stride": 2, "padding": "same"}, 5),  # ceil(10 / 2)
        ((9, 3), {"stride": 2}, 4),
    ]
    for args, kwargs, want in cases:
        got = student.conv_output_length(*args, **kwargs)
        expect.integer(got, want, call=student.last_call)


def test_same_padding_textbook_cases(student):
    cases = [
        ((5, 3), {}, (1, 1)),
        ((6, 2), {}, (0, 1)),  # odd total: the extra zero goes after
        ((6, 3), {"stride": 2}, (0, 1)),  # 3 outputs need 7 inputs
        ((5, 3), {"dilation": 2}, (2, 2)),  # effective kernel 5
    ]
    for args, kwargs, want in cases:
        got = student.same_padding(*args, **kwargs)
        expect.equal(got, want, call=student.last_call)


def test_pool_output_length_textbook_cases(student):
    cases = [
        ((28, 2), {}, 14),  # stride defaults to the pool size
        ((7, 2), {}, 3),
        ((7, 2), {"padding": "same"}, 4),
        ((10, 3), {"stride": 1}, 8),
    ]
    for args, kwargs, want in cases:
        got = student.pool_output_length(*args, **kwargs)
        expect.integer(got, want, call=student.last_call)


def test_trace_shapes_small_cnn(student):
    specs = [
        {"type": "conv2d", "filters": 32, "kernel_size": 3, "padding": "same"},
        {"type": "maxpool2d"},
        {"type": "conv2d", "filters": 64, "kernel_size": 3},
        {"type": "maxpool2d", "pool_size": 2},
        {"type": "flatten"},
        {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 10},
    ]
    got = student.trace_shapes((28, 28, 1), specs)
    want = [(28, 28, 32), (14, 14, 32), (12, 12, 64), (6, 6, 64), (2304,), (2304,), (10,)]
    expect.equal(got, want, call=student.last_call)


def test_trace_shapes_embedding_lstm(student):
    specs = [
        {"type": "embedding", "input_dim": 1000, "output_dim": 8},
        {"type": "lstm", "units": 16, "return_sequences": True},
        {"type": "lstm", "units": 32},
        {"type": "dense", "units": 1},
    ]
    got = student.trace_shapes((10,), specs)
    want = [(10, 8), (10, 16), (32,), (1,)]
    expect.equal(got, want, call=student.last_call)
