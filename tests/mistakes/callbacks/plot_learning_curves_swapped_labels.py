"""plot_learning_curves labels the training curve 'validation' and the
validation curve 'train'."""
import matplotlib.pyplot as plt
import numpy as np

EXPECT_TEST = "test_plot_learning_curves_labels"
EXPECT_MESSAGE = "labels are swapped"


def plot_learning_curves(history):
    curves = history.history
    epochs = np.arange(1, len(curves["loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2)
    for ax, name in ((ax_loss, "loss"), (ax_acc, "accuracy")):
        ax.plot(epochs, curves["val_" + name], label="train")
        ax.plot(epochs, curves[name], label="validation")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.legend()
    return fig
