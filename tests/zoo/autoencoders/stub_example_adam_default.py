"""The stub's example architecture (Dense 64 relu on each side of the code) with keras.optimizers.Adam().

Functional encoder and decoder, the autoencoder as
keras.Model(inputs, decoder(encoder(inputs))), Adam at its default rate, mse;
a Conv2DTranspose decoder for the convolutional version.
"""

import keras
import numpy as np
from keras import layers


def build_autoencoder(input_dim, code_dim):
    enc_in = keras.Input(shape=(input_dim,))
    hidden = layers.Dense(64, activation="relu")(enc_in)
    code = layers.Dense(code_dim)(hidden)
    encoder = keras.Model(enc_in, code, name="encoder")

    dec_in = keras.Input(shape=(code_dim,))
    hidden = layers.Dense(64, activation="relu")(dec_in)
    out = layers.Dense(input_dim, activation="sigmoid")(hidden)
    decoder = keras.Model(dec_in, out, name="decoder")

    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    autoencoder.compile(optimizer=keras.optimizers.Adam(), loss="mse")
    return autoencoder, encoder, decoder


def build_conv_autoencoder(input_shape, code_channels):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    code = layers.Conv2D(code_channels, 1, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(code)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(x)
    outputs = layers.Conv2D(input_shape[-1], 3, padding="same", activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def add_noise(x, std, seed):
    noise = np.random.default_rng(seed).normal(0.0, std, size=x.shape)
    return np.clip(x + noise, 0, 1).astype(x.dtype)


def reconstruction_errors(autoencoder, x):
    diff = np.asarray(x, dtype=np.float64) - np.asarray(autoencoder.predict(x, verbose=0), np.float64)
    return (diff ** 2).mean(axis=tuple(range(1, diff.ndim)))
