"""Binary cross-entropy as an object, Nadam, a 96-unit funnel and an elu code.

keras.losses.BinaryCrossentropy() (the stub accepts binary cross-entropy: the
pixels are in [0, 1]), keras.optimizers.Nadam(learning_rate=2e-3); the
autoencoder built by calling the two halves on a fresh Input.
"""

import keras
import numpy as np


def build_autoencoder(input_dim, code_dim):
    Dense = keras.layers.Dense
    encoder = keras.Sequential([keras.Input((input_dim,)), Dense(96, activation="relu"),
                                Dense(code_dim, activation="elu")], name="enc")
    decoder = keras.Sequential([keras.Input((code_dim,)), Dense(96, activation="relu"),
                                Dense(input_dim, activation="sigmoid")], name="dec")
    x = keras.Input((input_dim,))
    autoencoder = keras.Model(inputs=x, outputs=decoder(encoder(x)), name="ae")
    autoencoder.compile(optimizer=keras.optimizers.Nadam(learning_rate=2e-3),
                        loss=keras.losses.BinaryCrossentropy())
    return autoencoder, encoder, decoder


def build_conv_autoencoder(input_shape, code_channels):
    L = keras.layers
    inp = keras.Input(input_shape)
    x = L.Conv2D(16, 3, activation="relu", padding="same")(inp)
    x = L.AveragePooling2D(2)(x)
    x = L.Conv2D(code_channels, 3, activation="relu", padding="same")(x)
    code = L.MaxPooling2D()(x)
    x = L.UpSampling2D()(code)
    x = L.Conv2D(16, 3, activation="relu", padding="same")(x)
    x = L.UpSampling2D()(x)
    out = L.Conv2D(input_shape[2], 3, activation="sigmoid", padding="same")(x)
    model = keras.Model(inp, out)
    model.compile(optimizer="nadam", loss=keras.losses.BinaryCrossentropy())
    return model


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    return np.clip(x + rng.normal(0.0, std, x.shape), 0.0, 1.0).astype(x.dtype)


def reconstruction_errors(autoencoder, x):
    errors = []
    for sample, rebuilt in zip(x, autoencoder.predict(x, verbose=0)):
        errors.append(np.mean((sample - rebuilt) ** 2))
    return np.array(errors)
