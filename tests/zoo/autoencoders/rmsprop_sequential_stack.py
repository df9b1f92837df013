"""RMSprop and a Sequential of the two halves: keras.Sequential([encoder, decoder]).

The autoencoder is the encoder and the decoder stacked as layers of a
Sequential (they are shared, not copied); tanh hidden units; RMSprop at 2e-3.
"""

import keras
import numpy as np
from keras import layers


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)),
                                layers.Dense(64, activation="tanh"),
                                layers.Dense(code_dim, activation="relu")])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)),
                                layers.Dense(64, activation="tanh"),
                                layers.Dense(input_dim, activation="sigmoid")])
    autoencoder = keras.Sequential([encoder, decoder])
    autoencoder.compile(optimizer=keras.optimizers.RMSprop(learning_rate=2e-3), loss="mse")
    return autoencoder, encoder, decoder


def build_conv_autoencoder(input_shape, code_channels):
    h, w, c = input_shape
    model = keras.Sequential([
        keras.Input(shape=(h, w, c)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2), padding="same"),
        layers.Conv2D(code_channels, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2), padding="same"),
        layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same"),
        layers.Conv2DTranspose(16, (3, 3), strides=2, activation="relu", padding="same"),
        layers.Conv2D(c, (3, 3), activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    return model


def add_noise(x, std, seed):
    generator = np.random.default_rng(seed)
    return np.clip(x + generator.normal(loc=0.0, scale=std, size=x.shape), 0.0, 1.0).astype(x.dtype)


def reconstruction_errors(autoencoder, x):
    predicted = autoencoder.predict(x, verbose=0)
    squared = (predicted - x) ** 2
    return squared.reshape(squared.shape[0], -1).mean(axis=1)
