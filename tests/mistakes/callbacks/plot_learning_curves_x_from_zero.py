"""plot_learning_curves plots the lists without x values, so the epochs run
0 .. n-1."""
import matplotlib.pyplot as plt

EXPECT_TEST = "test_plot_learning_curves_data"
EXPECT_MESSAGE = "x values start at 0"


def plot_learning_curves(history):
    curves = history.history
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2)
    for ax, name in ((ax_loss, "loss"), (ax_acc, "accuracy")):
        ax.plot(curves[name], label="train")
        ax.plot(curves["val_" + name], label="validation")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.legend()
    return fig
