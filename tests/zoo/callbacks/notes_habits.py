"""Course notes' habits: EarlyStopping and ModelCheckpoint with keyword arguments, fit(..., validation_split=0.2, callbacks=...), pyplot state machine for the curves.

The notes' ``ModelCheckpoint('best_model.hd5', save_best_only=True)`` and
``EarlyStopping(monitor='val_loss', patience=5)`` brought to Keras 3 (a
.keras path, restore_best_weights); the learning curves drawn with
plt.subplot and returned with plt.gcf().
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras.callbacks import EarlyStopping, ModelCheckpoint


def make_callbacks(checkpoint_path, patience=3):
    early_stopping = EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    model_save = ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True)
    return [early_stopping, model_save]


class StopAtThreshold(keras.callbacks.Callback):
    def __init__(self, monitor="val_accuracy", threshold=0.9):
        super().__init__()
        self.monitor = monitor
        self.threshold = threshold
        self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or self.monitor not in logs:
            return
        if logs[self.monitor] >= self.threshold:
            self.model.stop_training = True
            self.stopped_epoch = epoch


def train_with_callbacks(model, x, y, checkpoint_path, max_epochs=50):
    history = model.fit(x, y, epochs=max_epochs, batch_size=32, validation_split=0.2,
                        callbacks=make_callbacks(checkpoint_path), verbose=0)
    return history


def plot_learning_curves(history):
    h = history.history
    epochs = range(1, len(h["loss"]) + 1)
    plt.figure(figsize=(12, 4))
    plt.subplot(1, 2, 1)
    plt.plot(epochs, h["loss"], label="train")
    plt.plot(epochs, h["val_loss"], label="validation")
    plt.title("loss")
    plt.xlabel("epoch")
    plt.legend()
    plt.subplot(1, 2, 2)
    plt.plot(epochs, h["accuracy"], label="train")
    plt.plot(epochs, h["val_accuracy"], label="validation")
    plt.title("accuracy")
    plt.xlabel("epoch")
    plt.legend()
    return plt.gcf()
