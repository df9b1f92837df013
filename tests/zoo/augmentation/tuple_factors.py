"""Factors spelled as (low, high) tuples and keywords, a shift through np.pad, Sequential.add.

RandomRotation(factor=(-r, r)), RandomTranslation(height_factor=(-t, t),
width_factor=(-t, t)), RandomZoom(height_factor=(-z, z), width_factor=(-z, z));
the dataset is built in steps with a named augment function.
"""

import keras
import numpy as np
import tensorflow as tf


def shift_image(image, dx, dy):
    h, w = image.shape[0], image.shape[1]
    if abs(dx) >= w or abs(dy) >= h:
        return np.zeros_like(image)
    pad = [(abs(dy), abs(dy)), (abs(dx), abs(dx))] + [(0, 0)] * (image.ndim - 2)
    padded = np.pad(image, pad, mode="constant", constant_values=0)
    top = abs(dy) - dy
    left = abs(dx) - dx
    return padded[top:top + h, left:left + w].copy().astype(image.dtype)


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    model = keras.Sequential(name="augmenter")
    model.add(keras.layers.RandomRotation(factor=(-rotation, rotation), fill_mode="constant",
                                          seed=seed))
    model.add(keras.layers.RandomTranslation(height_factor=(-translation, translation),
                                             width_factor=(-translation, translation),
                                             fill_mode="constant", seed=seed))
    model.add(keras.layers.RandomZoom(height_factor=(-zoom, zoom), width_factor=(-zoom, zoom),
                                      fill_mode="constant", seed=seed))
    return model


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)

    def augment(images, labels):
        return augmenter(images, training=True), labels

    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    dataset = dataset.shuffle(buffer_size=x.shape[0], seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size, drop_remainder=False)
    dataset = dataset.map(augment)
    dataset = dataset.prefetch(1)
    return dataset
