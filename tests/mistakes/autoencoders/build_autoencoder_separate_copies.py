"""build_autoencoder builds the autoencoder from new Dense layers and the
encoder and decoder from other new ones: three separate models, so training
the autoencoder leaves the encoder and decoder untrained."""
import keras
from keras import layers

EXPECT_TEST = "test_encoder_and_decoder_share_the_autoencoders_layers"
EXPECT_MESSAGE = "separate copies"


def build_autoencoder(input_dim, code_dim):
    autoencoder = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(code_dim),
        layers.Dense(64, activation="relu"),
        layers.Dense(input_dim, activation="sigmoid"),
    ])
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    encoder = keras.Sequential([keras.Input(shape=(input_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(code_dim)])
    decoder = keras.Sequential([keras.Input(shape=(code_dim,)), layers.Dense(64, activation="relu"),
                                layers.Dense(input_dim, activation="sigmoid")])
    return autoencoder, encoder, decoder
