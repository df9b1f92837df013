"""scipy.special.expit for the gates, Nadam, sliding_window_view windows, a loss function object.

The next-word model compiled with the function keras.losses.sparse_categorical_crossentropy
and Nadam(0.01); the forecaster with loss keras.losses.mean_squared_error.
"""

import keras
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import expit


def make_sequences(text, seq_len):
    words = text.split()
    if len(words) < seq_len:
        return []
    return [" ".join(w) for w in zip(*(words[k:] for k in range(seq_len)))]


def build_vectorizer(lines):
    layer = keras.layers.TextVectorization()
    layer.adapt(np.array(lines))
    return layer


def encode(lines, vectorizer):
    tokens = np.array(vectorizer(np.array(lines)), dtype=np.int32)
    return tokens[:, :-1], tokens[:, -1]


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input((context_len,), dtype="int32"),
        keras.layers.Embedding(input_dim=vocab_size, output_dim=embed_dim),
        keras.layers.LSTM(units=units),
        keras.layers.Dense(units=vocab_size, activation=keras.activations.softmax),
    ])
    model.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.01),
                  loss=keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])
    return model


def predict_next_word(model, vectorizer, context):
    length = model.input_shape[1]
    ids = [int(t) for t in np.array(vectorizer([context]))[0] if t != 0]
    ids = ([0] * length + ids)[-length:]
    probabilities = np.asarray(model(np.array([ids], dtype=np.int32), training=False))[0]
    order = np.argsort(probabilities)[::-1]
    best = next(int(i) for i in order if i > 1)
    return vectorizer.get_vocabulary()[best]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    n = recurrent_kernel.shape[0]
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    gate_i, gate_f, cand, gate_o = (z[..., k * n:(k + 1) * n] for k in range(4))
    c = expit(gate_f) * c_prev + expit(gate_i) * np.tanh(cand)
    h = expit(gate_o) * np.tanh(c)
    return h.astype(np.result_type(h_prev, np.float32)), c.astype(np.result_type(c_prev, np.float32))


def make_windows(series, window):
    s = np.asarray(series, dtype=np.float32)
    if len(s) <= window:
        return np.zeros((0, window, 1), np.float32), np.zeros((0,), np.float32)
    x = sliding_window_view(s[:-1], window)
    return x[..., None].astype(np.float32).copy(), s[window:].astype(np.float32).copy()


def build_forecaster(window):
    model = keras.Sequential([keras.Input((window, 1)), keras.layers.LSTM(24),
                              keras.layers.Dense(1, activation="linear")])
    model.compile(optimizer=keras.optimizers.Nadam(learning_rate=0.01),
                  loss=keras.losses.mean_squared_error)
    return model
