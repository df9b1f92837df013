# expect: {"topic": "sequential_cnn", "message": "declares 37,500,050 parameters, more than the 10,000,000", "score": "zero"}
"""Saves a small model but declares, in its config, a Dense layer of 2.5
million units: the file stays small, and the worker's parameter check sees
the small model; building the declared one would take the grader's memory.
A patched keras.Model.save rewrites the config in the worker."""
import json
import zipfile

import keras

UNITS = 2_500_000
_save = keras.Model.save


def widening_save(self, filepath, *args, **kwargs):
    _save(self, filepath, *args, **kwargs)
    with zipfile.ZipFile(filepath) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    layers = config["config"]["layers"]
    wide = next(i for i, layer in enumerate(layers) if layer["config"].get("units") == 25)
    layers[wide]["config"]["units"] = UNITS
    layers[wide + 1]["build_config"]["input_shape"][-1] = UNITS
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(filepath, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


keras.Model.save = widening_save


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
