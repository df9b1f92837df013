"""build_conv_autoencoder ends with Conv2D(1, ...), fine for grey MNIST but
wrong for images with 3 channels."""
import keras
from keras import layers

EXPECT_TEST = "test_build_conv_autoencoder"
EXPECT_MESSAGE = "wrong number of channels"


def build_conv_autoencoder(input_shape, code_channels):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(code_channels, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.UpSampling2D(2),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.UpSampling2D(2),
        layers.Conv2D(1, 3, activation="sigmoid", padding="same"),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model
