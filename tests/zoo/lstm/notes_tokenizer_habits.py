"""The notes' next-word habits in Keras 3: a lines loop, model.add, RMSprop, 'mae' forecaster.

"for i in range(seq_len, len(words) + 1): line = ' '.join(words[i-seq_len:i])",
Embedding(input_dim=vocab_size, output_dim=...) after keras.Input instead of
input_length, RMSprop(0.01) for both models.
"""

import keras
import numpy as np
from keras.layers import LSTM, Dense, Embedding, TextVectorization
from keras.models import Sequential


def make_sequences(text, seq_len):
    words = text.split()
    lines = []
    for i in range(seq_len, len(words) + 1):
        line = " ".join(words[i - seq_len:i])
        lines.append(line)
    return lines


def build_vectorizer(lines):
    tokenizer = TextVectorization(standardize="lower_and_strip_punctuation", split="whitespace",
                                  output_mode="int")
    tokenizer.adapt(lines)
    return tokenizer


def encode(lines, vectorizer):
    sequences = vectorizer(lines).numpy()
    x = sequences[:, :-1].astype("int64")
    y = sequences[:, -1].astype("int64")
    return x, y


def build_next_word_model(vocab_size, context_len, embed_dim=8, units=32):
    model = Sequential()
    model.add(keras.Input(shape=(context_len,)))
    model.add(Embedding(input_dim=vocab_size, output_dim=embed_dim))
    model.add(LSTM(units))
    model.add(Dense(vocab_size, activation="softmax"))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def predict_next_word(model, vectorizer, context):
    n = model.input_shape[-1]
    sequence = vectorizer([context]).numpy()[0]
    sequence = [int(i) for i in sequence if i != 0][-n:]
    x = keras.utils.pad_sequences([sequence], maxlen=n)
    probabilities = model.predict(x, verbose=0)[0]
    vocabulary = vectorizer.get_vocabulary()
    best = 2 + int(np.argmax(probabilities[2:]))
    return vocabulary[best]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    units = h_prev.shape[-1]
    z = np.dot(x_t, kernel) + np.dot(h_prev, recurrent_kernel) + bias
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    i = sig(z[..., :units])
    f = sig(z[..., units:2 * units])
    g = np.tanh(z[..., 2 * units:3 * units])
    o = sig(z[..., 3 * units:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def make_windows(series, window):
    series = np.asarray(series, dtype="float32")
    xs, ys = [], []
    for i in range(len(series) - window):
        xs.append(series[i:i + window])
        ys.append(series[i + window])
    x = np.array(xs, dtype="float32").reshape(-1, window, 1)
    return x, np.array(ys, dtype="float32").reshape(-1)


def build_forecaster(window):
    model = Sequential()
    model.add(keras.Input(shape=(window, 1)))
    model.add(LSTM(16))
    model.add(Dense(1))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01), loss="mae")
    return model
