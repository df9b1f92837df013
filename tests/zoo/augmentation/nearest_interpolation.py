"""Nearest-neighbour interpolation: RandomZoom(..., interpolation="nearest") and friends.

The stub says nothing about interpolation; nearest sampling keeps pixel values
exact (no blurring of the strokes). shift_image by slicing into np.zeros_like.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


def shift_image(image, dx, dy):
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    if abs(dx) >= w or abs(dy) >= h:
        return out
    src_rows = slice(max(0, -dy), h - max(0, dy))
    dst_rows = slice(max(0, dy), h - max(0, -dy))
    src_cols = slice(max(0, -dx), w - max(0, dx))
    dst_cols = slice(max(0, dx), w - max(0, -dx))
    out[dst_rows, dst_cols] = image[src_rows, src_cols]
    return out


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant", interpolation="nearest", seed=seed),
        layers.RandomTranslation(translation, translation, fill_mode="constant",
                                 interpolation="nearest", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", interpolation="nearest", seed=seed),
    ])


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds = ds.shuffle(len(x), seed=seed)
    ds = ds.batch(batch_size)
    ds = ds.map(lambda images, labels: (augmenter(images, training=True), labels))
    return ds.prefetch(tf.data.AUTOTUNE)
