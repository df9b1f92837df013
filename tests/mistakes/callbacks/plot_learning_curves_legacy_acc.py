"""plot_learning_curves reads history.history['acc'] and ['val_acc'], the
names of old Keras."""
import matplotlib.pyplot as plt
import numpy as np

EXPECT_TEST = "test_plot_learning_curves_data"
EXPECT_MESSAGE = "['accuracy']"


def plot_learning_curves(history):
    curves = history.history
    epochs = np.arange(1, len(curves["loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2)
    for ax, key, name in ((ax_loss, "loss", "loss"), (ax_acc, "acc", "accuracy")):
        ax.plot(epochs, curves[key], label="train")
        ax.plot(epochs, curves["val_" + key], label="validation")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.legend()
    return fig
