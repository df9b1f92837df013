"""Public self-checks for 07 regularization: small cases and a few training steps.

Passing these does not mean the hidden graders pass: they check dropout's
statistics on large arrays, compare batchnorm_forward with Keras on many
random shapes, check your model's behaviour with other arguments, and train
it on the digits for a few epochs, then measure its accuracy on images your
code never sees.
"""

import warnings

import keras
import numpy as np

from dlkit import datasets
from dlkit.testing import StudentFailure, expect, models


def load_model(record, call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optimizer variables of an untrained model
        return models.load_model(record, call=call)


def test_dropout_identity_at_inference(student):
    x = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], dtype=np.float32)
    got = student.dropout_forward(x, 0.5, 0, False)
    expect.array(got, x, call=student.last_call, mistakes={
        "scaled at inference: with training=False return x unchanged": x / 0.5,
        "multiplied by (1 - rate) at inference (non-inverted dropout)": x * 0.5,
    })


def test_dropout_training_zeros_or_scaled(student):
    x = np.arange(1, 201, dtype=np.float64).reshape(10, 20)
    got = student.dropout_forward(x, 0.25, 42, True)
    if not isinstance(got, np.ndarray) or got.shape != x.shape:
        expect.array(got, x, call=student.last_call)  # says what came back instead
    kept = got != 0
    if not (0 < kept.sum() < x.size):
        raise StudentFailure(f"called {student.last_call}\n  kept {int(kept.sum())} of {x.size} "
                             "elements; expected some dropped and most kept")
    if not np.allclose(got[kept], x[kept] / 0.75):
        raise StudentFailure(f"called {student.last_call}\n  the kept elements are not x / (1 - rate)"
                             " (inverted dropout divides what it keeps by 1 - rate)")
    again = student.dropout_forward(x, 0.25, 42, True)
    if not np.array_equal(again, got):
        raise StudentFailure(f"called {student.last_call} twice\n  the same seed gave different "
                             "results: use rng = np.random.default_rng(rng)")


def test_batchnorm_worked_example(student):
    x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    gamma = np.array([1.0, 2.0], dtype=np.float32)
    beta = np.array([0.0, 1.0], dtype=np.float32)
    mean = np.array([1.0, 2.0], dtype=np.float32)
    var = np.array([0.999, 3.999], dtype=np.float32)  # + epsilon 1e-3: standard deviations 1 and 2
    got = student.batchnorm_forward(x, gamma, beta, mean, var)
    want = np.array([[0.0, 1.0], [2.0, 3.0]], dtype=np.float32)
    s = 1 / np.sqrt(1.0 + 1e-3)  # the batch's own variance is 1 in both columns
    expect.array(got, want, call=student.last_call, rtol=1e-4, atol=1e-4, mistakes={
        "normalised with the batch's own mean and variance instead of the moving ones":
            np.array([[-s, 1 - 2 * s], [s, 1 + 2 * s]]),
        "gamma and beta swapped": np.array([[1.0, 2.0], [1.0, 3.0]]),
        "epsilon outside the square root": np.array([[0.0, 1.0], [2.0 / (np.sqrt(0.999) + 1e-3),
                                                                   1 + 4.0 / (np.sqrt(3.999) + 1e-3)]]),
    })


def all_layers(model):
    out = []
    for layer in getattr(model, "layers", []):
        out += [layer] + all_layers(layer)
    return out


def test_build_regularized_cnn_structure(student):
    record = student.build_regularized_cnn((28, 28, 1), 10, dropout_rate=0.3, l2=1e-3)
    call = student.last_call
    model = load_model(record, call=call)
    if tuple(model.output_shape) != (None, 10):
        raise StudentFailure(f"called {call}\n  the output shape is {model.output_shape}, "
                             "expected (None, 10)")
    layers = all_layers(model)
    dropouts = [layer for layer in layers if isinstance(layer, keras.layers.Dropout)]
    if not dropouts:
        raise StudentFailure(f"called {call}\n  no Dropout layer")
    if not any(isinstance(layer, keras.layers.BatchNormalization) for layer in layers):
        raise StudentFailure(f"called {call}\n  no BatchNormalization layer")
    rates = [layer.rate for layer in dropouts]
    if not np.allclose(rates, 0.3):
        raise StudentFailure(f"called {call}\n  Dropout rates {rates}, expected 0.3 (dropout_rate)")
    if not model.losses:
        raise StudentFailure(f"called {call}\n  model.losses is empty: add "
                             "kernel_regularizer=keras.regularizers.L2(l2)")
    if not getattr(model, "compiled", False):
        raise StudentFailure(f"called {call}\n  the model is not compiled")
    x = np.random.default_rng(0).uniform(0, 1, (4, 28, 28, 1)).astype(np.float32)
    p = np.asarray(model.predict(x, verbose=0))
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise StudentFailure(f"called {call}\n  output rows sum to {p.sum(axis=1)}: end with a softmax")
    if model.count_params() > 100_000:
        raise StudentFailure(f"called {call}\n  {model.count_params():,} parameters, at most 100,000 allowed")


def test_build_regularized_cnn_trains_a_few_steps(student):
    record = student.build_regularized_cnn((28, 28, 1), 10)
    call = student.last_call
    model = load_model(record, call=call)
    x, y = datasets.load("mnist28")
    x = x[:64, ..., None].astype(np.float32) / 255
    loss = str(model.get_compile_config().get("loss")).lower()
    labels = y[:64] if "sparse" in loss else np.eye(10, dtype=np.float32)[y[:64]]
    history = model.fit(x, labels, batch_size=32, epochs=1, verbose=0)
    value = history.history["loss"][-1]
    if not np.isfinite(value):
        raise StudentFailure(f"called {call}\n  two training steps gave a loss of {value}")
