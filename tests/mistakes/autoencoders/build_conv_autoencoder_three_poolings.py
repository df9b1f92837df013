"""build_conv_autoencoder pools three times with padding="same": 28 -> 14 ->
7 -> 4, and upsampling gives 32, not 28."""
import keras
from keras import layers

EXPECT_TEST = "test_build_conv_autoencoder"
EXPECT_MESSAGE = "larger than the input"


def build_conv_autoencoder(input_shape, code_channels):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2, padding="same"),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2, padding="same"),
        layers.Conv2D(code_channels, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2, padding="same"),
        layers.UpSampling2D(2),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.UpSampling2D(2),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.UpSampling2D(2),
        layers.Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model
