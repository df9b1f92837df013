"""build_cnn compiles with sparse_categorical_crossentropy, which expects
integer labels, while prepare_images gives one-hot rows."""
import keras
from keras import layers

EXPECT_TEST = "test_build_cnn_softmax_output_and_loss"
EXPECT_MESSAGE = "sparse_categorical_crossentropy expects integer labels"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
