# Exercise augmentation: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check augmentation`.
# (Generated from solutions/augmentation.py by `dlkit build`.)
"""Data augmentation: shifted digits, preprocessing layers and tf.data.

A network trained on a few thousand images learns them by heart; showing it
slightly moved, turned and resized copies of each image ("augmentation")
teaches it that a digit is still the same digit when written a little to the
left or a little tilted. In this topic you shift an image by hand, build an
augmenter from Keras's random preprocessing layers, and feed augmented,
shuffled batches to training through a ``tf.data`` pipeline. Images are
channels-last, and the digits for your own experiments come from::

    from dlkit import datasets
    images, labels = datasets.load("mnist28")   # (1348, 28, 28) uint8 0-255, (1348,) ints 0-9
    x = (images / 255.0).astype("float32")[..., None]   # (1348, 28, 28, 1) in [0, 1]

What the functions do:

1. ``shift_image``: move an image by whole pixels, ``dx`` columns to the
   right and ``dy`` rows down (negative values move left and up); what leaves
   the image is lost and zeros (black) come in on the other side. This is
   ``scipy.ndimage.shift(image, (dy, dx), order=0, mode="constant")``, and
   what the old ``ImageDataGenerator(width_shift_range=..., height_shift_range=...)``
   did at random.
2. ``build_augmenter``: a ``keras.Sequential`` of exactly three random
   preprocessing layers, ``RandomRotation``, ``RandomTranslation`` and
   ``RandomZoom``, the replacement of ``ImageDataGenerator``'s
   ``rotation_range``, ``width/height_shift_range`` and ``zoom_range``. These
   layers change images only in training mode: ``augmenter(x, training=True)``
   returns a new random variant of every image, ``augmenter(x,
   training=False)`` (and ``predict``) returns ``x`` unchanged, so the same
   layers can sit at the front of a model and do nothing at test time.
3. ``augmented_batches``: a ``tf.data.Dataset`` of ``(images, labels)``
   batches for ``model.fit``: shuffled, batched, and augmented anew every
   epoch, with each label staying with its image.

No horizontal or vertical flips: a mirrored 2, 3 or 7 is not a digit any
more (flips suit photos of cats, not handwriting). No ``Rescaling`` either:
the augmenter keeps the values' range; scaling to [0, 1] is the data
preparation's job, done once.

Reproducibility: with the same ``seed`` the same calls give the same
augmentations and the same order, and another seed gives others. Pass the
seed to every random layer and to ``Dataset.shuffle``.

Use only built-in Keras layers (no ``Lambda`` layers or custom classes): the
graders load your augmenter from a ``.keras`` file with ``safe_mode=True``.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


def shift_image(image, dx, dy):
    """A copy of ``image`` moved ``dx`` pixels right and ``dy`` pixels down.

    Args:
        image: a NumPy array ``(H, W)`` or ``(H, W, C)`` (any dtype).
        dx: int, columns to move right (negative: left).
        dy: int, rows to move down (negative: up).

    Returns:
        A new array of ``image``'s shape and dtype: pixel ``(r, c)`` of
        ``image`` lands at ``(r + dy, c + dx)``; pixels moved outside are
        dropped, and the uncovered rows and columns are 0. A shift as large as
        the image or larger gives all zeros. ``image`` itself is not changed.
        Equal to ``scipy.ndimage.shift(image, (dy, dx), order=0,
        mode="constant", cval=0)`` (with a third 0 for ``(H, W, C)``); not
        ``np.roll``, which wraps the pixels around instead of dropping them.
    """
    # YOUR CODE HERE
    raise NotImplementedError("shift_image is not implemented yet")


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    """A ``keras.Sequential`` that randomly rotates, shifts and zooms images.

    Args:
        rotation: ``RandomRotation``'s factor, a fraction of a full turn:
            0.1 turns each image by a random angle in [-0.1, 0.1] x 360
            degrees (+-36 degrees). Not degrees, not radians.
        translation: the fraction of the height and of the width to move by,
            for ``RandomTranslation(translation, translation)``: 0.1 moves a
            28-pixel image by up to 2.8 pixels each way.
        zoom: ``RandomZoom``'s factor: 0.1 zooms in or out by up to 10 %.
        seed: an int passed to each layer's ``seed``, or None (not
            reproducible).

    Returns:
        An (unbuilt) ``keras.Sequential`` of ``RandomRotation(rotation)``,
        ``RandomTranslation(translation, translation)`` and ``RandomZoom(zoom)``
        in that order, with ``fill_mode="constant"`` (zeros come in at the
        edges, as in ``shift_image``) and the given ``seed``; no ``keras.Input``
        (it accepts any image size) and no other layers. In training mode it
        returns a random variant of each image with the input's shape, dtype
        and range of values; at inference it returns its input unchanged. A
        factor of 0 disables that transformation.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_augmenter is not implemented yet")


def augmented_batches(x, y, batch_size, seed):
    """A ``tf.data.Dataset`` of shuffled, augmented ``(images, labels)`` batches.

    Args:
        x: float32 images ``(N, H, W, C)``.
        y: labels ``(N,)`` (or ``(N, K)``), ``y[i]`` belonging to ``x[i]``.
        batch_size: the number of images per batch.
        seed: an int; the same seed gives the same batches.

    Returns:
        A ``tf.data.Dataset`` whose elements are ``(images, labels)`` pairs of
        batches. Each pass over it (each epoch) is a new random order of all
        ``N`` examples, each exactly once, in batches of ``batch_size`` (the
        last one smaller when ``batch_size`` does not divide ``N``: keep it).
        The images are augmented by ``build_augmenter(seed=seed)`` in
        training mode, differently in every epoch; the labels are not
        augmented and stay with their images. Build it from
        ``Dataset.from_tensor_slices((x, y))`` (images and labels together),
        ``shuffle`` with a buffer of ``N`` and ``seed=seed`` (its default
        ``reshuffle_each_iteration=True`` gives each epoch a new order),
        ``batch``, then ``map`` the augmenter over the batches without
        ``num_parallel_calls`` (parallel calls draw the random numbers in an
        unpredictable order, so the seed no longer reproduces them), and
        ``prefetch``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("augmented_batches is not implemented yet")
