"""Public self-checks for 12 autoencoders: shapes, shared layers, noise and
reconstruction errors on small cases, and a few training steps.

Passing these does not mean the hidden graders pass: they also check other
sizes, train your autoencoder on the digits for 20 epochs and measure its
reconstruction error, its denoising and its anomaly scores on images your
code never sees, and check add_noise's statistics on large arrays.
"""

import warnings

import keras
import numpy as np

from dlkit import datasets
from dlkit.testing import StudentFailure, expect, models


def load(record, call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optimizer variables of an untrained model
        return models.load_model(record, call=call)


def load_three(value, call):
    if not isinstance(value, (tuple, list)) or len(value) < 3:
        raise StudentFailure(f"called {call}\n  expected a tuple (autoencoder, encoder, decoder)")
    return [load(v, f"{call}, its {name}") for v, name in zip(value, ("autoencoder", "encoder", "decoder"))]


def check_composition(autoencoder, encoder, decoder, call):
    x = np.random.default_rng(0).uniform(0, 1, (5, 64)).astype(np.float32)
    whole = np.asarray(autoencoder(x))
    parts = np.asarray(decoder(encoder(x)))
    if whole.shape != parts.shape or not np.allclose(whole, parts, rtol=1e-4, atol=1e-5):
        raise StudentFailure(f"called {call}\n  decoder(encoder(x)) differs from autoencoder(x): "
                             "build the autoencoder from the encoder and the decoder (shared "
                             "layers), not from copies of their layers")


def test_build_autoencoder_shapes_and_sharing(student):
    value = student.build_autoencoder(64, 8)
    call = student.last_call
    autoencoder, encoder, decoder = load_three(value, call)
    for model, name, want in ((autoencoder, "autoencoder", ((None, 64), (None, 64))),
                              (encoder, "encoder", ((None, 64), (None, 8))),
                              (decoder, "decoder", ((None, 8), (None, 64)))):
        got = (tuple(model.input_shape), tuple(model.output_shape))
        if got != want:
            raise StudentFailure(f"called {call}\n  the {name} maps {got[0]} to {got[1]}, "
                                 f"expected {want[0]} to {want[1]}")
    if getattr(autoencoder, "optimizer", None) is None:
        raise StudentFailure(f"called {call}\n  the autoencoder is not compiled")
    check_composition(autoencoder, encoder, decoder, call)


def test_autoencoder_still_shared_after_training(student):
    """Three epochs on 256 digits: the trained encoder and decoder still compose
    to the trained autoencoder (they are its layers, so training changed them too)."""
    images, _ = datasets.load("digits")
    x = images[:256].reshape(256, -1).astype(np.float32) / 16
    value = student.harness("dlkit.in_worker.autoencoders:train_autoencoder", 64, 8, x, seed=0,
                            epochs=3, batch_size=64, label="build_autoencoder")
    call = "build_autoencoder(64, 8), then its autoencoder trained 3 epochs on 256 digits"
    if isinstance(value, dict) and "problem" in value:
        raise StudentFailure(f"called {call}\n  {value['problem']}")
    autoencoder, encoder, decoder = load_three(value, call)
    check_composition(autoencoder, encoder, decoder, call)
    losses = models.history(value[3], call=call)["history"]["loss"]
    if not losses[-1] < losses[0]:
        raise StudentFailure(f"called {call}\n  the loss did not go down: {losses}")


def test_build_conv_autoencoder_keeps_the_shape(student):
    model = load(student.build_conv_autoencoder((28, 28, 1), 4), call=student.last_call)
    call = student.last_call
    if tuple(model.output_shape) != (None, 28, 28, 1):
        raise StudentFailure(f"called {call}\n  the output shape is {model.output_shape}, "
                             "expected (None, 28, 28, 1), the input's shape")
    if getattr(model, "optimizer", None) is None:
        raise StudentFailure(f"called {call}\n  the model is not compiled")
    out = np.asarray(model(np.random.default_rng(1).normal(0, 3, (2, 28, 28, 1)).astype(np.float32)))
    if out.min() < 0 or out.max() > 1:
        raise StudentFailure(f"called {call}\n  outputs range over {out.min():.3g} .. {out.max():.3g}; "
                             "end with activation='sigmoid' to stay in [0, 1]")


def test_add_noise_recipe(student):
    x = np.full((4, 5), 0.5, dtype=np.float32)
    x[0] = 0.0
    x[1] = 1.0
    got = student.add_noise(x, 0.3, 7)
    call = student.last_call
    noise = np.random.default_rng(7).normal(0.0, 0.3, size=x.shape)
    expect.array(got, np.clip(x + noise, 0, 1).astype(np.float32), call=call, rtol=0, atol=1e-6,
                 mistakes={"not clipped to [0, 1]": x + noise,
                           "no noise added": x})
    if got.dtype != np.float32:
        raise StudentFailure(f"called {call}\n  got dtype {got.dtype}, expected float32 (x's dtype)")
    if not np.array_equal(student.add_noise(x, 0.3, 7), got):
        raise StudentFailure(f"called {call} twice\n  the same seed gave different noise: use "
                             "np.random.default_rng(seed)")


def test_reconstruction_errors_per_sample(student):
    # A model that always outputs 0: the error of a sample is the mean of its squares.
    dense = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, kernel_initializer="zeros")])
    x = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]], dtype=np.float32)
    got = student.reconstruction_errors(models.model_record(dense), x)
    expect.array(got, np.array([1 / 3, 1.0]), call=student.last_call, mistakes={
        "one number for the whole batch: return one error per sample": np.array(2 / 3),
        "summed instead of averaged": np.array([1.0, 3.0]),
        "averaged over the batch (axis 0) instead of each sample's values": np.array([1.0, 0.5, 0.5])})
    conv = keras.Sequential([keras.Input((2, 2, 1)),
                             keras.layers.Conv2D(1, 1, kernel_initializer="zeros")])
    images = np.array([[[[1.0], [1.0]], [[0.0], [0.0]]], [[[2.0], [0.0]], [[0.0], [0.0]]]],
                      dtype=np.float32)
    got = student.reconstruction_errors(models.model_record(conv), images)
    expect.array(got, np.array([0.5, 1.0]), call=student.last_call + " (images (N, H, W, C))",
                 mistakes={"averaged over axis 1 only: average over every axis but the first":
                           np.array([[[0.5], [0.5]], [[2.0], [0.0]]])})
