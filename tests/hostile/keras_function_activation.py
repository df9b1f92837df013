# expect: {"topic": "sequential_cnn", "message": "keras.distribution.set_distribution as a loss, metric or activation", "score": "zero"}
"""Declares keras.distribution.set_distribution as a layer's activation:
a Keras function, so safe_mode resolves it, but calling the model would
replace Keras's global distribution in the grader's process, for every
later topic and student.  A patched keras.Model.save writes it in the
worker (Keras itself saves any function as module "builtins")."""
import json
import zipfile

import keras

POISON = {"module": "keras.distribution", "class_name": "function",
          "config": "set_distribution", "registered_name": "set_distribution"}
_save = keras.Model.save


def poisoning_save(self, filepath, *args, **kwargs):
    _save(self, filepath, *args, **kwargs)
    with zipfile.ZipFile(filepath) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][-1]["config"]["activation"] = POISON
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
