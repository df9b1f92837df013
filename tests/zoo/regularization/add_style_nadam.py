"""model.add style with a dense block: Conv2D 'same' + pool twice, Dense(64) with L2, BatchNormalization, ReLU and Dropout, Nadam with sparse labels.

Inverted dropout through a keep mask multiplied in; the BatchNormalization
formula written as in the Keras docs.
"""

import keras
import numpy as np
from keras.layers import (Activation, BatchNormalization, Conv2D, Dense, Dropout, Flatten,
                          MaxPooling2D)


def dropout_forward(x, rate, rng, training):
    if not training:
        return np.array(x)
    x = np.asarray(x)
    rng = np.random.default_rng(rng)
    keep = (rng.random(x.shape) >= rate).astype(x.dtype)
    return x * keep / x.dtype.type(1 - rate)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    return (gamma * (x - moving_mean) / np.sqrt(moving_var + epsilon) + beta).astype(x.dtype)


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    model = keras.Sequential()
    model.add(keras.Input(input_shape))
    model.add(Conv2D(8, 3, padding="same", activation="relu", kernel_regularizer=keras.regularizers.L2(l2)))
    model.add(MaxPooling2D())
    model.add(Conv2D(16, 3, padding="same", activation="relu", kernel_regularizer=keras.regularizers.L2(l2)))
    model.add(MaxPooling2D())
    model.add(Flatten())
    model.add(Dense(64, kernel_regularizer=keras.regularizers.L2(l2)))
    model.add(BatchNormalization())
    model.add(Activation("relu"))
    model.add(Dropout(dropout_rate))
    model.add(Dense(num_classes, activation="softmax", kernel_regularizer=keras.regularizers.L2(l2)))
    model.compile(optimizer=keras.optimizers.Nadam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
