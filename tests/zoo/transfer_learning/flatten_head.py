"""Flatten head instead of pooling (the older VGG16 recipe): the base's 7x7 feature map flattened into one Dense softmax layer; RMSprop.

Fine-tuning: a slice of the layer list guarded for n_layers == 0.
"""

import keras
import numpy as np


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    flat = keras.layers.Flatten()(features)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(flat)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    top = base.layers[-n_layers:] if n_layers > 0 else []
    for layer in base.layers:
        layer.trainable = False
    for layer in top:
        if not isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def prepare_image(path, target_size, preprocess_input):
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    array = keras.utils.img_to_array(image, dtype="float32")
    return preprocess_input(array.reshape((1,) + array.shape)).astype(np.float32)
