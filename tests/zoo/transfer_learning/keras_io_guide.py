"""keras.io transfer-learning guide: base(inputs, training=False), GlobalAveragePooling2D, Dropout(0.2), Dense softmax; loss and metric objects; fine-tuning by un-freezing then re-freezing.

The guide's from_logits head is replaced by a softmax output, as the stub
asks for probabilities.
"""

import keras
import numpy as np


def build_transfer_model(base, num_classes):
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    x = base(inputs, training=False)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    n = min(n_layers, len(base.layers))
    for layer in base.layers[: len(base.layers) - n]:
        layer.trainable = False
    for layer in base.layers[len(base.layers) - n:]:
        layer.trainable = not isinstance(layer, keras.layers.BatchNormalization)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model


def prepare_image(path, target_size, preprocess_input):
    img = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    batch = keras.utils.img_to_array(img)[np.newaxis, ...]
    return np.asarray(preprocess_input(batch.copy()), dtype="float32")
