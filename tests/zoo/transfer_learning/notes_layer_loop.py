"""Course notes' freezing habit: every layer of the base frozen in a loop (layer.trainable = False), the head stacked on base.output, keras.Model(base.input, ...).

The base's layers are used directly (not nested), so the base is not called
with training=False; each frozen BatchNormalization layer runs in inference
mode anyway in Keras 3.
"""

import keras
import numpy as np
from keras.layers import BatchNormalization, Dense, GlobalAveragePooling2D


def build_transfer_model(base, num_classes):
    for layer in base.layers:
        layer.trainable = False
    x = base.output
    x = GlobalAveragePooling2D()(x)
    predictions = Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs=base.input, outputs=predictions)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    n_frozen = len(base.layers) - n_layers
    if n_frozen > 0:
        for layer in base.layers[:n_frozen]:
            layer.trainable = False
    for layer in base.layers:
        if isinstance(layer, BatchNormalization):
            layer.trainable = False
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def prepare_image(path, target_size, preprocess_input):
    img = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    x = keras.utils.img_to_array(img)
    x = np.expand_dims(x, axis=0)
    x = preprocess_input(x)
    return x.astype("float32")
