"""build_autoencoder returns the autoencoder without compiling it."""
import keras
from keras import layers

EXPECT_TEST = "test_build_autoencoder_compiled_with_sigmoid_output"
EXPECT_MESSAGE = "not compiled"


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(code_dim)])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim, activation="sigmoid")])
    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    return autoencoder, encoder, decoder
