"""train_cnn shuffles the images and the labels separately, so every image
gets a random label (the model learns nothing useful)."""
import numpy as np

EXPECT_TEST = "test_train_cnn_held_out_accuracy"
EXPECT_MESSAGE = "shuffled out of step"


def train_cnn(model, x_train, y_train):
    x, y = np.array(x_train), np.array(y_train)
    np.random.shuffle(x)
    np.random.shuffle(y)
    return model.fit(x, y, epochs=12, batch_size=32, verbose=0)
