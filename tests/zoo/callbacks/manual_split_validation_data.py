"""Manual hold-out: the last 20 % of x, y cut off by hand and passed as validation_data (what validation_split=0.2 does), constrained-layout figure with markers.

The split point is computed as Keras computes it, int(len(x) * 0.8), so the
model validates on exactly the rows validation_split=0.2 would hold out.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np


def make_callbacks(checkpoint_path, patience=3):
    es = keras.callbacks.EarlyStopping(patience=patience, monitor="val_loss", restore_best_weights=True)
    mc = keras.callbacks.ModelCheckpoint(str(checkpoint_path), save_best_only=True, monitor="val_loss")
    return [es, mc]


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor = monitor
        self.threshold = threshold
        self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        try:
            reached = logs[self.monitor] >= self.threshold
        except (KeyError, TypeError):
            return
        if reached:
            self.stopped_epoch = epoch
            self.model.stop_training = True


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    split = int(len(x) * 0.8)
    x_train, x_val = x[:split], x[split:]
    y_train, y_val = y[:split], y[split:]
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=max_epochs,
                     batch_size=32, callbacks=make_callbacks(checkpoint_path), verbose=0)


def plot_learning_curves(history):
    hist = history.history
    epochs = np.arange(len(hist["loss"])) + 1
    fig, (ax_loss, ax_acc) = plt.subplots(ncols=2, figsize=(11, 4), constrained_layout=True)
    ax_loss.plot(epochs, hist["loss"], "o-", label="train")
    ax_loss.plot(epochs, hist["val_loss"], "s-", label="validation")
    ax_loss.set(xlabel="epoch", ylabel="loss", title="Loss")
    ax_loss.legend()
    ax_acc.plot(epochs, hist["accuracy"], "o-", label="train")
    ax_acc.plot(epochs, hist["val_accuracy"], "s-", label="validation")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    ax_acc.legend()
    return fig
