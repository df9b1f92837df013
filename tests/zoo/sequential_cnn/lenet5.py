"""Textbook LeNet-5: Conv2D(6, 5) + AveragePooling2D, Conv2D(16, 5) + AveragePooling2D, Dense 120-84.

The classic architecture with relu instead of tanh, about 62k parameters,
Adam, a dozen epochs of batch 32.
"""

import keras
import numpy as np
from keras import layers


def prepare_images(images, labels, num_classes):
    x = np.asarray(images, dtype=np.float32)[..., np.newaxis] / np.float32(255)
    y = keras.utils.to_categorical(labels, num_classes)
    return x.astype(np.float32), y.astype(np.float32)


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(6, kernel_size=5, padding="same", activation="relu"),
        layers.AveragePooling2D(pool_size=2),
        layers.Conv2D(16, kernel_size=5, activation="relu"),
        layers.AveragePooling2D(pool_size=2),
        layers.Flatten(),
        layers.Dense(120, activation="relu"),
        layers.Dense(84, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ], name="lenet5")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train_cnn(model, x_train, y_train):
    return model.fit(x_train, y_train, batch_size=32, epochs=12, verbose=0)


def predict_classes(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=-1)


def feature_maps(model, x, layer_names):
    probe = keras.Model(model.inputs, [model.get_layer(n).output for n in layer_names])
    maps = probe.predict(x, verbose=0)
    if len(layer_names) == 1:
        return [np.asarray(maps)]
    return [np.asarray(m) for m in maps]
