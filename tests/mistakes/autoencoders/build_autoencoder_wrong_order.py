"""build_autoencoder returns (encoder, decoder, autoencoder), the order in
which it built them, instead of (autoencoder, encoder, decoder)."""
import keras
from keras import layers

EXPECT_TEST = "test_build_autoencoder_bottleneck"
EXPECT_MESSAGE = "wrong order"


def build_autoencoder(input_dim, code_dim):
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(code_dim)])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim, activation="sigmoid")])
    inputs = keras.Input(shape=(input_dim,))
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    return encoder, decoder, autoencoder
