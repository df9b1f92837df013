"""The course notes' MNIST CNN (Conv2D 32-64-64, Dense 64, about 93k parameters), Adam, 12 epochs of 32.

Written from the stub and the workshop notes ("MNIST with convolution layers"),
adapted to Keras 3: keras.Input instead of input_shape=, keras.utils.to_categorical
instead of np_utils, argmax instead of predict_classes, a sub-model instead of
K.function.
"""

import keras
import numpy as np
from keras import layers, models


def prepare_images(images, labels, num_classes):
    n, h, w = images.shape
    x = images.reshape((n, h, w, 1)).astype("float32") / 255
    y = keras.utils.to_categorical(labels, num_classes).astype("float32")
    return x, y


def build_cnn(input_shape, num_classes):
    network = models.Sequential()
    network.add(keras.Input(shape=input_shape))
    network.add(layers.Conv2D(32, (3, 3), activation="relu"))
    network.add(layers.MaxPooling2D((2, 2)))
    network.add(layers.Conv2D(64, (3, 3), activation="relu"))
    network.add(layers.MaxPooling2D((2, 2)))
    network.add(layers.Conv2D(64, (3, 3), activation="relu"))
    network.add(layers.Flatten())
    network.add(layers.Dense(64, activation="relu"))
    network.add(layers.Dense(num_classes, activation="softmax"))
    network.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return network


def train_cnn(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=12, batch_size=32, verbose=0)


def predict_classes(model, x):
    return model.predict(x, verbose=0).argmax(axis=-1)


def feature_maps(model, x, layer_names):
    layer_outputs = [model.get_layer(name).output for name in layer_names]
    activation_model = models.Model(inputs=model.inputs, outputs=layer_outputs)
    activations = activation_model.predict(x, verbose=0)
    if len(layer_names) == 1:
        activations = [activations]
    return [np.asarray(a) for a in activations]
