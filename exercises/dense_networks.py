# Exercise dense_networks: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check dense_networks`.
# (Generated from solutions/dense_networks.py by `dlkit build`.)
"""Topic 01 - Dense networks for regression and classification.

A dense (fully connected) network is a stack of ``keras.layers.Dense`` layers:
each computes ``activation(x @ kernel + bias)``.  The hidden layers use a
non-linear activation (``"relu"``); the *output layer* and the *loss* are
chosen by the task, and getting that pair right is most of the work:

| task | output units | output activation | loss |
|---|---|---|---|
| regression (one number) | 1 | ``"linear"`` (none) | ``"mse"`` |
| binary (yes / no) | 1 | ``"sigmoid"`` | ``"binary_crossentropy"`` |
| multiclass (one of n) | n | ``"softmax"`` | ``"sparse_categorical_crossentropy"`` |
| multilabel (any of n) | n | ``"sigmoid"`` | ``"binary_crossentropy"`` |

For multiclass, ``sparse_categorical_crossentropy`` takes integer labels
(``y = [3, 0, 7, ...]``) and ``categorical_crossentropy`` one-hot labels
(``y = [[0, 0, 0, 1, ...], ...]``): the same loss, two label formats.

Softmax makes the n outputs compete (they sum to 1): right when exactly one
class is true, wrong for multilabel, where every label is its own yes/no
question.  A linear output can take any value, which a regression needs; a
``relu`` or ``sigmoid`` output cannot go below 0 (or above 1).

Scale the inputs before training, with the statistics of the *training* data
only: the test data stands for data the model has never seen, so it must not
influence anything learned - the scaling statistics included (computing them
on train + test, or on the test set itself, is called *leakage*).

Data for your own experiments comes from ``dlkit.datasets`` (offline):
``dlkit.datasets.load("diabetes")`` is a regression set of 354 patients with
10 features (it replaces ``keras.datasets.boston_housing``, which is
downloaded from the network and was removed from scikit-learn), and
``dlkit.datasets.load("digits")`` gives 8x8 images of handwritten digits with
integer labels 0-9 (use it instead of ``keras.datasets.mnist.load_data()``,
which downloads MNIST; flatten each image to 64 features and divide by 16).
Hold back part of the training data with ``validation_split=0.2`` in ``fit``
(NumPy input) to see how well your model generalises.

Older tutorials use APIs that current Keras removed or renamed:

* ``keras.utils.np_utils.to_categorical(y)`` is now
  ``keras.utils.to_categorical(y)``; you need it only for
  ``categorical_crossentropy`` - with integer labels use
  ``sparse_categorical_crossentropy`` and skip the one-hot encoding.
* ``model.predict_classes(x)`` is gone: use
  ``np.argmax(model.predict(x), axis=-1)`` for softmax outputs, and
  ``(model.predict(x) > 0.5).astype(int)`` for one sigmoid unit.
* ``history.history['acc']`` is now ``history.history['accuracy']`` (the key
  is the metric's name as you gave it to ``compile``: ``'mae'`` for
  ``metrics=["mae"]``); ``nb_epoch=`` is ``epochs=``, ``lr=`` is
  ``learning_rate=``, and ``Dense(64, input_dim=10)`` is written
  ``keras.Input(shape=(10,))`` followed by ``Dense(64)``.

Models are graded after being saved to a ``.keras`` file and loaded with
``safe_mode=True``: use built-in Keras layers only (no ``Lambda`` layers, no
custom classes).
"""

import keras
import numpy as np
import tensorflow as tf


def scale_features(x_train, x_test):
    """Standardise features with the statistics of the training set only.

    Each column (feature) of ``x_train`` gets mean 0 and standard deviation 1;
    ``x_test`` is transformed with the *same* numbers, the mean and standard
    deviation of ``x_train``'s columns (so ``x_test``'s columns in general do
    not end up with mean 0 and std 1 - that is expected).  This is what
    ``sklearn.preprocessing.StandardScaler().fit(x_train)`` followed by
    ``transform`` does: the population standard deviation (``np.std``'s
    default, ``ddof=0``), and a column that is constant in ``x_train`` (std 0)
    is divided by 1 instead of 0.

    Args:
        x_train: array of shape ``(n_train, n_features)``.
        x_test: array of shape ``(n_test, n_features)``.

    Returns:
        ``(x_train_scaled, x_test_scaled)``: two float NumPy arrays of the
        input shapes.

    Example:
        >>> a, b = scale_features(np.array([[0.0], [2.0]]), np.array([[4.0]]))
        >>> a.ravel(), b.ravel()
        (array([-1.,  1.]), array([3.]))
    """
    # YOUR CODE HERE
    raise NotImplementedError("scale_features is not implemented yet")


def output_layer_for(task, n_classes=None):
    """The output layer and loss that fit a task: ``(units, activation, loss)``.

    Args:
        task: ``"regression"``, ``"binary"``, ``"multiclass"`` or
            ``"multilabel"``.
        n_classes: the number of classes (multiclass) or labels (multilabel);
            ignored for regression and binary.

    Returns:
        A tuple ``(units, activation, loss)``: an int, and the strings you
        would pass to ``Dense(units, activation=...)`` and
        ``model.compile(loss=...)``.  The grader accepts every Keras spelling
        of the same loss (``"mse"``, ``"mean_squared_error"``,
        ``"MeanSquaredError"``), ``"linear"`` or ``None`` for no activation,
        and for multiclass either ``sparse_categorical_crossentropy`` or
        ``categorical_crossentropy``.  Binary means one sigmoid unit.

    Raises:
        ValueError: for an unknown task.

    Example:
        >>> output_layer_for("multiclass", 10)
        (10, 'softmax', 'sparse_categorical_crossentropy')
    """
    # YOUR CODE HERE
    raise NotImplementedError("output_layer_for is not implemented yet")


def build_regressor(n_features):
    """A compiled dense network that predicts one number from ``n_features``.

    Build a ``keras.Sequential`` that starts with
    ``keras.Input(shape=(n_features,))``, has one or two hidden ``Dense``
    layers with ``relu`` and ends with ``Dense(1)`` - one unit, linear
    activation (the default), so it can output any value.  Compile it with
    ``loss="mse"`` and ``metrics=["mae"]`` (the mean absolute error is in the
    target's units, easy to read) and an optimizer of your choice:
    ``keras.optimizers.Adam(learning_rate=0.01)`` works well here, because
    the targets are raw numbers in the hundreds and the output layer has to
    grow that large.  Keep the network small (a few thousand parameters).

    Args:
        n_features: the number of input features.

    Returns:
        A compiled ``keras.Sequential``: input ``(None, n_features)``, output
        ``(None, 1)``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_regressor is not implemented yet")


def build_classifier(n_features, n_classes):
    """A compiled dense classifier for ``n_classes`` classes.

    The labels it will be trained on are *integer class ids* ``0 ..
    n_classes - 1`` (what ``dlkit.datasets.load("digits")`` gives), not
    one-hot vectors, so the loss must accept integer labels:

    * ``n_classes > 2``: ``Dense(n_classes, activation="softmax")`` with
      ``loss="sparse_categorical_crossentropy"`` (``categorical_crossentropy``
      expects one-hot labels and fails on integers).
    * ``n_classes == 2``: either one ``sigmoid`` unit with
      ``binary_crossentropy`` (the usual choice), or two ``softmax`` units
      with ``sparse_categorical_crossentropy``.  Both are accepted; a single
      softmax unit is not (it always outputs 1).

    The output must be probabilities (softmax or sigmoid), so do not use
    ``from_logits=True``.  Keep the model small, at most 100,000 parameters:
    one hidden layer of 64 ``relu`` units (about 5,000) is plenty.

    The grader trains your compiled model itself, with the optimizer you
    compiled and its own seed, for 15 epochs of batches of 32, on the digits
    (flattened to 64 features and divided by 16, integer labels), and checks
    its accuracy on digits it never trained on: at least 0.80 for the ten
    digits and at least 0.80 for even / odd digits with
    ``build_classifier(64, 2)`` (this solution reaches about 0.97 on both;
    plain ``"sgd"`` about 0.86).  Add ``metrics=["accuracy"]`` to see the
    accuracy while you train.

    Args:
        n_features: the number of input features.
        n_classes: the number of classes, at least 2.

    Returns:
        A compiled Keras model: input ``(None, n_features)``, output
        ``(None, n_classes)`` (or ``(None, 1)`` for one sigmoid unit).
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_classifier is not implemented yet")


def train_regressor(model, x_train, y_train):
    """Train a compiled regressor in place and return its ``History``.

    The grader calls it on the model your ``build_regressor(10)`` returns,
    with the diabetes training features already standardised (by
    ``scale_features``, with the training statistics) and the raw targets
    (numbers around 25-350), then measures the trained model's mean absolute
    error on patients it never saw.  A model that always predicts the mean
    target is off by about 60 on average (59.4); a good one gets below 50
    (this solution about 43).  The grader builds and trains three times, with
    different seeds, and requires the median of the three errors to be at
    most 52.5 (a first training at 47 or under passes at once, one at 70 or
    over fails at once).  Train on all the rows you are given: ``validation_split=0.2``
    holds a fifth of them out of training (fine for watching, but the model
    then learns from 283 patients instead of 354).

    ``model.fit(x, y, epochs=..., batch_size=...)`` works, but each epoch of
    ``fit`` has a fixed cost, and this data set is tiny (354 rows, 12 batches
    of 32): a ``tf.data.Dataset`` is faster.  Build one with
    ``tf.data.Dataset.from_tensor_slices((x, y))``, then ``.shuffle(len(x))``,
    ``.batch(32)`` and ``.repeat(10)`` (so that one Keras "epoch" is 10
    passes over the data), and fit it for about 10 epochs.  Training must
    take seconds, not minutes.

    Args:
        model: a compiled Keras regressor (one output unit).
        x_train: float array ``(n, n_features)``, standardised.
        y_train: float array ``(n,)`` of targets.

    Returns:
        The ``keras.callbacks.History`` that ``model.fit`` returns; its
        ``history`` dict holds the ``loss`` (and ``mae``) of every epoch.
    """
    # YOUR CODE HERE
    raise NotImplementedError("train_regressor is not implemented yet")
