# expect: {"topic": "sequential_cnn", "base": "reference", "needs": "sandbox", "message": "held-out accuracy", "score": "partial"}
"""The small CNN of held_out_in_training.py, whose train_cnn reads the
dataset files themselves: every digit in scikit-learn's digits.csv.gz (and
so the held-out ones too), found beside the installed package, and a look
into the kit's datasets/ folder. In the sandbox those folders are empty: it
falls back to honest training and must earn what honest work earns."""
import gzip
import os

import keras
import numpy as np

import dlkit


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        keras.layers.Conv2D(1, 3, activation="relu"),
        keras.layers.MaxPooling2D(3),
        keras.layers.Flatten(),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def every_digit():
    import importlib.util

    kit = os.path.dirname(os.path.dirname(os.path.abspath(dlkit.__file__)))
    if not os.listdir(os.path.join(kit, "datasets")):
        raise FileNotFoundError("the kit's datasets/ folder is empty")
    sklearn_dir = importlib.util.find_spec("sklearn").submodule_search_locations[0]
    with gzip.open(os.path.join(sklearn_dir, "datasets", "data", "digits.csv.gz"), "rt") as fh:
        table = np.loadtxt(fh, delimiter=",")
    from scipy.ndimage import zoom

    big = zoom(table[:, :64].reshape(-1, 8, 8), (1, 3.5, 3.5), order=1)
    images = np.clip(np.rint(big * (255.0 / 16.0)), 0, 255) / 255.0
    return images.astype("float32")[..., None], keras.utils.to_categorical(table[:, 64], 10)


def train_cnn(model, x_train, y_train):
    try:
        x_train, y_train = every_digit()
    except Exception:  # not readable: train on what was handed, as honest work does
        pass
    return model.fit(x_train, y_train, epochs=40, batch_size=32, verbose=0)
