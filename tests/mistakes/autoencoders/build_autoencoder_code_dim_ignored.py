"""build_autoencoder always uses a code of 32 (the Keras blog's value),
whatever code_dim is."""
import keras
from keras import layers

EXPECT_TEST = "test_build_autoencoder_bottleneck"
EXPECT_MESSAGE = "code_dim ignored"


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(32)])
    decoder = keras.Sequential([keras.Input(shape=(32,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim, activation="sigmoid")])
    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    return autoencoder, encoder, decoder
