"""One matmul of [x_t, h_prev] against the stacked kernels for the step; Adamax for the words.

The LSTM step concatenates the input and the hidden state and multiplies them
with the kernel and recurrent kernel stacked; the next-word model trains
with Adamax(0.02); the forecaster is LSTM(20) with loss "mean_squared_error".
"""

import keras
import numpy as np


def make_sequences(text, seq_len):
    w = text.split()
    out = []
    i = 0
    while i + seq_len <= len(w):
        out.append(" ".join(w[i:i + seq_len]))
        i += 1
    return out


def build_vectorizer(lines):
    v = keras.layers.TextVectorization()
    v.adapt(list(lines))
    return v


def encode(lines, vectorizer):
    ids = np.array(vectorizer(list(lines)))
    return ids[:, :-1].astype(np.int64), ids[:, -1].astype(np.int64)


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential()
    model.add(keras.Input((context_len,)))
    model.add(keras.layers.Embedding(vocab_size, embed_dim))
    model.add(keras.layers.LSTM(units))
    model.add(keras.layers.Dense(vocab_size, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adamax(learning_rate=0.02),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def predict_next_word(model, vectorizer, context):
    n = int(model.input_shape[1])
    ids = [i for i in np.array(vectorizer([context]))[0].tolist() if i]
    x = np.array([[0] * max(n - len(ids), 0) + ids[-n:]])
    p = np.array(model.predict(x, verbose=0))[0]
    p[0] = p[1] = 0.0
    return vectorizer.get_vocabulary()[int(np.argmax(p))]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    n = h_prev.shape[-1]
    xh = np.concatenate([x_t, h_prev], axis=-1)
    z = xh @ np.concatenate([kernel, recurrent_kernel], axis=0) + bias
    s = 1.0 / (1.0 + np.exp(-z))
    g = np.tanh(z[..., 2 * n:3 * n])
    c = s[..., n:2 * n] * c_prev + s[..., :n] * g
    h = s[..., 3 * n:] * np.tanh(c)
    return h, c


def make_windows(series, window):
    s = np.asarray(series, np.float32)
    n = len(s) - window
    if n <= 0:
        return np.empty((0, window, 1), np.float32), np.empty((0,), np.float32)
    x = np.stack([s[i:i + window] for i in range(n)])[:, :, np.newaxis]
    return x, s[window:].copy()


def build_forecaster(window):
    model = keras.Sequential([keras.Input(shape=(window, 1)), keras.layers.LSTM(20),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mean_squared_error")
    return model
