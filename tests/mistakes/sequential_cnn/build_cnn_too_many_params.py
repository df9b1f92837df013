"""build_cnn copies the classic Keras MNIST example: two convolutions, one
pooling, then Dense(128) after Flatten of a 12x12x64 feature map: about 1.2
million parameters."""
import keras
from keras import layers

EXPECT_TEST = "test_build_cnn_parameter_budget"
EXPECT_MESSAGE = "too many parameters"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
