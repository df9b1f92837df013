"""Self-checks for topic 02, activations_losses: a few textbook cases.

Run them with ``dlkit check activations_losses`` (or pytest on this file).
Passing them is a good sign, not a guarantee: the graders compare your
functions with Keras and TensorFlow on many random inputs, extreme ones
(+-1000) included.
"""

import math

import numpy as np

from dlkit.testing import expect

X = np.array([-1000.0, -1.0, 0.0, 2.0, 1000.0])


def test_sigmoid_is_stable(student):
    got = student.sigmoid(X)
    s = [0.0, 1 / (1 + math.e), 0.5, 1 / (1 + math.exp(-2)), 1.0]
    expect.array(got, s, call=student.last_call)


def test_tanh(student):
    got = student.tanh(X)
    expect.array(got, [-1.0, math.tanh(-1), 0.0, math.tanh(2), 1.0], call=student.last_call)


def test_relu_and_leaky_relu(student):
    expect.array(student.relu(X), [0.0, 0.0, 0.0, 2.0, 1000.0], call=student.last_call)
    expect.array(student.leaky_relu(X), [-200.0, -0.2, 0.0, 2.0, 1000.0],
                 call=student.last_call, mistakes={"default alpha is not 0.2":
                                                   [-10.0, -0.01, 0.0, 2.0, 1000.0]})
    expect.array(student.leaky_relu(X, alpha=0.5), [-500.0, -0.5, 0.0, 2.0, 1000.0],
                 call=student.last_call)


def test_softmax_rows_and_columns(student):
    x = np.array([[0.0, math.log(3.0)], [1000.0, 1000.0]])
    expect.array(student.softmax(x), [[0.25, 0.75], [0.5, 0.5]], call=student.last_call)
    x = np.array([[0.0, 1000.0], [math.log(4.0), 1000.0]])
    expect.array(student.softmax(x, axis=0), [[0.2, 0.5], [0.8, 0.5]], call=student.last_call)


def test_activation_gradients(student):
    x = np.array([-1000.0, 0.0, 1000.0])
    expect.array(student.sigmoid_grad(x), [0.0, 0.25, 0.0], call=student.last_call)
    expect.array(student.tanh_grad(x), [0.0, 1.0, 0.0], call=student.last_call)
    expect.array(student.relu_grad(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0],
                 call=student.last_call, mistakes={"gradient 1 at x == 0 (TensorFlow uses 0)":
                                                   [0.0, 1.0, 1.0]})


def test_mse_and_mae(student):
    y_true, y_pred = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])
    expect.number(student.mse(y_true, y_pred), 4 / 3, call=student.last_call)
    expect.number(student.mae(y_true, y_pred), 2 / 3, call=student.last_call)


def test_binary_crossentropy(student):
    got = student.binary_crossentropy(np.array([1.0, 0.0]), np.array([0.9, 0.1]))
    expect.number(got, -math.log(0.9), call=student.last_call)
    # a confident wrong prediction costs -log(1e-7), not infinity
    got = student.binary_crossentropy(np.array([1.0]), np.array([0.0]))
    expect.number(got, -math.log(1e-7), call=student.last_call)


def test_categorical_crossentropy(student):
    y_true = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    y_pred = np.array([[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]])
    want = -(math.log(0.9) + math.log(0.89) + math.log(0.94)) / 3  # Keras's docstring example
    expect.number(student.categorical_crossentropy(y_true, y_pred), want, call=student.last_call,
                  mistakes={"averaged over classes instead of summed": want / 3})


def test_gradient_norms_by_depth_returns_a_list(student):
    got = student.gradient_norms_by_depth("sigmoid", 3, 8, 0)
    assert isinstance(got, list) and len(got) == 3, (
        f"called {student.last_call}\n  got {got!r:.80}\n  expected a list of 3 floats")
    assert all(isinstance(v, (float, np.floating)) and math.isfinite(v) and v >= 0 for v in got), (
        f"called {student.last_call}\n  got {got}\n  expected finite non-negative floats")
