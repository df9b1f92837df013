# expect: {"topic": "sequential_cnn", "message": "the Keras class keras.distribution.DataParallel, which is not a layer", "score": "zero"}
"""Declares keras.distribution.DataParallel as a layer's kernel
initializer: a Keras class, so safe_mode resolves it and calls its
from_config, but it is no modelling class (building it sets up a device
mesh); nor would a callback or a file utility be.  A patched
keras.Model.save writes it in the worker."""
import json
import zipfile

import keras

POISON = {"module": "keras.distribution", "class_name": "DataParallel",
          "config": {}, "registered_name": None}
_save = keras.Model.save


def poisoning_save(self, filepath, *args, **kwargs):
    _save(self, filepath, *args, **kwargs)
    with zipfile.ZipFile(filepath) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][-1]["config"]["kernel_initializer"] = POISON
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(filepath, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


keras.Model.save = poisoning_save


def build_cnn(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Conv2D(4, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
