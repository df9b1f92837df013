"""build_cnn returns a dense network (Flatten, Dense, Dense): no convolutions, no pooling."""
import keras
from keras import layers

EXPECT_TEST = "test_build_cnn_conv_and_pooling"
EXPECT_MESSAGE = "no Conv2D layer"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
