"""Objects instead of strings: separate Activation layers, SGD with momentum, a loss object.

Conv2D layers without an activation followed by Activation("relu"), the output
Dense followed by Activation("softmax"); compiled with
keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
keras.losses.CategoricalCrossentropy() and a named metric object.
"""

import keras
import numpy as np
from keras import layers


def prepare_images(images, labels, num_classes):
    x = (np.asarray(images, dtype=np.float32) / 255.0)[:, :, :, np.newaxis]
    y = np.zeros((len(labels), num_classes), dtype=np.float32)
    y[np.arange(len(labels)), np.asarray(labels)] = 1.0
    return x.astype(np.float32), y


def build_cnn(input_shape, num_classes):
    model = keras.Sequential(name="digits_cnn")
    model.add(keras.Input(shape=input_shape))
    model.add(layers.Conv2D(16, (3, 3), padding="same"))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Conv2D(32, (3, 3), padding="same"))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(48))
    model.add(layers.Activation("relu"))
    model.add(layers.Dense(num_classes))
    model.add(layers.Activation("softmax"))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
                  loss=keras.losses.CategoricalCrossentropy(),
                  metrics=[keras.metrics.CategoricalAccuracy(name="accuracy")])
    return model


def train_cnn(model, x_train, y_train):
    return model.fit(x_train, y_train, batch_size=32, epochs=12, shuffle=True, verbose=0)


def predict_classes(model, x):
    return np.asarray(model(x, training=False)).argmax(axis=1)


def feature_maps(model, x, layer_names):
    maps = []
    for name in layer_names:
        probe = keras.Model(inputs=model.inputs, outputs=model.get_layer(name).output)
        maps.append(np.asarray(probe.predict(x, verbose=0)))
    return maps
