"""EarlyStopping habit: fit for many epochs with validation_split and EarlyStopping(restore_best_weights=True); tanh classifier with Adam's defaults.

The notes' habit of guarding every fit with early stopping on val_loss; the
classifier uses the string optimizer "adam" (default learning rate) and a
tanh hidden layer.
"""

import keras
import numpy as np
import tensorflow as tf


def scale_features(x_train, x_test):
    stats_from = np.asarray(x_train, dtype=np.float64)
    mean = stats_from.mean(0, keepdims=True)
    std = stats_from.std(0, keepdims=True)
    std[std == 0.0] = 1.0
    scale = lambda a: (np.asarray(a, dtype=np.float64) - mean) / std
    return scale(x_train), scale(x_test)


def output_layer_for(task, n_classes=None):
    outputs = {"regression": (1, "linear", "mse"),
               "binary": (1, "sigmoid", "binary_crossentropy"),
               "multiclass": (n_classes, "softmax", "sparse_categorical_crossentropy"),
               "multilabel": (n_classes, "sigmoid", "binary_crossentropy")}
    try:
        return outputs[task]
    except KeyError:
        raise ValueError(f"no such task: {task}") from None


def build_regressor(n_features):
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(1, activation="linear")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), loss="mse", metrics=["mae"])
    return model


def build_classifier(n_features, n_classes):
    out_units = 1 if n_classes == 2 else n_classes
    out_act = "sigmoid" if n_classes == 2 else "softmax"
    loss = "binary_crossentropy" if n_classes == 2 else "sparse_categorical_crossentropy"
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(out_units, activation=out_act)])
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def train_regressor(model, x_train, y_train):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
    return model.fit(x_train, y_train, validation_split=0.2, epochs=80, batch_size=32,
                     callbacks=[stop], verbose=0)
