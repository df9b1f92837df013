"""build_conv_autoencoder hard-codes 8 channels in the code, whatever
code_channels is."""
import keras
from keras import layers

EXPECT_TEST = "test_build_conv_autoencoder"
EXPECT_MESSAGE = "code_channels ignored"


def build_conv_autoencoder(input_shape, code_channels):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(8, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model
