"""np.roll followed by zeroing the wrapped rows and columns; translations as a fraction pair.

The roll-then-mask shift (a common fix of the np.roll mistake), the augmenter
from a list comprehension-free Sequential with the factors as (-f, f) pairs
for the translation only, and an explicitly named prefetch buffer.
"""

import keras
import numpy as np
import tensorflow as tf


def shift_image(image, dx, dy):
    h, w = image.shape[:2]
    out = np.roll(np.array(image, copy=True), shift=(dy, dx), axis=(0, 1))
    if dy > 0:
        out[:min(dy, h)] = 0
    elif dy < 0:
        out[max(h + dy, 0):] = 0
    if dx > 0:
        out[:, :min(dx, w)] = 0
    elif dx < 0:
        out[:, max(w + dx, 0):] = 0
    return out


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    augmenter = keras.Sequential()
    augmenter.add(keras.layers.RandomRotation(rotation, fill_mode="constant", seed=seed))
    augmenter.add(keras.layers.RandomTranslation((-translation, translation),
                                                 (-translation, translation),
                                                 fill_mode="constant", seed=seed))
    augmenter.add(keras.layers.RandomZoom(zoom, fill_mode="constant", seed=seed))
    return augmenter


def augmented_batches(x, y, batch_size, seed):
    model = build_augmenter(seed=seed)
    n = int(np.shape(x)[0])
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(n, seed=seed).batch(batch_size)
    data = data.map(lambda xb, yb: (model(xb, training=True), yb))
    return data.prefetch(buffer_size=2)
