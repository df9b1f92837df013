"""A pixel loop for the shift, the three layers named, nearest interpolation for the zoom only.

The issue's case: RandomZoom(zoom, interpolation="nearest") while rotation and
translation keep Keras's bilinear default.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


def shift_image(image, dx, dy):
    result = np.zeros(image.shape, dtype=image.dtype)
    height, width = image.shape[:2]
    for r in range(height):
        for c in range(width):
            nr, nc = r + dy, c + dx
            if 0 <= nr < height and 0 <= nc < width:
                result[nr, nc] = image[r, c]
    return result


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant", seed=seed, name="rotate"),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=seed,
                                 name="shift"),
        layers.RandomZoom(zoom, fill_mode="constant", interpolation="nearest", seed=seed,
                          name="zoom"),
    ], name="digit_augmenter")


def augmented_batches(x, y, batch_size, seed):
    aug = build_augmenter(seed=seed)
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds = ds.shuffle(len(x), seed=seed).batch(batch_size)
    ds = ds.map(lambda a, b: (aug(a, training=True), b))
    return ds.prefetch(tf.data.AUTOTUNE)
