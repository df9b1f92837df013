"""Transfer learning: frozen bases, new heads and fine-tuning.

A network trained on a large *source* task has learned features (edges,
strokes, shapes) that are useful for other tasks too. Transfer learning reuses
it as a *base* for a *target* task that has only a few labelled examples:

1. Freeze the base (``base.trainable = False``) and put a new *head* on top:
   ``GlobalAveragePooling2D`` to turn the base's feature map into one vector
   per image, then a ``Dense`` softmax layer with one unit per target class.
   Only the head is trained, so a few labels are enough.
2. Optionally *fine-tune*: unfreeze the top layers of the base and train on
   with a small learning rate, so that the pretrained features adapt a little
   without being destroyed.

The seeds of this topic do this with ``keras.applications`` networks (VGG16,
MobileNetV2, ResNet50) and their ImageNet weights. Those weights have to be
downloaded, which is not possible here, so the kit ships a small base it
pretrained itself (``scripts/pretrain_base.py`` re-creates it)::

    from dlkit import pretrained
    base = pretrained.load_base()          # keras.Model (28, 28, 3) -> (7, 7, 128), pretrained
    x, y = pretrained.load_target()        # 10 labelled images of each digit 5-9 (labels 0-4)

The base learned *coloured* digits 0-4 (upright, upside down and mirrored, in
random colours). The target task is the digits 5-9, which the base never saw,
in the same random colours, with only 10 labels per class. The graders train
the head of your ``build_transfer_model`` on such a handful of labels and
measure it on held-out images your code never sees: the frozen pretrained base
plus a new head reaches about 0.84-0.94 there (0.76 and more with Adam's
default learning rate, which is slower in the graders' 300 steps), while the
same network trained from scratch on the same 50 images stays below 0.55. The
graders require a held-out accuracy of at least 0.65.

``pretrained.load_base()`` is built like ``keras.applications.MobileNetV2(
include_top=False)``: it ends with a feature map, not with class scores, and
expects float32 inputs in [0, 1] (``pretrained.preprocess_input`` makes them
from 0-255 pixels). ``pretrained.imagenet_weights_available("mobilenet_v2")``
tells you whether a ``keras.applications`` network's ImageNet weights are in
your Keras cache already; ``pretrained.application("mobilenet_v2", (96, 96, 3))``
uses them if so, and otherwise builds the network with random weights and says
so. The graders also run your functions on ``keras.applications.MobileNetV2(
weights=None, include_top=False)``, so write them for any base, not only the
kit's.

What the functions do:

- ``build_transfer_model(base, num_classes)``: the frozen base with a new head,
  compiled.
- ``unfreeze_top(model, base, n_layers, learning_rate=1e-4)``: fine-tuning
  setup: the top ``n_layers`` of ``base`` trainable again (BatchNormalization
  layers stay frozen), recompiled with a small learning rate.
- ``prepare_image(path, target_size, preprocess_input)``: an image file as the
  ``(1, height, width, 3)`` float32 batch a pretrained network expects.

Old code and what to use now: ``from keras.applications.vgg16 import
preprocess_input`` still exists (``keras.applications.vgg16.preprocess_input``);
``keras.preprocessing.image.load_img`` / ``img_to_array`` are now
``keras.utils.load_img`` / ``keras.utils.img_to_array``; ``model.layers[:249]``
loops that set ``layer.trainable`` work as before; ``SGD(lr=...)`` is now
``SGD(learning_rate=...)``. Use only built-in Keras layers (no ``Lambda``
layers): the graders load your models from ``.keras`` files with
``safe_mode=True``.
"""

import keras
import numpy as np
from keras import layers


def build_transfer_model(base, num_classes):
    """A compiled classifier made of the frozen ``base`` and a new head.

    Args:
        base: a ``keras.Model`` without a classifier on top, such as
            ``pretrained.load_base()`` or ``keras.applications.MobileNetV2(
            include_top=False, ...)``: its output is a feature map
            ``(None, height, width, channels)``.
        num_classes: the number of target classes.

    Returns:
        A compiled ``keras.Model`` from the base's input (same shape) to
        ``num_classes`` softmax probabilities, built on ``base`` itself (not a
        copy: its pretrained weights stay as they are):

        - the base frozen: ``base.trainable = False`` (every layer inside it,
          BatchNormalization included), and called with ``training=False``,
          so that its BatchNormalization layers stay in inference mode even
          if the base is unfrozen later for fine-tuning;
        - a new head: ``GlobalAveragePooling2D`` (the feature map becomes one
          vector per image), then ``Dense(num_classes, activation="softmax")``;
          only the head's weights are trainable;
        - compiled for integer labels: ``loss="sparse_categorical_crossentropy"``,
          ``metrics=["accuracy"]``, and Adam with a learning rate of about
          1e-2: the graders train the head for only about 300 steps of 10
          images (50 labelled images, each seen 60 times).
    """
    ### BEGIN SOLUTION
    base.trainable = False
    inputs = keras.Input(shape=base.input_shape[1:])
    features = base(inputs, training=False)
    pooled = layers.GlobalAveragePooling2D()(features)
    outputs = layers.Dense(num_classes, activation="softmax")(pooled)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


def unfreeze_top(model, base, n_layers, learning_rate=1e-4):
    """Prepare ``model`` for fine-tuning: unfreeze the top of ``base``.

    Args:
        model: a compiled model that contains ``base`` (as
            ``build_transfer_model(base, ...)`` makes it), its head trained.
        base: the base inside ``model``.
        n_layers: how many layers of ``base`` to unfreeze, counted from the
            top: exactly the layers ``base.layers[-n_layers:]``, counting every
            layer (pooling, activations, the input layer), not only those with
            weights. ``0`` unfreezes nothing (careful: ``base.layers[-0:]`` is
            the whole list); more than ``len(base.layers)`` unfreezes all.
        learning_rate: the learning rate of the new optimizer.

    Changes ``model`` in place:

    - ``base.trainable = True`` first (it unfreezes every layer inside), then
      every layer of ``base.layers`` frozen again except the top ``n_layers``;
    - BatchNormalization layers stay frozen even among the top layers
      (``trainable = False`` also keeps them in inference mode, so small
      fine-tuning batches cannot ruin their statistics);
    - the head stays trainable;
    - the model is compiled again, with ``keras.optimizers.Adam(learning_rate)``,
      ``loss="sparse_categorical_crossentropy"`` and ``metrics=["accuracy"]``:
      changes to ``trainable`` take effect only when the model is compiled.

    Returns:
        ``model`` (the same object).
    """
    ### BEGIN SOLUTION
    base.trainable = True
    first_unfrozen = max(len(base.layers) - n_layers, 0)
    for index, layer in enumerate(base.layers):
        is_batchnorm = isinstance(layer, layers.BatchNormalization)
        layer.trainable = index >= first_unfrozen and not is_batchnorm
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


def prepare_image(path, target_size, preprocess_input):
    """An image file as the batch of one image a pretrained network expects.

    Args:
        path: the path of an image file (PNG, JPEG, ...), in any mode: RGB,
            greyscale, RGBA, palette.
        target_size: ``(height, width)`` of the network's input.
        preprocess_input: the network's preprocessing function, for example
            ``keras.applications.mobilenet_v2.preprocess_input`` (scales to
            [-1, 1]), ``keras.applications.resnet50.preprocess_input`` (BGR,
            ImageNet means subtracted) or ``pretrained.preprocess_input``.

    Returns:
        A float32 array ``(1, height, width, 3)``: the image loaded with
        ``keras.utils.load_img(path, target_size=target_size,
        color_mode="rgb")`` (always 3 channels: greyscale is repeated, an
        alpha channel dropped; resized with Keras's default nearest-neighbour
        interpolation), as a float32 array, with a batch axis in front, and
        passed through ``preprocess_input``.
    """
    ### BEGIN SOLUTION
    image = keras.utils.load_img(path, target_size=target_size, color_mode="rgb")
    pixels = keras.utils.img_to_array(image, dtype="float32")
    batch = np.expand_dims(pixels, axis=0)
    return np.asarray(preprocess_input(batch), dtype=np.float32)
    ### END SOLUTION
