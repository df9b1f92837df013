"""Course notes' MNIST CNN (Conv2D 32 / 64 with relu, Flatten, Dense, Dropout) plus BatchNormalization after the dense layer, RMSprop, categorical_crossentropy string.

Dropout as a binomial mask drawn with rng.binomial; batch normalization
written as scale and shift after normalising.
"""

import keras
import numpy as np
from keras import layers, regularizers


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return x
    rng = np.random.default_rng(rng)
    mask = rng.binomial(1, 1.0 - rate, size=x.shape)
    return (x * mask / (1.0 - rate)).astype(x.dtype)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    x_hat = (x - moving_mean) / np.sqrt(moving_var + epsilon)
    return (gamma * x_hat + beta).astype(x.dtype)


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    model = keras.Sequential()
    model.add(keras.Input(shape=input_shape))
    model.add(layers.Conv2D(32, (3, 3), activation="relu", kernel_regularizer=regularizers.L2(l2)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu", kernel_regularizer=regularizers.L2(l2)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(32, activation="relu", kernel_regularizer=regularizers.L2(l2)))
    model.add(layers.BatchNormalization())
    model.add(layers.Dropout(dropout_rate))
    model.add(layers.Dense(num_classes, activation="softmax", kernel_regularizer=regularizers.L2(l2)))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
