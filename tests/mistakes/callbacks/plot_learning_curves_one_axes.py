"""plot_learning_curves draws all four curves on a single axes."""
import matplotlib.pyplot as plt
import numpy as np

EXPECT_TEST = "test_plot_learning_curves_data"
EXPECT_MESSAGE = "on one axes"


def plot_learning_curves(history):
    curves = history.history
    epochs = np.arange(1, len(curves["loss"]) + 1)
    fig, ax = plt.subplots()
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        ax.plot(epochs, curves[key], label=key)
    ax.set_xlabel("epoch")
    ax.legend()
    return fig
