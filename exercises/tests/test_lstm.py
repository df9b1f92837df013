"""Public self-checks for 13 lstm: textbook cases, shapes and compile settings.

Passing these does not mean the hidden graders pass: they also use random
texts, vectorizers with other vocabularies, random LSTM weights, train your
next-word model on the corpus (requiring a held-out accuracy well above
always guessing "the") and your forecaster on the seasonal series (requiring
a smaller error than the naive "next = last value" forecast).
"""

import keras
import numpy as np
import pytest

from dlkit.testing import StudentFailure, expect, models

# Keras's own model.save() of these small models warns about NumPy 2's copy keyword.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")


def test_make_sequences_sliding_window(student):
    got = student.make_sequences("the cat sees\nthe dog", 3)
    expect.equal(got, ["the cat sees", "cat sees the", "sees the dog"], call=student.last_call)
    expect.equal(student.make_sequences("too short", 3), [], call=student.last_call)


def test_build_vectorizer_vocabulary(student):
    value = student.build_vectorizer(["The cat sat.", "the dog sat", "the cat"])
    call = student.last_call
    vocabulary = models.vectorizer(value, call=call)["vocabulary"]
    # "" (padding) and "[UNK]" first, then by decreasing frequency: the (3), cat and sat (2), dog (1)
    expect.equal(list(vocabulary), ["", "[UNK]", "the", "sat", "cat", "dog"], call=call)


def test_encode_splits_context_and_target(student):
    layer = keras.layers.TextVectorization()
    layer.set_vocabulary(["", "[UNK]", "the", "cat", "sees", "dog"])
    x, y = student.encode(["the cat sees the", "The dog sees a"], models.vectorizer_record(layer))
    call = student.last_call
    expect.array(x, np.array([[2, 3, 4], [2, 5, 4]]), call=call + " -> x", rtol=0, atol=0)
    expect.array(y, np.array([2, 1]), call=call + " -> y", rtol=0, atol=0,
                 mistakes={"y must be integer ids, not one-hot rows": np.eye(6)[[2, 1]]})
    if x.dtype.kind not in "iu" or y.dtype.kind not in "iu":
        raise StudentFailure(f"called {call}\n  got dtypes {x.dtype} and {y.dtype}, expected ints")


def test_build_next_word_model_shapes_and_parameters(student):
    model = models.load_model(student.build_next_word_model(50, 3), call=student.last_call)
    call = student.last_call
    kinds = [type(layer).__name__ for layer in model.layers
             if type(layer).__name__ not in ("InputLayer", "Dropout")]
    assert kinds == ["Embedding", "LSTM", "Dense"], f"called {call}\n  layers {kinds}"
    assert model.input_shape == (None, 3) and model.output_shape == (None, 50), (
        f"called {call}\n  maps {model.input_shape} to {model.output_shape}, expected (None, 3) "
        "to (None, 50)")
    want = 50 * 8 + 4 * (32 * (8 + 32) + 32) + 32 * 50 + 50
    assert model.count_params() == want, (
        f"called {call}\n  {model.count_params():,} parameters, expected {want:,}")
    # The loss is judged by what it computes (a string, a loss object or a function all do):
    # on integer targets and softmax rows it must equal sparse categorical cross-entropy.
    targets = np.array([3, 0, 49, 7])
    probs = np.random.default_rng(0).dirichlet(np.ones(50), size=4).astype(np.float32)
    want = float(np.mean(np.asarray(keras.losses.sparse_categorical_crossentropy(targets, probs))))
    loss = keras.losses.get(model.loss) if isinstance(model.loss, str) else model.loss
    try:
        got = float(np.mean(np.asarray(loss(targets, probs))))
    except Exception as exc:  # noqa: BLE001 - a loss that cannot take integer targets
        got = f"an error ({type(exc).__name__})"
    assert isinstance(got, float) and np.isclose(got, want, rtol=1e-3), (
        f"called {call}\n  loss {model.loss!r} gives {got} on integer targets and softmax rows, "
        f"sparse categorical cross-entropy {want:.4f}: use loss='sparse_categorical_crossentropy' "
        "(or keras.losses.SparseCategoricalCrossentropy())")
    out = np.asarray(model(np.array([[2, 3, 4]])))
    assert np.isclose(out.sum(), 1, atol=1e-4), f"called {call}\n  the output is not a softmax"


def test_predict_next_word_picks_the_likeliest_known_word(student):
    layer = keras.layers.TextVectorization()
    layer.set_vocabulary(["", "[UNK]", "the", "cat", "sees"])
    model = keras.Sequential([keras.Input((2,), dtype="int32"), keras.layers.Embedding(5, 2),
                              keras.layers.LSTM(2), keras.layers.Dense(5, activation="softmax")])
    # Zero weights except the output bias: [UNK] first, then "sees", whatever the context.
    model.set_weights([np.zeros(w.shape, np.float32) for w in model.weights[:-1]]
                      + [np.array([0, 3, 0, 1, 2], np.float32)])
    got = student.predict_next_word(models.model_record(model), models.vectorizer_record(layer),
                                    "The cat")
    got = str(got) if isinstance(got, str) else got  # a NumPy str_ from get_vocabulary() is fine
    expect.equal(got, "sees", call=student.last_call,
                 mistakes={"never answer '[UNK]' (id 1) or padding (id 0)": "[UNK]",
                           "return the word, not its id": 4})


def test_lstm_step_matches_keras(student):
    rng = np.random.default_rng(0)
    x, h, c = (rng.normal(size=(2, n)).astype(np.float32) for n in (3, 4, 4))
    kernel = rng.normal(size=(3, 16)).astype(np.float32)
    recurrent = rng.normal(size=(4, 16)).astype(np.float32)
    bias = rng.normal(size=16).astype(np.float32)
    layer = keras.layers.LSTM(4, return_state=True)
    layer.build((None, 1, 3))
    layer.set_weights([kernel, recurrent, bias])
    _, want_h, want_c = layer(x[:, None, :], initial_state=[h, c])
    got = student.lstm_step(x, h, c, kernel, recurrent, bias)
    call = student.last_call
    assert isinstance(got, (tuple, list)) and len(got) == 2, f"called {call}\n  expected (h, c)"
    expect.array(got[0], np.asarray(want_h), call=call + " -> h", rtol=1e-4, atol=1e-5)
    expect.array(got[1], np.asarray(want_c), call=call + " -> c", rtol=1e-4, atol=1e-5)


def test_make_windows_small_series(student):
    x, y = student.make_windows(np.arange(6, dtype=np.float32), 3)
    call = student.last_call
    want_x = np.array([[0, 1, 2], [1, 2, 3], [2, 3, 4]], np.float32)[..., None]
    expect.array(x, want_x, call=call + " -> x",
                 mistakes={"no channel axis: x must be (N, window, 1)": want_x[..., 0]})
    expect.array(y, np.array([3, 4, 5], np.float32), call=call + " -> y",
                 mistakes={"y[i] is the value AFTER the window, series[i + window]": [2, 3, 4]})
    assert x.dtype == np.float32 and y.dtype == np.float32, (
        f"called {call}\n  got dtypes {x.dtype} and {y.dtype}, expected float32")


def test_build_forecaster_shapes_and_loss(student):
    model = models.load_model(student.build_forecaster(12), call=student.last_call)
    call = student.last_call
    assert any(type(layer).__name__ == "LSTM" for layer in model.layers), f"called {call}\n  no LSTM"
    assert model.input_shape == (None, 12, 1) and model.output_shape == (None, 1), (
        f"called {call}\n  maps {model.input_shape} to {model.output_shape}, expected (None, 12, 1) "
        "to (None, 1)")
    assert getattr(model, "optimizer", None) is not None, f"called {call}\n  the model is not compiled"
