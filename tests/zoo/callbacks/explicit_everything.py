"""Every option spelled out: mode='min', save_weights_only=False, verbose=0, positional monitor; fig.add_subplot axes with y labels.

StopAtThreshold reads the logs with .get and records stopped_epoch, resetting
it in on_train_begin as EarlyStopping does.
"""

import keras
import matplotlib
import matplotlib.pyplot as plt
import numpy as np


def make_callbacks(checkpoint_path, patience=3):
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=patience,
                                            verbose=0, mode="min", restore_best_weights=True)
    saver = keras.callbacks.ModelCheckpoint(checkpoint_path, "val_loss", verbose=0, save_best_only=True,
                                            save_weights_only=False, mode="min", save_freq="epoch")
    return [stopper, saver]


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor, self.threshold = monitor, float(threshold)
        self.stopped_epoch = 0

    def on_train_begin(self, logs=None):
        self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is None:
            return
        if float(value) >= self.threshold:
            self.stopped_epoch = epoch
            self.model.stop_training = True


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    return model.fit(x=x, y=y, batch_size=32, epochs=max_epochs, verbose=0,
                     callbacks=make_callbacks(checkpoint_path), validation_split=0.2, shuffle=True)


def plot_learning_curves(history):
    fig = plt.figure(figsize=(10, 4))
    ax_loss = fig.add_subplot(1, 2, 1)
    ax_acc = fig.add_subplot(1, 2, 2)
    n = len(history.history["loss"])
    x = np.arange(1, n + 1)
    ax_loss.plot(x, history.history["loss"], "b-", label="train")
    ax_loss.plot(x, history.history["val_loss"], "r--", label="validation")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("loss")
    ax_loss.legend()
    ax_acc.plot(x, history.history["accuracy"], "b-", label="train")
    ax_acc.plot(x, history.history["val_accuracy"], "r--", label="validation")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.legend(loc="lower right")
    return fig
