"""Functional API with loss, metric and optimizer objects: sparse labels, SpatialDropout2D and Dropout, BatchNormalization before the activation.

keras.losses.SparseCategoricalCrossentropy() and
keras.metrics.SparseCategoricalAccuracy() instead of strings; the softmax is
a layer of its own (keras.layers.Softmax).
"""

import keras
import numpy as np


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training or rate == 0:
        return x.copy()
    gen = np.random.default_rng(rng)
    keep = gen.uniform(size=x.shape) < (1.0 - rate)
    out = np.zeros_like(x)
    out[keep] = x[keep] / (1.0 - rate)
    return out


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    scale = gamma / np.sqrt(moving_var + epsilon)
    shift = beta - moving_mean * scale
    return (x * scale + shift).astype(x.dtype)


def conv_block(x, filters, l2, rate):
    x = keras.layers.Conv2D(filters, 3, padding="same", kernel_regularizer=keras.regularizers.L2(l2))(x)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.MaxPooling2D(2)(x)
    return keras.layers.SpatialDropout2D(rate)(x)


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    inputs = keras.Input(shape=tuple(input_shape))
    x = conv_block(inputs, 16, l2, dropout_rate)
    x = conv_block(x, 32, l2, dropout_rate)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(dropout_rate)(x)
    logits = keras.layers.Dense(num_classes, kernel_regularizer=keras.regularizers.L2(l2))(x)
    outputs = keras.layers.Softmax()(logits)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    return model
