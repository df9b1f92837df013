"""Public self-checks for 06 sequential_cnn: shapes, compile settings, a tiny
training run.

Passing these does not mean the hidden graders pass: they also train your
``build_cnn`` model with your ``train_cnn`` on the whole training split and
require a held-out accuracy that a single Dense layer does not reach.
"""

import keras
import numpy as np

from dlkit.testing import StudentFailure, expect, models


def test_prepare_images_shapes_and_scale(student):
    images = np.array([[[0, 255], [51, 102]], [[255, 255], [0, 0]]], dtype=np.uint8)
    x, y = student.prepare_images(images, np.array([2, 0]), 4)
    call = student.last_call
    want_x = np.array([[[0, 1], [0.2, 0.4]], [[1, 1], [0, 0]]], dtype=np.float32)[..., None]
    expect.array(x, want_x, call=call, mistakes={
        "grey levels not divided by 255": images[..., None].astype(np.float32),
        "no channel axis: x must be (N, H, W, 1)": want_x[..., 0]})
    expect.array(y, np.array([[0, 0, 1, 0], [1, 0, 0, 0]], dtype=np.float32), call=call,
                 mistakes={"labels not one-hot (keras.utils.to_categorical)": np.array([2, 0])})
    assert x.dtype == np.float32 and y.dtype == np.float32, (
        f"called {call}\n  got dtypes {x.dtype} and {y.dtype}, expected float32 for both")


def test_build_cnn_structure_and_compile(student):
    model = models.load_model(student.build_cnn((28, 28, 1), 10), call=student.last_call)
    call = student.last_call
    kinds = [type(layer).__name__ for layer in model.layers]
    assert isinstance(model, keras.Sequential), f"called {call}\n  expected a keras.Sequential"
    assert "Conv2D" in kinds, f"called {call}\n  no Conv2D layer among {kinds}"
    assert any("Pooling2D" in k for k in kinds), f"called {call}\n  no pooling layer among {kinds}"
    assert model.output_shape == (None, 10), (
        f"called {call}\n  output shape {model.output_shape}, expected (None, 10)")
    assert model.count_params() <= 100_000, (
        f"called {call}\n  {model.count_params():,} parameters, at most 100,000 allowed")
    assert getattr(model, "optimizer", None) is not None, f"called {call}\n  the model is not compiled"
    out = np.asarray(model(np.zeros((2, 28, 28, 1), np.float32)))
    assert np.allclose(out.sum(axis=-1), 1, atol=1e-4), (
        f"called {call}\n  output rows sum to {out.sum(axis=-1)}, a softmax gives 1")


def test_train_cnn_tiny_run(student):
    """A few steps on 32 random images: the History has loss and accuracy."""
    model = student.build_cnn((28, 28, 1), 10)
    rng = np.random.default_rng(0)
    x = rng.random((32, 28, 28, 1), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, 32), 10).astype(np.float32)
    history, args = student.harness("dlkit.harness:call_and_return", "train_cnn", model, x, y,
                                    seed=0, label="train_cnn")
    call = student.last_call
    data = models.history(history, call=call)["history"]
    for key in ("loss", "accuracy"):
        assert key in data and len(data[key]) >= 1, (
            f"called {call}\n  history.history has keys {sorted(data)}; expected 'loss' and "
            "'accuracy' (compile with metrics=['accuracy'])")
    models.load_model(args[0], call=call)  # the trained model still loads safely


def test_predict_classes_returns_ints(student):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].set_weights([np.eye(3, dtype=np.float32), np.zeros(3, np.float32)])
    x = np.array([[0, 5, 1], [3, 0, 0], [0, 0, 2], [1, 2, 0]], dtype=np.float32)
    got = student.predict_classes(models.model_record(model), x)
    call = student.last_call
    expect.array(got, np.array([1, 0, 2, 1]), call=call, what="an int array of classes",
                 mistakes={"returned probabilities; take np.argmax(..., axis=-1)":
                           np.asarray(model.predict(x, verbose=0))})
    if got.dtype.kind not in "iu":
        raise StudentFailure(f"called {call}\n  got dtype {got.dtype}, expected ints")


def test_feature_maps_two_layers(student):
    model = keras.Sequential([
        keras.Input((6, 6, 1)),
        keras.layers.Conv2D(2, 3, activation="relu", name="conv"),
        keras.layers.MaxPooling2D(name="pool"),
        keras.layers.Flatten(name="flat"),
        keras.layers.Dense(3, activation="softmax", name="out"),
    ])
    x = np.random.default_rng(1).normal(size=(2, 6, 6, 1)).astype(np.float32)
    got = student.feature_maps(models.model_record(model), x, ["conv", "pool"])
    call = student.last_call
    assert isinstance(got, (list, tuple)) and len(got) == 2, (
        f"called {call}\n  expected a list of 2 arrays, one per layer name")
    for item, name in zip(got, ["conv", "pool"]):
        want = keras.Model(model.inputs, model.get_layer(name).output).predict(x, verbose=0)
        expect.array(item, want, call=f"{call} (layer {name!r})", rtol=1e-4, atol=1e-5)
