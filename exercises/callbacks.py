# Exercise callbacks: replace each `raise NotImplementedError` with your code,
# then check it with `dlkit check callbacks`.
# (Generated from solutions/callbacks.py by `dlkit build`.)
"""Callbacks: early stopping, checkpoints and learning curves.

``model.fit`` calls *callbacks* at fixed points of training: at the start and
end of training, of each epoch and of each batch. Keras ships the useful ones
(``keras.callbacks.EarlyStopping``, ``ModelCheckpoint``, ...) and you can
write your own by subclassing ``keras.callbacks.Callback``. In this topic you:

1. ``make_callbacks``: configure the two callbacks almost every training run
   wants: ``EarlyStopping``, which stops when the validation loss has not
   improved for ``patience`` epochs and puts back the best weights, and a
   ``ModelCheckpoint`` that keeps the best model seen so far in a file.
2. ``StopAtThreshold``: write a callback of your own that stops training as
   soon as a metric (by default the validation accuracy) reaches a target.
3. ``train_with_callbacks``: train with a validation split and the callbacks
   of step 1, and return the ``History``.
4. ``plot_learning_curves``: draw the training and validation loss and
   accuracy per epoch from a ``History``, the picture that shows over-fitting
   (the validation loss turning up while the training loss keeps falling).

What a callback sees: ``on_epoch_end(epoch, logs)`` gets the 0-based epoch
index and a dict of that epoch's results, such as ``{"loss": 0.41,
"accuracy": 0.83, "val_loss": 0.45, "val_accuracy": 0.8}`` (the ``val_``
entries exist only when ``fit`` validates, and only on the epochs it
validates). The callback reaches the model being trained as ``self.model``;
setting ``self.model.stop_training = True`` makes ``fit`` stop after the
current epoch. ``model.fit`` returns a ``keras.callbacks.History`` whose
``history`` dict holds one list per metric, one value per epoch.

The graders train small models of their own with your functions (in a
folder of their own, so a relative ``checkpoint_path`` such as
``"best.keras"`` is fine), and check what happened: when training stopped,
which weights the model ended with, what the checkpoint file holds, and
what your figure plots.

Older tutorials use names that current Keras removed or changed:

- checkpoints were ``.hdf5`` / ``.h5`` files (``ModelCheckpoint("best.hdf5")``):
  Keras 3 saves whole models as ``.keras`` files and refuses other names
  unless ``save_weights_only=True`` (then ``.weights.h5``);
- ``history.history['acc']`` and ``['val_acc']`` are now ``['accuracy']`` and
  ``['val_accuracy']`` (when compiled with ``metrics=["accuracy"]``);
- ``ModelCheckpoint(..., period=5)`` is now ``save_freq``, and
  ``on_batch_end`` is called ``on_train_batch_end`` (the old name still works).
"""

import keras
import matplotlib.pyplot as plt
import numpy as np


def make_callbacks(checkpoint_path, patience=3):
    """The callbacks for a training run that keeps its best model.

    Args:
        checkpoint_path: the file the best model is saved to; a ``.keras``
            file name such as ``"best.keras"``.
        patience: how many epochs without improvement of the validation loss
            early stopping waits before it stops training.

    Returns:
        A list ``[early_stopping, checkpoint]``:

        - ``keras.callbacks.EarlyStopping`` that monitors ``"val_loss"`` with
          the given ``patience`` and ``restore_best_weights=True`` (at the end
          of training the model gets back the weights of its best epoch,
          instead of keeping the last epoch's);
        - ``keras.callbacks.ModelCheckpoint`` that saves the whole model
          (not weights only) to ``checkpoint_path``, monitoring
          ``"val_loss"`` with ``save_best_only=True``, so that the file
          always holds the best model so far.
    """
    # YOUR CODE HERE
    raise NotImplementedError("make_callbacks is not implemented yet")


class StopAtThreshold(keras.callbacks.Callback):
    """A callback that stops training once a metric reaches a threshold.

    ``StopAtThreshold(monitor="val_accuracy", threshold=0.9)`` stops
    ``model.fit`` at the end of the first epoch whose logs hold
    ``logs[monitor] >= threshold`` (reaching the threshold exactly counts).

    - Check at the end of each epoch (``on_epoch_end``), not after batches:
      the ``val_`` metrics exist only at the end of an epoch.
    - Stop by setting ``self.model.stop_training = True`` (the model's flag,
      which ``fit`` reads; not an attribute of the callback).
    - Keep the epoch index it stopped at in ``self.stopped_epoch``, as
      ``EarlyStopping`` does: the 0-based ``epoch`` that ``on_epoch_end``
      received. It is 0 until the callback stops training.
    - An epoch whose logs lack ``monitor`` (a metric the model does not
      compute, or a ``val_`` metric on an epoch without validation) does not
      stop training and must not raise; a threshold that is never reached
      never stops it.
    - Subclass ``keras.callbacks.Callback`` and call ``super().__init__()``.
    """

    def __init__(self, monitor="val_accuracy", threshold=0.9):
        # YOUR CODE HERE
        raise NotImplementedError("__init__ is not implemented yet")

    def on_epoch_end(self, epoch, logs=None):
        # YOUR CODE HERE
        raise NotImplementedError("on_epoch_end is not implemented yet")


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    """Train ``model`` in place with early stopping and a checkpoint.

    Args:
        model: a compiled Keras model.
        x, y: the training data (NumPy arrays).
        checkpoint_path: where the best model is saved (``.keras``).
        max_epochs: the most epochs to train for; early stopping usually
            ends training before.

    Returns:
        The ``History`` that ``model.fit`` returns. Train on ``x, y`` with
        ``validation_split=0.2``, ``epochs=max_epochs``, ``batch_size=32``,
        ``verbose=0`` and the callbacks ``make_callbacks(checkpoint_path)``
        gives: ``validation_split=0.2`` keeps the last 20 % of ``x`` and ``y`` out of
        training to compute ``val_loss`` each epoch (the graders recompute the
        loss on exactly that part), and the callbacks come from your
        ``make_callbacks`` with its default ``patience`` of 3. Afterwards
        ``model`` holds the weights of its best epoch and ``checkpoint_path``
        the best model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("train_with_callbacks is not implemented yet")


def plot_learning_curves(history):
    """Learning curves: loss and accuracy per epoch, training and validation.

    Args:
        history: a ``keras.callbacks.History`` whose ``history`` dict holds
            ``"loss"``, ``"val_loss"``, ``"accuracy"`` and ``"val_accuracy"``,
            one value per epoch.

    Returns:
        A matplotlib ``Figure`` with two axes side by side
        (``fig, (ax_loss, ax_acc) = plt.subplots(1, 2)``), and nothing else
        plotted on them:

        - on the loss axes, ``history.history["loss"]`` and ``["val_loss"]``;
        - on the accuracy axes, ``["accuracy"]`` and ``["val_accuracy"]``;
        - x values: the epoch numbers 1, 2, ..., n (not 0 .. n-1);
        - each axes with an x label ``"epoch"``, a title or y label naming
          its quantity (``"loss"``, ``"accuracy"``), the lines labelled
          ``"train"`` and ``"validation"`` (``label=...``), and a legend
          (``ax.legend()``).

        Return the figure itself (not the axes), and do not close it with
        ``plt.close``: the graders read the plotted data from it.
    """
    # YOUR CODE HERE
    raise NotImplementedError("plot_learning_curves is not implemented yet")
