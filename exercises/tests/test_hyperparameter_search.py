"""Public self-checks for 10 hyperparameter_search: two models' structure, a
tiny search and a tiny learning curve.

``random_search`` and ``learning_curve`` run through kit code
(``dlkit/in_worker/hyperparameter_search.py``) that records what your code
does: which arguments reach ``create_model``, and where each ``fit`` starts.

Passing these does not mean the hidden graders pass: they also try other
argument combinations and optimizers, compare the candidates with those
``RandomizedSearchCV(random_state=seed)`` samples, count the folds and the
models built, call the search twice to check that it is reproducible, and
recompute the learning curve's accuracies from the trained weights.
"""

import keras
import numpy as np

from dlkit.testing import StudentFailure, models

HARNESS = "dlkit.in_worker.hyperparameter_search"


def fail(call, text):
    raise StudentFailure(f"called {call}\n  {text}")


def forward(dense, x, activations):
    """x through the Dense layers' own weights, each followed by its activation."""
    h = np.asarray(x, dtype=np.float64)
    for layer, activation in zip(dense, activations):
        weights = layer.get_weights()
        h = h @ np.asarray(weights[0], np.float64) + (np.asarray(weights[1], np.float64)
                                                       if len(weights) > 1 else 0.0)
        h = np.asarray(keras.activations.get(activation)(h.astype(np.float32)), np.float64)
    return h


def check_model(value, call, want_layers, optimizer):
    model = models.load_model(value, call=call)
    if tuple(model.input_shape) != (None, want_layers[0]):
        fail(call, f"input shape {model.input_shape}, expected (None, {want_layers[0]})")
    want = want_layers[1:]
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    units = [int(layer.units) for layer in dense]
    if units != [u for u, _ in want]:
        fail(call, f"the Dense layers have {units} units, expected {[u for u, _ in want]}")
    # What the model computes, not how its config spells it: Dense(n) followed by
    # Activation(a) is Dense(n, activation=a).
    x = (2.0 * np.random.default_rng(1).normal(size=(32, want_layers[0]))).astype(np.float32)
    got = np.asarray(model(x, training=False), np.float64).reshape(len(x), -1)
    expected = forward(dense, x, [a for _, a in want])
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-4):
        fail(call, "on random inputs the model does not compute "
                   + " -> ".join(f"Dense({u}, activation={a!r})" for u, a in want)
                   + " with its own weights (a hidden activation or the output sigmoid missing?)")
    if getattr(model, "optimizer", None) is None:
        fail(call, "the model is not compiled")
    if type(model.optimizer).__name__.lower() != optimizer:
        fail(call, f"compiled with {type(model.optimizer).__name__}, expected {optimizer!r}")
    loss = model.get_compile_config().get("loss")
    if "binary" not in str(loss).lower():
        fail(call, f"the loss is {loss!r}, expected 'binary_crossentropy'")


def test_create_model_defaults(student):
    value = student.create_model(4)
    check_model(value, student.last_call, [4, (16, "relu"), (1, "sigmoid")], "adam")


def test_create_model_two_tanh_layers(student):
    value = student.create_model(3, n_layers=2, n_neurons=8, activation="tanh", optimizer="sgd")
    check_model(value, student.last_call, [3, (8, "tanh"), (8, "tanh"), (1, "sigmoid")], "sgd")


def small_data(rows, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    return x, y


def test_random_search_tiny(student):
    x, y = small_data(60, 0)
    space = {"model__n_neurons": [4, 8, 16]}
    run = student.harness(f"{HARNESS}:search_recorded", x=x, y=y, param_distributions=space,
                          n_iter=2, cv=2, seed=0, label="random_search")
    call = f"random_search(x, y, {space}, n_iter=2, cv=2, seed=0) (x: 60 rows of 4 features)"
    if run.get("error"):
        fail(call, f"it raised {run['error']}")
    result = run["result"]
    if result.get("type") != "dict" or not {"best_params", "best_score", "cv_results"} <= set(
            result.get("keys", [])):
        fail(call, f"got a {result.get('type')} with keys {result.get('keys')}, expected a dict "
                   "with best_params, best_score and cv_results")
    columns = result["cv_results"]
    if len(columns.get("params", [])) != 2:
        fail(call, f"{len(columns.get('params', []))} candidates evaluated, expected n_iter=2")
    if "split1_test_score" not in columns or "split2_test_score" in columns:
        fail(call, f"cv_results has keys {sorted(columns)}: expected 2 folds (split0, split1)")
    if not np.isclose(result["best_score"], np.max(columns["mean_test_score"])):
        fail(call, f"best_score {result['best_score']} is not the highest mean_test_score "
                   f"{columns['mean_test_score']}")
    # one model per candidate and fold, candidate by candidate (+ 1 if the best is refitted)
    neurons = sorted(b["arguments"].get("n_neurons") for b in run["builds"][:4])
    want = sorted(p["model__n_neurons"] for p in columns["params"] for _ in range(2))
    if neurons != want:
        fail(call, f"create_model received n_neurons {neurons}, expected each candidate's value "
                   f"twice (2 folds): {want}")


def test_learning_curve_tiny(student):
    x, y = small_data(60, 1)
    sizes = [10, 30]
    run = student.harness(f"{HARNESS}:learning_curve_recorded", x_train=x[:40], y_train=y[:40],
                          x_test=x[40:], y_test=y[40:], train_sizes=sizes, hidden=4,
                          learning_rate=0.05, seed=0, label="learning_curve")
    call = f"learning_curve(build_fn, x_train, y_train, x_test, y_test, {sizes}) (40 + 20 rows)"
    result = run["result"]
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(call, "expected a tuple (train_scores, test_scores)")
    for name, scores in zip(("train_scores", "test_scores"), result):
        if np.shape(scores) != (2,):
            fail(call, f"{name} has shape {np.shape(scores)}, expected (2,): one per size")
    fits = run["fits"]
    if [f["rows"] for f in fits] != sizes:
        fail(call, f"the fits trained on {[f['rows'] for f in fits]} rows, expected {sizes}")
    first, second = fits[0]["initial"], fits[1]["initial"]
    if not all(np.array_equal(a, b) for a, b in zip(first, second)):
        fail(call, "the two sizes started from different weights: keep the first model's "
                   "get_weights() and set_weights() them on each new model before fit")
