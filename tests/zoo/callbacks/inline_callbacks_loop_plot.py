"""Callbacks built inline in train_with_callbacks (same settings as make_callbacks), a loop over the metrics for the plot.

train_with_callbacks does not call make_callbacks: it writes its own
EarlyStopping(patience=3, restore_best_weights=True) and best-only
ModelCheckpoint, which is the same training.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np

callbacks = keras.callbacks


def make_callbacks(checkpoint_path, patience=3):
    return [
        callbacks.EarlyStopping("val_loss", patience=patience, restore_best_weights=True),
        callbacks.ModelCheckpoint(filepath=checkpoint_path, monitor="val_loss", save_best_only=True),
    ]


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super(StopAtThreshold, self).__init__()
        self.monitor = monitor
        self.threshold = threshold
        self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        current = logs.get(self.monitor)
        if current is not None and np.greater_equal(current, self.threshold):
            self.model.stop_training = True
            self.stopped_epoch = epoch


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    early = callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    best = callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True)
    return model.fit(x, y, validation_split=0.2, epochs=max_epochs, batch_size=32,
                     callbacks=[early, best], verbose=0)


def plot_learning_curves(history):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    epochs = list(range(1, len(history.history["loss"]) + 1))
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        ax.plot(epochs, history.history[metric], label="train")
        ax.plot(epochs, history.history["val_" + metric], label="validation")
        ax.set_title(metric)
        ax.set_xlabel("epoch")
        ax.legend()
    return fig
