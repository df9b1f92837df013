"""build_autoencoder's last Dense layer has no activation: reconstructions
can leave [0, 1]."""
import keras
from keras import layers

EXPECT_TEST = "test_build_autoencoder_compiled_with_sigmoid_output"
EXPECT_MESSAGE = "no sigmoid"


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(code_dim)])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim)])
    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    return autoencoder, encoder, decoder
