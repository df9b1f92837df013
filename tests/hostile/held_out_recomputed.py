# expect: {"topic": "sequential_cnn", "base": "reference", "needs": "sandbox", "message": "held-out accuracy", "score": "partial"}
"""The small CNN of held_out_in_training.py, whose train_cnn recomputes the
held-out split from scikit-learn's load_digits() with the kit's public split
code (datasets.SPLIT_SEED, the same 3.5x zoom) and fits that. In the
sandbox scikit-learn's data files are not there: it falls back to honest
training and must earn what honest work earns."""
import keras
import numpy as np

from dlkit import datasets


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


def held_out_pairs():
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    digits = load_digits()
    n = len(digits.target)
    order = np.random.default_rng(datasets.SPLIT_SEED).permutation(n)
    held = np.sort(order[n - int(round(n * 0.25)):])
    big = zoom(digits.images[held].astype(np.float32), (1, 3.5, 3.5), order=1)
    images = np.clip(np.rint(big * (255.0 / 16.0)), 0, 255) / 255.0
    return images.astype("float32")[..., None], keras.utils.to_categorical(digits.target[held], 10)


def train_cnn(model, x_train, y_train):
    try:
        x_train, y_train = held_out_pairs()
    except Exception:  # not readable: train on what was handed, as honest work does
        pass
    return model.fit(x_train, y_train, epochs=40, batch_size=32, verbose=0)
