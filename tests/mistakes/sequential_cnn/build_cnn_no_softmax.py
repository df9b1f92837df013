"""build_cnn's last Dense layer has no activation: it outputs logits, not a softmax."""
import keras
from keras import layers

EXPECT_TEST = "test_build_cnn_softmax_output_and_loss"
EXPECT_MESSAGE = "not a softmax"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
