"""The course notes' autoencoder: one Dense(code, relu) encoder, Dense(input, sigmoid) decoder, 'adam'.

"autoencoder.add(Dense(4, input_shape=(100,), activation='relu'));
autoencoder.add(Dense(100, activation='sigmoid'));
autoencoder.compile(optimizer='adam', loss='binary_crossentropy')", split into
an encoder and a decoder that the autoencoder shares; Adam's default rate.
"""

import keras
import numpy as np
from keras.layers import Conv2D, Dense, MaxPooling2D, UpSampling2D
from keras.models import Sequential


def build_autoencoder(input_dim, code_dim):
    encoder = Sequential([keras.Input(shape=(input_dim,)), Dense(code_dim, activation="relu")])
    decoder = Sequential([keras.Input(shape=(code_dim,)), Dense(input_dim, activation="sigmoid")])
    autoencoder = Sequential([keras.Input(shape=(input_dim,)), encoder, decoder])
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    return autoencoder, encoder, decoder


def build_conv_autoencoder(input_shape, code_channels):
    model = Sequential()
    model.add(keras.Input(shape=input_shape))
    model.add(Conv2D(16, 3, activation="relu", padding="same"))
    model.add(MaxPooling2D(2))
    model.add(Conv2D(code_channels, 3, activation="relu", padding="same"))
    model.add(MaxPooling2D(2))
    model.add(UpSampling2D(2))
    model.add(Conv2D(16, 3, activation="relu", padding="same"))
    model.add(UpSampling2D(2))
    model.add(Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    noisy = x + rng.normal(0.0, std, size=x.shape)
    return np.clip(noisy, 0.0, 1.0).astype(x.dtype)


def reconstruction_errors(autoencoder, x):
    reconstructed = autoencoder.predict(x, verbose=0)
    return np.mean(np.square(x - reconstructed).reshape(len(x), -1), axis=1)
