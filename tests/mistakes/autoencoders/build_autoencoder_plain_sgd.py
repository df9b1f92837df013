"""The weak model: the reference's layers compiled with plain "sgd"
(learning rate 0.01): 12 epochs leave it near the mean image."""
import keras
from keras import layers

EXPECT_TEST = "test_trained_autoencoder_held_out_mse"
EXPECT_MESSAGE = "held-out reconstruction MSE"


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(code_dim)])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim, activation="sigmoid")])
    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer="sgd", loss="mse")
    return autoencoder, encoder, decoder
