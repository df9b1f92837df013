"""build_cnn ignores its arguments: always 28x28x1 inputs and 10 classes."""
import keras
from keras import layers

EXPECT_TEST = "test_build_cnn_honours_arguments"
EXPECT_MESSAGE = "input_shape or num_classes ignored"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.25),
        layers.Dense(10, activation="softmax"),
    ])
    schedule = keras.optimizers.schedules.ExponentialDecay(3e-3, decay_steps=50, decay_rate=0.8)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model
