"""Autoencoders: compression, denoising and anomaly scores.

An autoencoder is a network trained to give back its own input: an *encoder*
squeezes each input through a narrow *code* (the bottleneck), and a *decoder*
rebuilds the input from that code. Because the code is narrower than the
input, the network has to learn what the data have in common; it is trained
with the input as its own target, ``model.fit(x, x)``. Load the data for your
own experiments with::

    from dlkit import datasets
    images, labels = datasets.load("digits")      # (1348, 8, 8) uint8 0-16, (1348,) ints 0-9
    x = images.reshape(len(images), -1).astype("float32") / 16   # (1348, 64) in [0, 1]

    images28, _ = datasets.load("mnist28")        # the same digits as (1348, 28, 28) uint8 0-255

``datasets.load`` gives the *training* split only; the graders measure your
models on held-out digits your code never sees.

What the functions do:

1. ``build_autoencoder``: a dense autoencoder as three ``keras.Model``\\ s that
   share their layers: the ``encoder`` (input -> code), the ``decoder`` (code
   -> reconstruction) and the ``autoencoder`` (input -> reconstruction) built
   from them, so that training the autoencoder trains the encoder and the
   decoder too, and ``decoder(encoder(x))`` equals ``autoencoder(x)``.
2. ``build_conv_autoencoder``: the convolutional version for images
   ``(H, W, C)``: ``Conv2D`` + pooling down to a small code, then upsampling
   (``Conv2DTranspose`` or ``UpSampling2D``) back to exactly ``(H, W, C)``.
3. ``add_noise``: a noisy copy of the images, for training a *denoising*
   autoencoder: ``model.fit(add_noise(x, std, seed), x)`` learns to remove
   the noise, because the target is the clean image.
4. ``reconstruction_errors``: the mean squared error of each sample's
   reconstruction. An autoencoder trained on normal data reconstructs normal
   samples well and unusual ones badly, so this error is an *anomaly score*.

How the graders use them: they call ``build_autoencoder(64, 32)`` with a fixed
seed and train your ``autoencoder`` themselves with ``model.fit`` for 40 epochs,
batches of 64, on the flattened ``digits`` (divided by 16) **except the 5s**,
using the optimizer and loss you compiled it with (``keras.optimizers.Adam``
gets there; plain SGD is far too slow). Then they check, on held-out digits:

- its mean squared reconstruction error is at most **0.4 times** that of the
  *mean image* (predicting the average training image for every input);
- ``decoder(encoder(x))`` still equals ``autoencoder(x)`` after training;
- a second copy, trained on ``add_noise(x, 0.5, seed)`` as input and the
  clean ``x`` as target, reconstructs noisy held-out digits better than the
  copy trained on clean digits: its error at most **0.95 times** the other's
  (denoising helps);
- held-out 5s, which the autoencoder never saw, get larger reconstruction
  errors than held-out digits of the other classes (anomaly detection): a
  ROC AUC of at least **0.78** (0.5 is chance).

The course notes' one-layer autoencoder (``Dense(code_dim, relu)`` then
``Dense(input_dim, sigmoid)``, ``compile(optimizer="adam")``) passes them
all, with some margin; a hidden ``Dense(64, relu)`` layer on each side of the
code and ``keras.optimizers.Adam(learning_rate=3e-3)`` with a wide one.

Use only built-in Keras layers (no ``Lambda`` layers or custom classes): the
graders load your models from ``.keras`` files with ``safe_mode=True``.
"""

import keras
import numpy as np
from keras import layers


def build_autoencoder(input_dim, code_dim):
    """A dense autoencoder whose encoder and decoder share its layers.

    Args:
        input_dim: the number of features of one input (e.g. 64 for a
            flattened 8x8 image), values in [0, 1].
        code_dim: the width of the code (the bottleneck).

    Returns:
        ``(autoencoder, encoder, decoder)``, three ``keras.Model``\\ s:

        - ``encoder``: input ``(None, input_dim)`` -> code ``(None, code_dim)``,
          e.g. ``Dense(64, relu)`` then ``Dense(code_dim)``;
        - ``decoder``: code ``(None, code_dim)`` -> ``(None, input_dim)``,
          e.g. ``Dense(64, relu)`` then ``Dense(input_dim, activation="sigmoid")``:
          the sigmoid keeps the reconstruction in [0, 1] like the inputs;
        - ``autoencoder``: ``(None, input_dim)`` -> ``(None, input_dim)``, made
          of the *same* encoder and decoder (not copies of them), for example
          ``inputs = keras.Input((input_dim,))`` and
          ``keras.Model(inputs, decoder(encoder(inputs)))``, compiled with
          ``loss="mse"`` (``"binary_crossentropy"`` is accepted too: the data
          are in [0, 1]) and an optimizer that trains it in 40 epochs, e.g.
          ``keras.optimizers.Adam(learning_rate=3e-3)``.
    """
    ### BEGIN SOLUTION
    encoder = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(code_dim),
    ], name="encoder")
    decoder = keras.Sequential([
        keras.Input(shape=(code_dim,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(input_dim, activation="sigmoid"),
    ], name="decoder")
    inputs = keras.Input(shape=(input_dim,))
    # Calling the two models on a new input reuses their layers: one set of weights.
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    return autoencoder, encoder, decoder
    ### END SOLUTION


def build_conv_autoencoder(input_shape, code_channels):
    """A compiled convolutional autoencoder whose output has the input's shape.

    Args:
        input_shape: one image's shape ``(H, W, C)``; H and W are multiples
            of 4 (e.g. ``(28, 28, 1)``), values in [0, 1].
        code_channels: the number of channels of the code.

    Returns:
        A compiled model mapping ``(None, H, W, C)`` to ``(None, H, W, C)``:
        ``Conv2D(..., padding="same")`` + ``MaxPooling2D(2)`` twice down to
        the code of shape ``(H/4, W/4, code_channels)``, then two upsampling
        steps (``Conv2DTranspose(..., strides=2, padding="same")`` or
        ``UpSampling2D(2)`` + ``Conv2D``) back to ``(H, W)`` and a last
        ``Conv2D(C, 3, padding="same", activation="sigmoid")``. The code
        must be the smallest layer output (the fewest numbers per image: use
        more than ``code_channels`` filters in the other layers), and the
        model is compiled with ``loss="mse"`` (or ``"binary_crossentropy"``).
    """
    ### BEGIN SOLUTION
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(code_channels, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),  # the code: (H/4, W/4, code_channels)
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same"),
        layers.Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same"),
    ], name="conv_autoencoder")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
    return model
    ### END SOLUTION


def add_noise(x, std, seed):
    """A noisy copy of ``x`` for training a denoising autoencoder.

    Args:
        x: a float array of any shape with values in [0, 1].
        std: the standard deviation of the Gaussian noise.
        seed: an int seed: the same seed gives the same noise.

    Returns:
        A new array of ``x``'s shape and dtype: ``x`` plus Gaussian noise of
        mean 0 and standard deviation ``std``, drawn with
        ``rng = np.random.default_rng(seed)`` and
        ``rng.normal(0.0, std, size=x.shape)``, then clipped to [0, 1]
        (``np.clip``). ``x`` itself is left unchanged.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    noisy = x + rng.normal(0.0, std, size=x.shape)
    return np.clip(noisy, 0.0, 1.0).astype(x.dtype)
    ### END SOLUTION


def reconstruction_errors(autoencoder, x):
    """The mean squared reconstruction error of each sample: its anomaly score.

    Args:
        autoencoder: a model whose output has the shape of its input.
        x: a batch of inputs, ``(N, D)`` vectors or ``(N, H, W, C)`` images.

    Returns:
        A float array of shape ``(N,)``: for each sample, the mean over all
        its values (every axis but the first) of
        ``(x - autoencoder.predict(x)) ** 2``.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    reconstructed = autoencoder.predict(x, verbose=0)
    squared = (x.astype(np.float64) - reconstructed) ** 2
    return squared.reshape(len(x), -1).mean(axis=1)
    ### END SOLUTION
