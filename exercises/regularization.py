# Exercise regularization: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check regularization`.
# (Generated from solutions/regularization.py by `dlkit build`.)
"""Dropout, batch normalization and weight decay.

A network that fits its training set perfectly can still fail on new data:
it *overfits*. This exercise builds the three regularisers you will meet in
almost every convolutional network, first by hand in NumPy (so that you know
exactly what they compute) and then as Keras layers in a small CNN.

**Dropout.** During training, every activation is set to zero with
probability ``rate``, independently, on every forward pass; the network
cannot rely on any single unit. Keras implements *inverted* dropout: the
activations that are kept are divided by ``1 - rate``, so that the expected
value of every activation is the same in training and at inference, and at
inference the layer does nothing at all (no scaling, no dropping). The
original paper did it the other way round (no scaling in training, multiply
by ``1 - rate`` at test time); Keras's version means a trained model needs no
change to be used.

**Batch normalization.** In training, ``BatchNormalization`` normalises each
channel with the mean and variance of the current batch, and keeps
exponential moving averages of them (``moving_mean``, ``moving_variance``).
At inference it uses those moving statistics instead, so one sample's output
does not depend on the rest of its batch::

    y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta

per channel (the last axis, channels-last), with Keras's default
``epsilon=1e-3``. ``gamma`` (scale) and ``beta`` (offset) are learned; the
moving statistics are updated by the forward pass, not by the optimiser.

**L2 weight decay.** ``kernel_regularizer=keras.regularizers.L2(l2)`` adds
``l2 * sum(kernel ** 2)`` to the loss for that layer's kernel, pulling the
weights towards zero. Keras collects these penalties in ``model.losses`` and
adds them to the training loss. Regularise the kernels (the weights that
multiply the inputs); regularising only the biases does almost nothing.

What you write:

- ``dropout_forward(x, rate, rng, training)``: inverted dropout in NumPy.
  ``rng`` is either an int seed or a ``np.random.Generator``: start with
  ``rng = np.random.default_rng(rng)``, which accepts both (and returns a
  Generator you pass in unchanged). The same seed must give the same mask.
- ``batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3)``:
  ``BatchNormalization`` at inference, in NumPy, for inputs of any rank with
  the channels on the last axis.
- ``build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25,
  l2=1e-4)``: a compiled Keras CNN with ``Dropout(dropout_rate)``,
  ``BatchNormalization`` and ``L2(l2)`` kernel regularizers, a softmax output
  of ``num_classes`` units and a loss that fits multi-class classification.
  Use built-in layers only (no ``Lambda`` layers, no custom classes: the
  grader loads your model with ``safe_mode=True``), and keep it small (at
  most 100,000 parameters).

How it is graded: the NumPy functions are compared with Keras on random
inputs. Your model is checked by its behaviour: at inference two predictions
of the same input are equal, in training mode they differ (dropout), batch
normalization behaves differently in training and at inference, the dropout
rate and the L2 factor you were given are the ones used. The grader then
trains your compiled model itself, briefly (a few epochs of batches of 32,
about 10 seconds), on the ``mnist28`` digits: 28x28x1 float32 images scaled
to [0, 1], with one-hot labels for ``categorical_crossentropy`` (integer
labels if you compiled with ``sparse_categorical_crossentropy``), and
measures the accuracy on images your code never sees. Choose an optimiser
that learns quickly (Adam with its default learning rate works well).

Before measuring, the grader re-estimates the BatchNormalization moving
statistics over the training images. Try it yourself without that step:
after a couple of hundred training steps, the default ``momentum=0.99`` has
not yet forgotten the initial ``moving_mean = 0`` and ``moving_variance =
1``, so ``model.predict`` (inference, moving statistics) can be far worse
than the training accuracy (batch statistics). Longer training, or
``BatchNormalization(momentum=0.9)``, lets the moving averages catch up.

To experiment, load the digits with ``dlkit.datasets.load("mnist28")``
(old notebooks call ``keras.datasets.mnist.load_data()``, which downloads;
it does not work offline) and one-hot encode the labels with
``keras.utils.to_categorical`` (formerly ``keras.utils.np_utils``).
Compare ``history.history["accuracy"]`` with ``["val_accuracy"]`` (old Keras
wrote ``'acc'``) with and without regularisation, and predict classes with
``np.argmax(model.predict(x), axis=-1)`` (``model.predict_classes`` was
removed).
"""

import keras
import numpy as np


def dropout_forward(x, rate, rng, training):
    """Inverted dropout, as ``keras.layers.Dropout(rate)`` computes it.

    Args:
        x: NumPy array of any shape (float32 or float64).
        rate: probability of *dropping* each element, ``0 <= rate < 1``.
        rng: an int seed or a ``np.random.Generator``; use
            ``np.random.default_rng(rng)``, which accepts both. The same
            seed gives the same mask.
        training: if False, return ``x`` unchanged (dropout does nothing at
            inference).

    Returns:
        An array of the shape and dtype of ``x``. In training each element is
        0 with probability ``rate`` and ``x / (1 - rate)`` otherwise, chosen
        independently for every element, so the expected value is ``x``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("dropout_forward is not implemented yet")


def batchnorm_forward(x, gamma, beta, moving_mean, moving_var, epsilon=1e-3):
    """``keras.layers.BatchNormalization`` at inference (``training=False``).

    Args:
        x: array ``(N, C)``, ``(N, H, W, C)`` or any rank, channels last.
        gamma, beta: scale and offset, shape ``(C,)``.
        moving_mean, moving_var: the layer's moving statistics, shape ``(C,)``.
        epsilon: added to the variance before the square root (Keras's
            default is 1e-3).

    Returns:
        ``gamma * (x - moving_mean) / sqrt(moving_var + epsilon) + beta``,
        same shape as ``x``. The batch's own statistics are not used.
    """
    # YOUR CODE HERE
    raise NotImplementedError("batchnorm_forward is not implemented yet")


def build_regularized_cnn(input_shape, num_classes, dropout_rate=0.25, l2=1e-4):
    """A small compiled CNN using dropout, batch normalization and L2.

    Args:
        input_shape: ``(height, width, channels)`` of one image.
        num_classes: number of classes.
        dropout_rate: the rate of every ``Dropout`` layer.
        l2: the factor of the ``keras.regularizers.L2`` on the kernels of the
            Conv2D and Dense layers.

    Returns:
        A ``keras.Model`` (``Sequential`` is fine) compiled with an optimiser
        and a loss that fits multi-class classification, whose output has
        ``num_classes`` units with a softmax activation; built-in layers
        only, at most 100,000 parameters.

    The grader checks what the model does, not how it is written: the
    outputs are a softmax (non-negative, summing to 1), two training-mode
    calls differ (dropout) while inference is deterministic,
    BatchNormalization gives different outputs in training and at
    inference, and ``sum(model.losses)`` scales with ``l2``.  Then it trains
    ``build_regularized_cnn((28, 28, 1), 10)`` itself, with the optimizer
    you compiled, for 5 epochs of batches of 32 on the 1,348 ``mnist28``
    training images (one-hot labels for ``categorical_crossentropy``,
    integer labels for ``sparse_categorical_crossentropy``), re-estimates
    the BatchNormalization moving statistics over those images, and
    requires a held-out accuracy of at least 0.80 (this solution reaches
    0.98; the same model untrained gets 0.14).
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_regularized_cnn is not implemented yet")
