"""Worker-side code for 11 transfer_learning.

``unfreeze_top(model, base, ...)`` changes ``base``'s layers *inside* ``model``,
so both must be the same objects; two arguments sent separately would arrive
as two unrelated copies.  These functions therefore put the models together
here, in the worker, and call the student's functions on them:

* :func:`build_and_train`: ``build_transfer_model(base, n)`` (seeded), then the
  kit's head training (``dlkit.harness.fit`` on the few labels, each epoch
  going over them ``repeats`` times), so that training counts against the
  topic's limits.  Returns ``(model, history)``.  For the public checks: the
  hidden grader trains in the kit's trainer process (``student.train``).
* :func:`unfreeze_kit_model`: a transfer model assembled by the kit around
  ``base`` (frozen, pooled, a Dense softmax head, compiled with an optimizer
  the student would not choose and with its train function made), then the
  student's ``unfreeze_top(model, base, n_layers, learning_rate)``.  Returns
  what came back, whether ``compile`` ran again, and the model.
* :func:`mobilenet_build` and :func:`mobilenet_unfreeze`: the same on
  ``keras.applications.MobileNetV2(weights=None, include_top=False)``, built
  here once per worker.  It is too large to send back and forth for every
  case, so these report plain data: every weight's path and whether it is
  trainable, the output shape, the optimizer.
* :func:`prepare`: ``prepare_image(path, target_size, preprocess_input)`` on an
  image file the grader sends as bytes (written here: the grader's folders
  are not visible from a sandboxed worker), with the ``preprocess_input``
  function of the ``keras.applications`` module the grader names (a function
  cannot be sent).
"""

from __future__ import annotations

import functools

import numpy as np

from dlkit.harness import fit, seed_everything

# The kit's model for unfreeze_top is compiled with this, so that an optimizer
# left unchanged (no recompiling) is recognised.
KIT_OPTIMIZER_RATE = 0.0123
PREPROCESSORS = ("mobilenet_v2", "resnet50", "vgg16", "dlkit_base")


def build_and_train(module, base, num_classes: int, x, y, *, seed: int, epochs: int,
                    batch_size: int, repeats: int = 1):
    """The student's transfer model for ``base``, its head trained on ``(x, y)``."""
    seed_everything(seed)
    model = module.build_transfer_model(base, num_classes)
    many_x = np.concatenate([x] * repeats)
    many_y = np.concatenate([y] * repeats)
    return fit(module, model, many_x, many_y, seed=seed, epochs=epochs, batch_size=batch_size)


def _kit_transfer_model(base, num_classes: int):
    """A frozen ``base`` with a pooled softmax head, compiled, train function made."""
    import keras

    base.trainable = False
    head = [keras.layers.GlobalAveragePooling2D(name="kit_pool"),
            keras.layers.Dense(num_classes, activation="softmax", name="kit_classes")]
    whole = keras.Sequential([keras.Input(base.input_shape[1:]), base, *head], name="kit_transfer")
    whole.compile(keras.optimizers.RMSprop(KIT_OPTIMIZER_RATE), "sparse_categorical_crossentropy",
                  ["accuracy"])
    whole.make_train_function()  # as after head training: compile() resets it
    return whole


def _call_unfreeze(module, model, base, n_layers: int, learning_rate: float) -> dict:
    result = module.unfreeze_top(model, base, n_layers, learning_rate=learning_rate)
    if result is model:
        returned = "the model"
    elif result is None:
        returned = "None"
    else:
        returned = f"a {type(result).__name__} other than the model passed in"
    return {"returned": returned, "recompiled": model.train_function is None}


def unfreeze_kit_model(module, base, num_classes: int, n_layers: int, learning_rate: float, *,
                       seed: int) -> dict:
    """``unfreeze_top`` on the kit's transfer model around ``base``: ``{"returned",
    "recompiled", "model"}`` (the model, changed by the student's call)."""
    seed_everything(seed)
    model = _kit_transfer_model(base, num_classes)
    facts = _call_unfreeze(module, model, base, n_layers, learning_rate)
    facts["model"] = model
    return facts


@functools.cache
def _mobilenet(input_shape: tuple, alpha: float):
    import keras

    return keras.applications.MobileNetV2(weights=None, include_top=False,
                                          input_shape=input_shape, alpha=alpha)


def leaf_layers(model) -> list:
    """The model's layers, nested models opened up."""
    import keras

    out = []
    for layer in model.layers:
        out += leaf_layers(layer) if isinstance(layer, keras.Model) else [layer]
    return out


def trainable_kind(model) -> set[int]:
    """Ids of the weights that train when their layer is trainable (not statistics such as
    BatchNormalization's moving mean). Keras 3 sets ``variable.trainable`` with the layer's
    flag, so each layer is asked with its flag set, then put back."""
    found = set()
    for layer in leaf_layers(model):
        was = layer.trainable
        layer.trainable = True
        found |= {id(v) for v in layer.trainable_weights}
        layer.trainable = was
    return found


def _report(model) -> dict:
    """Every weight of ``model`` as ``(path, trainable in the model, trainable kind, size)``
    (kind: False for statistics such as BatchNormalization's moving mean), the model's
    output shape and its optimizer."""
    trainable = {id(v) for v in model.trainable_weights}
    kind = trainable_kind(model)
    optimizer = getattr(model, "optimizer", None)
    rate = getattr(optimizer, "learning_rate", None)
    try:
        rate = float(np.asarray(rate))
    except (TypeError, ValueError):
        rate = None if rate is None else f"{type(rate).__name__}"
    try:
        output_shape = [None if d is None else int(d) for d in model.output_shape]
    except (AttributeError, ValueError, TypeError):
        output_shape = None
    return {"weights": [(v.path, id(v) in trainable, id(v) in kind, int(np.prod(v.shape)))
                        for v in model.weights],
            "output_shape": output_shape,
            "optimizer": None if optimizer is None else type(optimizer).__name__,
            "learning_rate": rate}


def mobilenet_build(module, num_classes: int, *, seed: int, input_shape: tuple, alpha: float) -> dict:
    """``build_transfer_model(MobileNetV2(weights=None, ...), num_classes)``, reported."""
    seed_everything(seed)
    base = _mobilenet(tuple(input_shape), float(alpha))
    base.trainable = True  # as keras.applications builds it, whatever an earlier call did
    model = module.build_transfer_model(base, num_classes)
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"build_transfer_model(<MobileNetV2>, {num_classes}) returned "
                        f"{type(model).__name__}, expected a keras.Model")
    return _report(model)


def mobilenet_unfreeze(module, num_classes: int, n_layers: int, learning_rate: float, *, seed: int,
                       input_shape: tuple, alpha: float) -> dict:
    """``unfreeze_top`` on the kit's transfer model around MobileNetV2, reported."""
    seed_everything(seed)
    base = _mobilenet(tuple(input_shape), float(alpha))
    model = _kit_transfer_model(base, num_classes)
    facts = _call_unfreeze(module, model, base, n_layers, learning_rate)
    facts.update(_report(model))
    return facts


def prepare(module, name: str, content, target_size: tuple, preprocess: str):
    """``prepare_image(path, target_size, <preprocess>.preprocess_input)`` on a
    file written here, in the worker's own folder, from ``content`` (the file's
    bytes as a uint8 array; the grader's files are not visible in here)."""
    import os

    if preprocess not in PREPROCESSORS:
        raise ValueError(f"unknown preprocessing {preprocess!r}")
    if preprocess == "dlkit_base":
        from dlkit.pretrained import preprocess_input
    else:
        import importlib

        preprocess_input = importlib.import_module(f"keras.applications.{preprocess}").preprocess_input
    folder = os.path.join(os.getcwd(), "images")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, os.path.basename(name))
    with open(path, "wb") as fh:
        fh.write(np.asarray(content, dtype=np.uint8).tobytes())
    return module.prepare_image(path, tuple(target_size), preprocess_input)
