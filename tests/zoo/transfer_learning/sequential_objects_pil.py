"""keras.Sequential([base, GlobalAveragePooling2D(), Dense]) with loss and metric objects; the image loaded with PIL directly (convert('RGB'), nearest resize).

The base is nested as one layer of a Sequential model; fine-tuning picks the
top layers by index; prepare_image does by hand what keras.utils.load_img
does (PIL's resize takes (width, height)).
"""

import keras
import numpy as np
from PIL import Image


def build_transfer_model(base, num_classes):
    base.trainable = False
    model = keras.Sequential([
        base,
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    return model


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    base.trainable = True
    first = len(base.layers) - n_layers
    for i, layer in enumerate(base.layers):
        if i < first or isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
        else:
            layer.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    return model


def prepare_image(path, target_size, preprocess_input):
    height, width = target_size
    with Image.open(path) as image:
        image = image.convert("RGB")
        if image.size != (width, height):
            image = image.resize((width, height), Image.NEAREST)
        pixels = np.asarray(image, dtype=np.float32)
    return np.asarray(preprocess_input(pixels[None, ...]), dtype=np.float32)
