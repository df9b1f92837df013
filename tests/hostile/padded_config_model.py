# expect: {"topic": "sequential_cnn", "message": "config.json takes 209,7", "score": "zero"}
"""Pads its saved config.json to 200 MB of spaces, compressed to a few
hundred kB: Keras reads config.json whole, so loading it would take the
grader's memory.  A patched keras.Model.save writes it in the worker."""
import json
import zipfile

import keras

PADDING = 200 << 20
_save = keras.Model.save


def padded_save(self, filepath, *args, **kwargs):
    _save(self, filepath, *args, **kwargs)
    with zipfile.ZipFile(filepath) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.dumps(json.loads(members.pop("config.json"))).encode()
    with zipfile.ZipFile(filepath, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("config.json", "w") as out:
            out.write(config)
            for _ in range(PADDING >> 20):
                out.write(b" " * (1 << 20))
        for name, data in members.items():
            archive.writestr(name, data)


keras.Model.save = padded_save


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
