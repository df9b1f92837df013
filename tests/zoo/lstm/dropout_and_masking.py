"""Dropout between the LSTM and the softmax (the grader allows Dropout), a masked argmax.

A Dropout layer between the LSTM and the Dense softmax (no weights, so the
parameter count is the contract's); the prediction masks ids 0 and 1 with
-inf before the argmax; windows by fancy indexing; keras.losses.Huber() for
the forecaster (a regression loss).
"""

import keras
import numpy as np


def make_sequences(text, seq_len):
    tokens = text.split()
    count = len(tokens) - seq_len + 1
    return [" ".join(tokens[start:start + seq_len]) for start in range(max(count, 0))]


def build_vectorizer(lines):
    vec = keras.layers.TextVectorization(output_mode="int")
    vec.adapt(lines)
    return vec


def encode(lines, vectorizer):
    matrix = vectorizer(lines).numpy().astype(np.int64)
    return matrix[:, : matrix.shape[1] - 1], matrix[:, matrix.shape[1] - 1]


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        keras.layers.Embedding(vocab_size, embed_dim),
        keras.layers.LSTM(units),
        keras.layers.Dropout(0.1),
        keras.layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def predict_next_word(model, vectorizer, context):
    k = model.input_shape[1]
    ids = vectorizer([context]).numpy()[0]
    ids = ids[np.nonzero(ids)][-k:]
    padded = np.zeros((1, k), dtype=np.int64)
    if len(ids):
        padded[0, k - len(ids):] = ids
    scores = model.predict(padded, verbose=0)[0].astype(np.float64)
    scores[[0, 1]] = -np.inf
    return vectorizer.get_vocabulary()[int(scores.argmax())]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    units = recurrent_kernel.shape[0]
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    sigmoid = lambda a: np.exp(-np.logaddexp(0.0, -a))  # noqa: E731
    i, f = sigmoid(z[..., :units]), sigmoid(z[..., units:2 * units])
    g, o = np.tanh(z[..., 2 * units:3 * units]), sigmoid(z[..., 3 * units:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def make_windows(series, window):
    s = np.asarray(series, dtype=np.float32).ravel()
    n = max(len(s) - window, 0)
    index = np.arange(n)[:, None] + np.arange(window)[None, :]
    x = s[index].reshape(n, window, 1) if n else np.zeros((0, window, 1), np.float32)
    return x.astype(np.float32), s[window:window + n].astype(np.float32)


def build_forecaster(window):
    model = keras.Sequential([keras.Input((window, 1)), keras.layers.LSTM(32),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=keras.losses.Huber())
    return model
