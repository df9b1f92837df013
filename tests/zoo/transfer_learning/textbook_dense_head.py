"""Textbook head (Deep Learning with Python): GlobalAveragePooling2D, Dropout, a hidden Dense(64) relu, then Dense and a separate Activation('softmax'); Adam 3e-3.

Fine-tuning selects the top layers by name.
"""

import keras
import numpy as np
from keras import layers


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    x = base(inputs, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dense(num_classes)(x)
    outputs = layers.Activation("softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    top = {layer.name for layer in base.layers[max(len(base.layers) - n_layers, 0):]}
    for layer in base.layers:
        layer.trainable = layer.name in top and not isinstance(layer, layers.BatchNormalization)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def prepare_image(path, target_size, preprocess_input):
    img = keras.utils.load_img(path, color_mode="rgb", target_size=target_size)
    batch = np.array(img, dtype=np.float32)[np.newaxis]
    return np.float32(preprocess_input(batch))
