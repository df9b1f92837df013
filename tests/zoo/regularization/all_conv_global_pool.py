"""All-convolutional network with GlobalAveragePooling2D: three Conv-BN-ReLU-Pool blocks, SGD with Nesterov momentum, separate Activation layers.

No Flatten and no hidden Dense layer: the feature maps are averaged, then one
Dense layer and an Activation("softmax") layer classify.
"""

import keras
import numpy as np
from keras import layers


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if training is False or rate <= 0:
        return np.array(x, copy=True)
    keep_prob = 1.0 - rate
    mask = np.random.default_rng(rng).random(x.shape) < keep_prob
    return np.where(mask, x / keep_prob, np.zeros_like(x)).astype(x.dtype)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    shape = (1,) * (x.ndim - 1) + (-1,)
    g, b, m, v = (np.reshape(a, shape) for a in (gamma, beta, moving_mean, moving_var))
    return (g * (x - m) / np.sqrt(v + epsilon) + b).astype(x.dtype)


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    reg = keras.regularizers.L2(l2)
    model = keras.Sequential([keras.Input(shape=input_shape)])
    for filters in (16, 32, 64):
        model.add(layers.Conv2D(filters, 3, padding="same", kernel_regularizer=reg))
        model.add(layers.BatchNormalization())
        model.add(layers.Activation("relu"))
        model.add(layers.MaxPooling2D(2))
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dropout(dropout_rate))
    model.add(layers.Dense(num_classes, kernel_regularizer=reg))
    model.add(layers.Activation("softmax"))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
