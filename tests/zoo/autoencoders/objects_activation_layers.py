"""Objects instead of strings: Activation layers, keras.losses.MeanSquaredError(), Adam(3e-3).

Every Dense without an activation followed by a separate Activation layer;
the decoder ends with Activation("sigmoid"); the conv version upsamples with
UpSampling2D and also uses Activation layers.
"""

import keras
import numpy as np
from keras import layers


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([
        keras.Input((input_dim,)),
        layers.Dense(48), layers.Activation("relu"),
        layers.Dense(code_dim),
    ], name="encoder")
    decoder = keras.Sequential([
        keras.Input((code_dim,)),
        layers.Dense(48), layers.Activation("relu"),
        layers.Dense(input_dim), layers.Activation("sigmoid"),
    ], name="decoder")
    inputs = keras.Input((input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3),
                        loss=keras.losses.MeanSquaredError())
    return autoencoder, encoder, decoder


def build_conv_autoencoder(input_shape, code_channels):
    model = keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(12, 3, padding="same"), layers.Activation("relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(code_channels, 3, padding="same"), layers.Activation("relu"),
        layers.MaxPooling2D(2),
        layers.UpSampling2D(2),
        layers.Conv2D(12, 3, padding="same"), layers.Activation("relu"),
        layers.UpSampling2D(2),
        layers.Conv2D(input_shape[-1], 3, padding="same"), layers.Activation("sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3),
                  loss=keras.losses.MeanSquaredError())
    return model


def add_noise(x, std, seed):
    rng = np.random.default_rng(seed)
    out = x.copy()
    out = out + rng.normal(0.0, std, size=x.shape)
    np.clip(out, 0.0, 1.0, out=out)
    return out.astype(x.dtype, copy=False)


def reconstruction_errors(autoencoder, x):
    x = np.asarray(x)
    out = np.asarray(autoencoder(x, training=False))
    return np.mean((x - out) ** 2, axis=tuple(range(1, x.ndim)))
