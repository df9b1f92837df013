"""scipy does the shift, the augmenter sets fill_value=0.0 and bilinear sampling explicitly.

shift_image calls scipy.ndimage.shift (order=0, constant mode) itself, as the
stub says it equals; the augmentation runs per image before batching.
"""

import keras
import numpy as np
import scipy.ndimage
import tensorflow as tf


def shift_image(image, dx, dy):
    shift = (dy, dx) if image.ndim == 2 else (dy, dx, 0)
    return scipy.ndimage.shift(image, shift, order=0, mode="constant", cval=0).astype(image.dtype)


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    common = dict(fill_mode="constant", fill_value=0.0, interpolation="bilinear", seed=seed)
    return keras.Sequential([
        keras.layers.RandomRotation(rotation, **common),
        keras.layers.RandomTranslation(translation, translation, **common),
        keras.layers.RandomZoom(zoom, zoom, **common),
    ])


def augmented_batches(x, y, batch_size, seed):
    augment = build_augmenter(seed=seed)
    pairs = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)
    pairs = pairs.map(lambda image, label: (augment(image, training=True), label))
    return pairs.batch(batch_size).prefetch(tf.data.AUTOTUNE)
