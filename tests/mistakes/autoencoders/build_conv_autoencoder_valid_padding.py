"""build_conv_autoencoder leaves Conv2D at its default padding="valid": every
3x3 convolution trims 2 pixels, so the output is smaller than the input."""
import keras
from keras import layers

EXPECT_TEST = "test_build_conv_autoencoder"
EXPECT_MESSAGE = "smaller than the input"


def build_conv_autoencoder(input_shape, code_channels):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(code_channels, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model
