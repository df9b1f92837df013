# Exercise activations_losses: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check activations_losses`.
# (Generated from solutions/activations_losses.py by `dlkit build`.)
"""Topic 02 - Activations, their gradients and losses in NumPy.

Every Keras model is built from a few small functions: the activations that
bend a layer's output, their derivatives that backpropagation multiplies
together, and the loss that turns predictions into one number to minimise.
In this topic you write them yourself in NumPy and check that you get exactly
what Keras gets.  Use NumPy only (importing TensorFlow is slow and not needed);
every function takes and returns NumPy arrays or Python floats.

Activations (element-wise, same shape out as in; softmax along an axis):

* ``sigmoid(x) = 1 / (1 + exp(-x))``, ``tanh(x)``, ``relu(x) = max(x, 0)``,
  ``leaky_relu(x, alpha=0.2) = x if x > 0 else alpha * x`` (0.2 is the default
  of ``keras.activations.leaky_relu`` - where the slope is now called
  ``negative_slope``; the ``keras.layers.LeakyReLU`` layer defaults to 0.3,
  and Keras 2 code writes ``LeakyReLU(alpha=...)``).
* ``softmax(x, axis=-1) = exp(x) / sum(exp(x))`` along ``axis``.

They must be *numerically stable*: your results must stay finite and correct
at ``x = +-1000``, where ``np.exp(1000)`` is ``inf``.  ``inf / inf`` is NaN, so
rewrite the formulas so that ``exp`` only ever sees numbers <= 0: softmax is
unchanged when you subtract the maximum along the axis, and sigmoid has the
equivalent form ``exp(x) / (1 + exp(x))`` for negative ``x``.

Gradients: ``sigmoid_grad``, ``tanh_grad`` and ``relu_grad`` return the
derivative of the activation with respect to its input, evaluated at ``x``
(what ``tf.GradientTape`` computes).  Express them through the activation
itself: ``sigmoid' = s (1 - s)`` and ``tanh' = 1 - tanh^2``.  ReLU has no
derivative at 0; TensorFlow uses 0 there, and so do we.

Losses take ``(y_true, y_pred)`` of the same shape and return one Python
float, the mean over the batch, as ``keras.losses.MeanSquaredError()(y_true,
y_pred)`` and friends do (older code: ``keras.losses.mse``, the strings
``"mse"`` / ``"binary_crossentropy"`` in ``compile``).  Keras first reduces
each sample over the last axis and then averages the samples:

* ``mse`` / ``mae``: mean of the squared / absolute errors over the last axis,
  then over the batch - i.e. the mean over all entries.
* ``binary_crossentropy``: ``-(y log p + (1 - y) log(1 - p))``, averaged the
  same way (every entry is its own yes/no question).
* ``categorical_crossentropy``: ``y_true`` one-hot (or a distribution) of
  shape ``(batch, classes)``; ``-sum(y log p)`` over the classes (a sum, not a
  mean!), then the mean over the batch.

Keras never takes ``log(0)``: it clips the predictions to ``[eps, 1 - eps]``
with ``eps = keras.config.epsilon() = 1e-7`` (``K.epsilon()`` in old code), so
a confident wrong prediction costs about ``-log(1e-7) = 16.1``, not infinity.
Use the same epsilon and you get the same numbers.

Finally, ``gradient_norms_by_depth`` uses your gradients to show why deep
sigmoid networks were so hard to train: backpropagation multiplies one
``sigmoid'(z) <= 0.25`` per layer, so the gradients reaching the first layers
*vanish*, while ReLU passes gradients through unchanged where it is active.
"""

import numpy as np


def sigmoid(x):
    """The logistic sigmoid ``1 / (1 + exp(-x))``, element-wise and stable.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A NumPy array of the same shape with values in [0, 1], finite even
        for ``x = +-1000`` (equal to ``keras.activations.sigmoid``).

    Example:
        >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
        array([0. , 0.5, 1. ])
    """
    # YOUR CODE HERE
    raise NotImplementedError("sigmoid is not implemented yet")


def tanh(x):
    """The hyperbolic tangent, element-wise.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A NumPy array of the same shape with values in [-1, 1] (equal to
        ``keras.activations.tanh``); finite for ``x = +-1000``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("tanh is not implemented yet")


def relu(x):
    """The rectified linear unit ``max(x, 0)``, element-wise.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A NumPy array of the same shape (equal to ``keras.activations.relu``).

    Example:
        >>> relu(np.array([-2.0, 0.0, 3.0]))
        array([0., 0., 3.])
    """
    # YOUR CODE HERE
    raise NotImplementedError("relu is not implemented yet")


def leaky_relu(x, alpha=0.2):
    """Leaky ReLU: ``x`` where ``x > 0``, ``alpha * x`` elsewhere.

    Args:
        x: array-like of floats, any shape.
        alpha: the slope for negative inputs (default 0.2, as
            ``keras.activations.leaky_relu(x, negative_slope=0.2)``).

    Returns:
        A NumPy array of the same shape.

    Example:
        >>> leaky_relu(np.array([-1.0, 2.0]))
        array([-0.2,  2. ])
    """
    # YOUR CODE HERE
    raise NotImplementedError("leaky_relu is not implemented yet")


def softmax(x, axis=-1):
    """Softmax along ``axis``: ``exp(x) / sum(exp(x))``, numerically stable.

    Args:
        x: array-like of floats, any number of dimensions.
        axis: the axis whose entries are turned into probabilities (default
            the last one, as ``keras.activations.softmax``).

    Returns:
        A NumPy array of the same shape, non-negative, summing to 1 along
        ``axis``; finite even when entries are +-1000.

    Example:
        >>> softmax(np.array([[1000.0, 1000.0], [0.0, np.log(3.0)]]))
        array([[0.5 , 0.5 ],
               [0.25, 0.75]])
    """
    # YOUR CODE HERE
    raise NotImplementedError("softmax is not implemented yet")


def sigmoid_grad(x):
    """Derivative of the sigmoid with respect to its input, at ``x``.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A NumPy array of the same shape: ``sigmoid(x) * (1 - sigmoid(x))``,
        at most 0.25 (at 0) and 0 far from 0 (finite at +-1000).
    """
    # YOUR CODE HERE
    raise NotImplementedError("sigmoid_grad is not implemented yet")


def tanh_grad(x):
    """Derivative of tanh with respect to its input, at ``x``.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A NumPy array of the same shape: ``1 - tanh(x) ** 2`` (1 at 0).
    """
    # YOUR CODE HERE
    raise NotImplementedError("tanh_grad is not implemented yet")


def relu_grad(x):
    """Derivative of ReLU with respect to its input, at ``x``.

    Args:
        x: array-like of floats, any shape.

    Returns:
        A float NumPy array of the same shape: 1 where ``x > 0``, else 0.  At
        exactly ``x = 0`` the derivative is undefined; TensorFlow (and this
        function) use 0.
    """
    # YOUR CODE HERE
    raise NotImplementedError("relu_grad is not implemented yet")


def mse(y_true, y_pred):
    """Mean squared error, as ``keras.losses.MeanSquaredError()``.

    Args:
        y_true: targets, array of shape ``(batch,)`` or ``(batch, d)``.
        y_pred: predictions, same shape.

    Returns:
        A Python float: the squared errors averaged over the last axis, then
        over the batch (that is, over all entries).

    Example:
        >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
        1.3333333333333333
    """
    # YOUR CODE HERE
    raise NotImplementedError("mse is not implemented yet")


def mae(y_true, y_pred):
    """Mean absolute error, as ``keras.losses.MeanAbsoluteError()``.

    Args:
        y_true: targets, array of shape ``(batch,)`` or ``(batch, d)``.
        y_pred: predictions, same shape.

    Returns:
        A Python float: the absolute errors averaged over the last axis, then
        over the batch (that is, over all entries).
    """
    # YOUR CODE HERE
    raise NotImplementedError("mae is not implemented yet")


def binary_crossentropy(y_true, y_pred):
    """Binary cross-entropy, as ``keras.losses.BinaryCrossentropy()``.

    Args:
        y_true: targets in [0, 1] (usually 0 or 1), shape ``(batch,)`` or
            ``(batch, d)``.
        y_pred: predicted probabilities in [0, 1] (not logits), same shape;
            exactly 0 or 1 is allowed.

    Returns:
        A Python float: ``-(y log p + (1 - y) log(1 - p))`` with ``p`` clipped
        to ``[1e-7, 1 - 1e-7]`` (``keras.config.epsilon()``), averaged over
        the last axis and then over the batch (that is, over all entries).

    Example:
        >>> round(binary_crossentropy([1.0, 0.0], [0.9, 0.1]), 5)
        0.10536
    """
    # YOUR CODE HERE
    raise NotImplementedError("binary_crossentropy is not implemented yet")


def categorical_crossentropy(y_true, y_pred):
    """Categorical cross-entropy, as ``keras.losses.CategoricalCrossentropy()``.

    Args:
        y_true: one-hot targets (or target distributions), shape
            ``(batch, classes)``.
        y_pred: predicted probabilities (softmax outputs, not logits), same
            shape; entries exactly 0 or 1 are allowed.

    Returns:
        A Python float: for each sample ``-sum(y log p)`` over the classes
        (a sum, not a mean), with ``p`` clipped to ``[1e-7, 1 - 1e-7]``, then
        the mean over the batch.  (Like Keras, each row of ``y_pred`` is first
        rescaled to sum to 1.)

    Example:
        >>> round(categorical_crossentropy([[1.0, 0.0, 0.0]], [[0.9, 0.05, 0.05]]), 5)
        0.10536
    """
    # YOUR CODE HERE
    raise NotImplementedError("categorical_crossentropy is not implemented yet")


def gradient_norms_by_depth(activation, depth, width, seed):
    """Per-layer gradient norms of a deep dense network.

    The network and its data, all drawn from ``rng = np.random.default_rng(seed)``
    in this order:

    * inputs ``x``: a batch of 64 samples with ``width`` features, standard
      normal (``rng.standard_normal((64, width))``);
    * targets ``y``: standard normal, shape ``(64, width)``;
    * ``depth`` Dense layers, each with ``width`` units, followed by
      ``activation``; kernels Glorot-uniform (uniform in ``[-l, l]`` with
      ``l = sqrt(6 / (fan_in + fan_out)) = sqrt(3 / width)``, what Keras's
      default ``glorot_uniform`` initializer does), drawn first layer first;
      biases zero;
    * loss: MSE between the last layer's output and ``y`` (mean over all
      entries).

    Backpropagate by hand (your ``*_grad`` functions give the activation
    derivatives) or with ``tf.GradientTape`` on an equivalent Keras model.

    Args:
        activation: ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"linear"``.
        depth: number of Dense layers (int >= 1).
        width: units per layer and input features (int >= 1).
        seed: int seed; the same arguments always give the same result.

    Returns:
        A list of ``depth`` Python floats: the Frobenius norm of
        ``dLoss / dKernel`` for each layer, the first (input) layer first.
        With ``"sigmoid"`` and ``depth=10`` the first norm is about a million
        times smaller than the last; with ``"relu"`` they are comparable.
    """
    # YOUR CODE HERE
    raise NotImplementedError("gradient_norms_by_depth is not implemented yet")
