"""build_cnn standardises each image inside the model with a Lambda layer,
which carries Python code and cannot be loaded with safe_mode=True."""
import keras
import tensorflow as tf
from keras import layers

EXPECT_TEST = "test_build_cnn_conv_and_pooling"
EXPECT_MESSAGE = "Lambda layer"


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Lambda(lambda t: tf.image.per_image_standardization(t)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
