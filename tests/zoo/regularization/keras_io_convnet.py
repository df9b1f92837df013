"""keras.io "Simple MNIST convnet" with BatchNormalization added: Conv 32 / 64, pools, Flatten, Dropout, Dense softmax, lowercase keras.regularizers.l2 alias, Adam.

Batch normalization computed with TensorFlow ops (tf.nn.batch_normalization)
and converted back to NumPy.
"""

import keras
import numpy as np
import tensorflow as tf


def dropout_forward(x, rate, rng, training):
    x = np.asarray(x)
    if not training:
        return x
    generator = np.random.default_rng(rng)
    dropped = generator.random(size=x.shape) < rate
    y = x / (1 - rate)
    y[dropped] = 0
    return y.astype(x.dtype)


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    x = np.asarray(x)
    out = tf.nn.batch_normalization(tf.constant(x), mean=moving_mean, variance=moving_var,
                                    offset=beta, scale=gamma, variance_epsilon=epsilon)
    return out.numpy().astype(x.dtype)


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(32, kernel_size=(3, 3), activation="relu",
                                kernel_regularizer=keras.regularizers.l2(l2)),
            keras.layers.BatchNormalization(),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu",
                                kernel_regularizer=keras.regularizers.l2(l2)),
            keras.layers.BatchNormalization(),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dropout(dropout_rate),
            keras.layers.Dense(num_classes, activation="softmax",
                               kernel_regularizer=keras.regularizers.l2(l2)),
        ]
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
