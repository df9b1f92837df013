"""keras.io "Writing your own callbacks" style: state reset in on_train_begin, a stopped_epoch attribute, logs checked defensively; history as a dict, axes titled.

Follows the keras.io EarlyStoppingAtMinLoss example's shape, with the
threshold test of the exercise.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np


def make_callbacks(checkpoint_path, patience=3):
    early_stop = keras.callbacks.EarlyStopping(
        monitor="val_loss",
        patience=patience,
        restore_best_weights=True,
    )
    checkpoint = keras.callbacks.ModelCheckpoint(
        filepath=checkpoint_path,
        monitor="val_loss",
        save_best_only=True,
        save_weights_only=False,
    )
    return [early_stop, checkpoint]


class StopAtThreshold(keras.callbacks.Callback):
    """Stop training when the monitored metric reaches the threshold."""

    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor = monitor
        self.threshold = threshold
        self.stopped_epoch = 0

    def on_train_begin(self, logs=None):
        self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        current = None if logs is None else logs.get(self.monitor)
        if current is None:
            return
        if current < self.threshold:
            return
        self.stopped_epoch = epoch
        self.model.stop_training = True


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    my_callbacks = make_callbacks(checkpoint_path)
    history = model.fit(
        x,
        y,
        batch_size=32,
        epochs=max_epochs,
        verbose=0,
        validation_split=0.2,
        callbacks=my_callbacks,
    )
    return history


def plot_learning_curves(history):
    d = dict(history.history)
    n = len(d["loss"])
    fig, ax = plt.subplots(1, 2, figsize=(12, 4))
    ax[0].plot(range(1, n + 1), d["loss"], label="train")
    ax[0].plot(range(1, n + 1), d["val_loss"], label="validation")
    ax[0].set_title("Training and validation loss")
    ax[0].set_xlabel("epoch")
    ax[0].set_ylabel("loss")
    ax[0].legend()
    ax[1].plot(range(1, n + 1), d["accuracy"], label="train")
    ax[1].plot(range(1, n + 1), d["val_accuracy"], label="validation")
    ax[1].set_title("Training and validation accuracy")
    ax[1].set_xlabel("epoch")
    ax[1].set_ylabel("accuracy")
    ax[1].legend()
    return fig
