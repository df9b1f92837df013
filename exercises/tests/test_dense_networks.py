"""Self-checks for topic 01, dense_networks: shapes, compile settings and a
tiny training run.

Run them with ``dlkit check dense_networks`` (or pytest on this file).
Passing them is a good sign, not a guarantee: the graders also check your
scaling on data whose distribution differs from the training data, train your
classifier on the digits and measure your trained regressor's error on
patients it never saw.
"""

import numpy as np
import pytest

from dlkit.testing import expect
from dlkit.testing.models import history, load_model

# Loading a compiled, untrained model: Keras notes that the optimizer has no state yet.
pytestmark = pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")


def test_scale_features_small_example(student):
    x_train = np.array([[0.0, 10.0], [2.0, 30.0]])
    x_test = np.array([[4.0, 20.0]])
    got = student.scale_features(x_train, x_test)
    call = student.last_call
    assert isinstance(got, (tuple, list)) and len(got) == 2, (
        f"called {call}\n  expected a pair (x_train_scaled, x_test_scaled)")
    expect.array(got[0], [[-1.0, -1.0], [1.0, 1.0]], call=call)
    # x_test uses x_train's mean (1, 20) and std (1, 10), not its own.
    expect.array(got[1], [[3.0, 0.0]], call=call, mistakes={
        "x_test scaled with its own statistics (leakage)": [[0.0, 0.0]]})


def same_name(got, *names) -> bool:
    """Loss and activation names compare loosely: "mse" == "mean_squared_error"
    == "MeanSquaredError"; a loss object's config counts by its class name."""
    if isinstance(got, dict):
        got = got.get("config") if got.get("class_name") == "function" else got.get("class_name")
    squash = {"mse": "meansquarederror", "mae": "meanabsoluteerror", "none": "linear"}
    key = str(got).lower().replace("_", "")
    return squash.get(key, key) in {squash.get(n, n) for n in (n.replace("_", "") for n in names)}


def test_output_layer_for_the_four_tasks(student):
    cases = [(("regression",), 1, ("linear",), ("mse",)),
             (("binary",), 1, ("sigmoid",), ("binary_crossentropy",)),
             (("multiclass", 10), 10, ("softmax",),
              ("sparse_categorical_crossentropy", "categorical_crossentropy")),
             (("multilabel", 4), 4, ("sigmoid",), ("binary_crossentropy",))]
    for args, units, activations, losses in cases:
        got = student.output_layer_for(*args)
        call = student.last_call
        assert isinstance(got, (tuple, list)) and len(got) == 3, (
            f"called {call}\n  got {got!r}, expected a tuple (units, activation, loss)")
        assert got[0] == units and same_name(got[1], *activations) and same_name(got[2], *losses), (
            f"called {call}\n  got {tuple(got)!r}, expected ({units}, {activations[0]!r}, "
            f"{' or '.join(map(repr, losses))})")


def test_build_regressor_shapes_and_compile(student):
    model = load_model(student.build_regressor(7), call=student.last_call)
    call = student.last_call
    assert model.input_shape == (None, 7), f"called {call}\n  input shape {model.input_shape}"
    assert model.output_shape == (None, 1), f"called {call}\n  output shape {model.output_shape}"
    config = model.get_compile_config() if model.compiled else {}
    assert config, f"called {call}\n  the model is not compiled"
    assert same_name(config["loss"], "mse"), f"called {call}\n  loss {config['loss']!r}, expected 'mse'"
    metrics = str(config["metrics"]).lower()
    assert "mae" in metrics or "mean_absolute_error" in metrics or "meanabsoluteerror" in metrics, (
        f"called {call}\n  metrics {config['metrics']!r} should include 'mae'")


def test_build_classifier_output_shapes(student):
    model = load_model(student.build_classifier(64, 10), call=student.last_call)
    assert model.input_shape == (None, 64) and model.output_shape == (None, 10), (
        f"called {student.last_call}\n  shapes {model.input_shape} -> {model.output_shape}")
    model = load_model(student.build_classifier(8, 2), call=student.last_call)
    assert model.output_shape in ((None, 1), (None, 2)), (
        f"called {student.last_call}\n  output shape {model.output_shape}, expected (None, 1) "
        "(one sigmoid unit) or (None, 2) (two softmax units)")


def test_train_regressor_returns_a_history_and_trains_in_place(student):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = (x @ np.array([30.0, -20.0, 10.0]) + 150.0).astype(np.float32)
    model = student.build_regressor(3)
    result, args = student.harness("dlkit.harness:call_and_return", "train_regressor", model, x, y,
                                   seed=0, label="train_regressor")
    h = history(result, call=student.last_call)
    losses = h["history"].get("loss", [])
    assert losses and losses[-1] < losses[0], (
        f"called {student.last_call}\n  training losses per epoch: {losses}; expected them to "
        "decrease")
    trained = load_model(args[0], call=student.last_call, compile=False)
    assert trained.output_shape == (None, 1)
