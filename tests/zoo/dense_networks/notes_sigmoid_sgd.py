"""Course notes' housing regressor: sigmoid hidden layers, plain SGD, fit with validation_split.

Written the way the lecture notes build the Boston-housing network (two small
sigmoid hidden layers, an output Dense(1) without activation, optimizer SGD,
loss mse, metric mae) adapted to Keras 3: keras.Input instead of
InputLayer(input_shape=...), and the diabetes data instead of boston_housing.
Training is a plain ``model.fit`` on NumPy arrays with ``validation_split``.
"""

import keras
import numpy as np
import tensorflow as tf


def scale_features(x_train, x_test):
    x_train = np.asarray(x_train, dtype=float)
    x_test = np.asarray(x_test, dtype=float)
    mu = np.mean(x_train, axis=0)
    sigma = np.std(x_train, axis=0)
    sigma[sigma == 0] = 1.0
    return (x_train - mu) / sigma, (x_test - mu) / sigma


def output_layer_for(task, n_classes=None):
    if task == "regression":
        return (1, None, "mean_squared_error")
    elif task == "binary":
        return (1, "sigmoid", "binary_crossentropy")
    elif task == "multiclass":
        return (n_classes, "softmax", "categorical_crossentropy")
    elif task == "multilabel":
        return (n_classes, "sigmoid", "binary_crossentropy")
    else:
        raise ValueError("unknown task: " + str(task))


def build_regressor(n_features):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(10, activation="sigmoid"))
    model.add(keras.layers.Dense(5, activation="sigmoid"))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model


def build_classifier(n_features, n_classes):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    model.add(keras.layers.Dense(32, activation="sigmoid"))
    if n_classes == 2:
        model.add(keras.layers.Dense(1, activation="sigmoid"))
        loss = "binary_crossentropy"
    else:
        model.add(keras.layers.Dense(n_classes, activation="softmax"))
        loss = "sparse_categorical_crossentropy"
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), loss=loss,
                  metrics=["accuracy"])
    return model


def train_regressor(model, x_train, y_train):
    return model.fit(x_train, y_train, epochs=60, batch_size=32, validation_split=0.2, verbose=0)
