"""Hidden graders for 10 hyperparameter_search: a model built from its
hyperparameters, a randomized cross-validated search through scikeras, and a
learning curve from fixed initial weights.

* ``create_model`` is called with argument combinations drawn from
  ``grader_rng`` (positional and keyword, defaults too); each model crosses
  as a ``.keras`` file. Its Dense layers' units are read here (``n_layers``
  hidden layers of ``n_neurons``), and what it computes is graded on probe
  inputs, with its own weights: the input of the output Dense layer must be
  ``n_layers`` x ``Dense(n_neurons, activation)`` of the input, and the output
  the sigmoid of the output Dense layer (so ``Dense(n)`` + ``Activation(a)``,
  activation objects and Dropout are all fine); the loss is binary
  cross-entropy in any spelling and the optimizer the one named.
* ``random_search`` runs in the worker through kit code
  (``dlkit/in_worker/hyperparameter_search.py``) that records every call of
  the module's ``create_model`` (the arguments the search routed to it) and
  how many rows each of its models was trained on, and reduces the result to
  plain data. It is called twice with the same arguments on data generated
  here, with ``n_iter`` and ``cv`` away from their defaults. Graded: the
  candidates are exactly those ``RandomizedSearchCV(random_state=seed)``
  samples (``ParameterSampler``, computed here), each cross-validated with
  ``cv`` folds (``split<k>_test_score``, one model per fold trained on the
  other folds' rows), the sampled values reach ``create_model``,
  ``best_params`` / ``best_score`` are the candidate with the best mean
  validation score and that score, and the second call reproduces the first.
* ``learning_curve`` gets a ``build_fn`` defined in the kit (a fixed small
  network) whose models record, at each ``fit``, their weights and optimizer
  step count at the start, their weights at the end and the rows they were
  given. Graded: one fit per size on the first ``n`` rows, all from the same
  initial weights with a fresh optimizer, and the returned accuracies equal
  those of the trained weights (recomputed here) on the training subset and
  on the test set.

There is no accuracy threshold: the search's scores are compared with
themselves (mean of the folds, best of the candidates, same seed same
numbers) and the learning curve's with the recorded weights. The facts relied
on (the reference reproduces its scores exactly, another Keras seed changes
them) are measured in docs/thresholds_hyperparameter_search.md.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from sklearn.model_selection import ParameterGrid, ParameterSampler, StratifiedKFold

from dlkit.testing import StudentFailure, describe_call, describe_value, grader_rng, memo
from dlkit.testing.compiled import squash
from dlkit.testing.failures import fail, mistake
from dlkit.testing.models import load_model
from dlkit.testing.requirements import BINARY, LossFits, check

# Loading a compiled, untrained model: Keras notes that the optimizer has no state yet.
pytestmark = pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")

HARNESS = "dlkit.in_worker.hyperparameter_search"

# random_search: 120 rows of 5 features; 8 candidates in the space, 2 sampled, 2 folds.
# n_iter and cv differ from the defaults (4 and 3) so that an ignored argument shows, and
# the space is small so that GridSearchCV (all 8) still finishes in time to be named.
SEARCH_ROWS, SEARCH_FEATURES = 120, 5
SEARCH_SPACE = {"model__n_neurons": [4, 12], "model__n_layers": [1, 2],
                "model__activation": ["relu", "tanh"]}
N_ITER, CV = 2, 2
SEARCH_SEED = int(grader_rng("random_search").integers(2**31 - 1))
DEFAULT_N_ITER, DEFAULT_CV = 4, 3
SKLEARN_DEFAULT_N_ITER, SKLEARN_DEFAULT_CV = 10, 5
SCORE_ATOL = 1e-9

# learning_curve: 96 training rows, 48 test rows, the kit's Dense(8, tanh) network.
CURVE_ROWS, CURVE_TEST_ROWS, CURVE_FEATURES = 96, 48, 5
CURVE_HIDDEN, CURVE_LEARNING_RATE = 8, 0.05
CURVE_SEED = int(grader_rng("learning_curve").integers(2**31 - 1))
# Samples whose logit is this close to 0 may round either way between the worker's
# predict and this process's forward pass; each may move a score by 1/n.
AMBIGUOUS_LOGIT = 1e-4

# -- mistake descriptions -------------------------------------------------------------------

LAYERS_OFF_BY_ONE = ("n_layers off by one: build exactly n_layers hidden Dense layers "
                     "(for _ in range(n_layers)); the output layer is not one of them")
NEURONS_IGNORED = "n_neurons ignored: every hidden layer needs Dense(n_neurons, ...)"
ACTIVATION_IGNORED = ("activation ignored on the hidden layers: pass activation=activation to "
                      "every hidden Dense layer")
ACTIVATION_FIRST_ONLY = ("the activation is applied to the first hidden layer only: every hidden "
                         "Dense layer needs activation=activation")
FEATURES_IGNORED = "n_features ignored: start with keras.Input(shape=(n_features,))"
OUTPUT_HIDDEN_ACTIVATION = ("the output layer uses the hidden layers' activation: the output is a "
                            "probability, Dense(1, activation='sigmoid'), whatever activation is")
SINGLE_SOFTMAX = ("softmax over a single unit always outputs 1.0: a binary classifier ends with "
                  "Dense(1, activation='sigmoid')")
TWO_SOFTMAX = ("two softmax units: this classifier ends with one sigmoid unit "
               "(Dense(1, activation='sigmoid')) and binary_crossentropy")
LINEAR_OUTPUT = ("no activation on the output layer: Dense(1, activation='sigmoid') turns the "
                 "output into a probability")
NOT_COMPILED = ("the model is not compiled: call model.compile(optimizer=optimizer, "
                "loss='binary_crossentropy', metrics=['accuracy']) before returning it")
OPTIMIZER_HARD_CODED = ("optimizer hard-coded: pass the optimizer argument to "
                        "model.compile(optimizer=optimizer, ...)")

NOT_A_DICT = ("return a dict {'best_params': search.best_params_, 'best_score': "
              "search.best_score_, 'cv_results': search.cv_results_}, not the search object")
TRAIN_SCORES = ("the best score was taken from the training scores (mean_train_score): the best "
                "score is the mean *validation* score, search.best_score_")
BEST_LOWEST = "the candidate with the lowest mean score was picked: the best has the highest"
GRID_SEARCH = ("every combination was evaluated (GridSearchCV?): RandomizedSearchCV samples "
               "n_iter candidates")
N_ITER_IGNORED = "n_iter ignored: pass n_iter=n_iter to RandomizedSearchCV"
SEED_NOT_PASSED = ("the candidates are not those RandomizedSearchCV(..., random_state=seed) "
                   "samples: pass random_state=seed")
CV_IGNORED = "cv ignored: pass cv=cv to RandomizedSearchCV"
CV_DEFAULT = "cv not passed: RandomizedSearchCV's default is 5 folds; pass cv=cv"
SINGLE_SPLIT = ("no cross-validation: one train/validation split; pass cv=cv so that every "
                "candidate is trained and scored cv times")
NOT_THROUGH_CREATE_MODEL = ("create_model was never called: wrap it, "
                            "KerasClassifier(model=create_model, ...), so that scikeras builds "
                            "one model per fit with the sampled arguments")
PARAMS_NOT_ROUTED = ("the sampled hyperparameters did not reach create_model: pass "
                     "model=create_model itself (not a built model create_model(...), not a "
                     "function that ignores its arguments), with param_distributions as given "
                     "(keys 'model__...')")
N_FEATURES_WRONG = ("create_model got the wrong n_features: pass model__n_features=x.shape[1] to "
                    "KerasClassifier")
KERAS_NOT_SEEDED = ("the same seed gave different scores: the Keras weights and shuffling are not "
                    "seeded; pass random_state=seed to KerasClassifier (or call "
                    "keras.utils.set_random_seed(seed) first)")

CURVE_NOT_TRAINED = ("none of the models build_fn returned was trained: build a model with "
                     "build_fn() for every size and call its fit")
CURVE_FIT_COUNT = "fit was called {fits} times for {sizes} sizes: train one model per size, once"
CURVE_NEW_WEIGHTS = ("each size started from new random weights (every build_fn() call draws its "
                     "own): keep initial = build_fn().get_weights() once and call "
                     "model.set_weights(initial) on each size's new model before fit")
CURVE_CUMULATIVE = ("one model was trained cumulatively across the sizes (each size started from "
                    "the previous size's trained weights): build a new model per size and reset "
                    "its weights to the initial ones")
CURVE_OPTIMIZER_STATE = ("the weights were reset but the optimizer kept its state (steps, Adam's "
                         "moments) from the previous size: build a new model with build_fn() for "
                         "every size instead of reusing one")
CURVE_FRACTIONS = ("train_sizes used as fractions of the training set: they are numbers of rows, "
                   "train on x_train[:n]")
CURVE_NOT_FIRST_ROWS = "not the first n rows: train on x_train[:n], y_train[:n]"
CURVE_SWAPPED = "the train and test scores are swapped: return (train_scores, test_scores)"
CURVE_WHOLE_TRAIN = ("the train score is measured on the whole training set: measure it on the "
                     "rows the model was trained on, x_train[:n]")
CURVE_BEFORE_TRAINING = "the scores are those of the initial weights: measure after fit"


# -- create_model ----------------------------------------------------------------------------

ACTIVATIONS = ["tanh", "elu", "selu", "softplus", "sigmoid"]
OPTIMIZERS = ["sgd", "rmsprop", "adagrad", "nadam", "adamax"]


@memo
def create_cases():
    """(args, kwargs, expected (n_features, n_layers, n_neurons, activation, optimizer))."""
    rng = grader_rng("create_model")
    acts = [str(a) for a in rng.choice(ACTIVATIONS, size=3, replace=False)]
    opts = [str(o) for o in rng.choice(OPTIMIZERS, size=3, replace=False)]
    layers = [int(v) for v in rng.permutation([1, 2, 3])]
    neurons = [int(v) for v in rng.choice([3, 5, 7, 9, 11, 24, 40], size=3, replace=False)]
    features = [int(v) for v in rng.choice(np.arange(2, 14), size=4, replace=False)]
    cases = [((features[0],), {}, (features[0], 1, 16, "relu", "adam"))]
    cases.append(((features[1], layers[0], neurons[0], acts[0], opts[0]), {},
                  (features[1], layers[0], neurons[0], acts[0], opts[0])))
    cases.append(((features[2],), {"n_layers": layers[1], "n_neurons": neurons[1],
                                   "activation": acts[1], "optimizer": opts[1]},
                  (features[2], layers[1], neurons[1], acts[1], opts[1])))
    cases.append(((features[3],), {"optimizer": opts[2], "activation": acts[2], "n_layers": layers[2],
                                   "n_neurons": neurons[2]},
                  (features[3], layers[2], neurons[2], acts[2], opts[2])))
    return cases


@pytest.fixture(scope="module")
def created(student):
    """One entry per case: (model, call) or the StudentFailure it raised."""
    out = []
    for args, kwargs, want in create_cases():
        try:
            value = student.create_model(*args, **kwargs)
            call = student.last_call
            out.append((load_model(value, call=call), call, want))
        except StudentFailure as exc:
            out.append((exc, describe_call("create_model", args, kwargs), want))
    return out


def model_of(entry):
    model, call, want = entry
    if isinstance(model, StudentFailure):
        raise model
    return model, call, want


def dense_layers(model) -> list:
    return [layer for layer in model.layers if type(layer).__name__ == "Dense"]


# -- create_model: behaviour on probe inputs -------------------------------------------------
# What a model computes is graded, not how its config spells it: Dense(n) followed by
# Activation(a) is Dense(n, activation=a); Dropout does nothing at inference.

PROBE_ATOL = 1e-4


@memo
def probe_inputs(n_features: int) -> np.ndarray:
    # Scale 2: relu, tanh, elu, selu, softplus and sigmoid all differ from linear and
    # from each other on these inputs.
    return (2.0 * grader_rng(f"probe_{n_features}").normal(size=(64, n_features))).astype(np.float32)


def apply_activation(name: str, z: np.ndarray) -> np.ndarray:
    return np.asarray(keras.activations.get(name)(z.astype(np.float32)), dtype=np.float64)


def dense_weights(layer) -> tuple[np.ndarray, np.ndarray]:
    weights = layer.get_weights()
    kernel = np.asarray(weights[0], dtype=np.float64)
    bias = np.asarray(weights[1], dtype=np.float64) if len(weights) > 1 else np.zeros(kernel.shape[1])
    return kernel, bias


def forward(layers, x, activations) -> np.ndarray:
    """x through the Dense layers' own weights, each followed by its activation."""
    h = np.asarray(x, dtype=np.float64)
    for layer, act in zip(layers, activations):
        kernel, bias = dense_weights(layer)
        h = apply_activation(act, h @ kernel + bias)
    return h


def computed(model, tensor, x, call, what) -> np.ndarray:
    try:
        return np.asarray(keras.Model(model.inputs, tensor)(x, training=False), dtype=np.float64)
    except Exception as exc:  # noqa: BLE001 - a model the probe cannot run through
        fail(call, f"{what} could not be computed on {describe_value(x)}: "
                   f"{type(exc).__name__}: {str(exc)[:200]}")


def close(a, b) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=PROBE_ATOL))


@pytest.mark.points(3)
def test_create_model_hidden_layers(credit, created):
    for entry in created:
        with credit.case():
            model, call, (n_features, n_layers, n_neurons, activation, _) = model_of(entry)
            try:
                input_shape = tuple(model.input_shape)
            except (AttributeError, ValueError):
                input_shape = None
            if input_shape != (None, n_features):
                fail(call, f"the input shape is {input_shape}, expected (None, {n_features})",
                     mistake(FEATURES_IGNORED if input_shape and input_shape[-1] != n_features else ""))
            dense = dense_layers(model)
            hidden = dense[:-1]
            units = [int(layer.units) for layer in hidden]
            if units != [n_neurons] * n_layers:
                lines = [f"the hidden Dense layers have {units} units, expected {[n_neurons] * n_layers} "
                         f"(n_layers={n_layers} layers of n_neurons={n_neurons})"]
                if abs(len(hidden) - n_layers) == 1:
                    lines.append(mistake(LAYERS_OFF_BY_ONE))
                elif units and n_neurons not in units:
                    lines.append(mistake(NEURONS_IGNORED))
                fail(call, *lines)
            # The hidden part as the model computes it: the input of the output Dense layer.
            x = probe_inputs(n_features)
            got = computed(model, dense[-1].input, x, call, "the hidden layers' output")
            if close(got, forward(hidden, x, [activation] * n_layers)):
                continue
            lines = [f"on {describe_value(x)} the last hidden layer's output is not what "
                     f"{n_layers} x Dense({n_neurons}, activation={activation!r}) computes "
                     "with the model's own weights"]
            others = [a for a in ["linear", "relu"] + ACTIVATIONS if a != activation]
            ignored = next((a for a in others if close(got, forward(hidden, x, [a] * n_layers))), None)
            if ignored is not None:
                lines.append(f"the hidden layers compute {ignored!r}")
                lines.append(mistake(ACTIVATION_IGNORED))
            elif n_layers > 1 and any(
                    close(got, forward(hidden, x, [activation] + [a] * (n_layers - 1)))
                    for a in ("linear", "relu")):
                lines.append(mistake(ACTIVATION_FIRST_ONLY))
            fail(call, *lines)


# The classifier is trained on 0/1 labels with its one sigmoid unit.
BINARY_LOSS = (LossFits(BINARY),)


@pytest.mark.points(2)
def test_create_model_output_and_loss(credit, created):
    for entry in created:
        with credit.case():
            model, call, (n_features, _, _, activation, _) = model_of(entry)
            dense = dense_layers(model)
            try:
                output_shape = tuple(model.output_shape)
            except (AttributeError, ValueError):
                output_shape = None
            if not dense or output_shape != (None, 1):
                reason = TWO_SOFTMAX if output_shape == (None, 2) else ""
                fail(call, f"the model's output shape is {output_shape}, expected (None, 1): one "
                           "unit, Dense(1, activation='sigmoid')", mistake(reason))
            # The output as computed, against sigmoid(the last Dense layer on its own input).
            x = probe_inputs(n_features)
            before = computed(model, dense[-1].input, x, call, "the output layer's input")
            try:
                got = np.asarray(model(x, training=False), dtype=np.float64).reshape(len(x), -1)
            except Exception as exc:  # noqa: BLE001 - a model the probe cannot run through
                fail(call, f"the model could not be called on {describe_value(x)}: "
                           f"{type(exc).__name__}: {str(exc)[:200]}")
            kernel, bias = dense_weights(dense[-1])
            logits = before @ kernel + bias
            if not close(got, apply_activation("sigmoid", logits)):
                reason = ""
                if np.allclose(got, 1.0, atol=PROBE_ATOL):
                    reason = SINGLE_SOFTMAX
                elif close(got, logits):
                    reason = LINEAR_OUTPUT
                elif activation != "sigmoid" and close(got, apply_activation(activation, logits)):
                    reason = OUTPUT_HIDDEN_ACTIVATION
                fail(call, f"on {describe_value(x)} the output is not sigmoid(the last Dense "
                           "layer's output): expected Dense(1, activation='sigmoid'), a probability",
                     mistake(reason))
            check(model, call, BINARY_LOSS)


@pytest.mark.points(1)
def test_create_model_optimizer(credit, created):
    for entry in created:
        with credit.case():
            model, call, (_, _, _, _, optimizer) = model_of(entry)
            if getattr(model, "optimizer", None) is None:
                fail(call, mistake(NOT_COMPILED))
            got = type(model.optimizer).__name__
            if squash(got) != squash(optimizer):
                fail(call, f"the model is compiled with {got}, expected the optimizer named "
                           f"{optimizer!r}",
                     mistake(OPTIMIZER_HARD_CODED if optimizer != "adam" else ""))


# -- random_search --------------------------------------------------------------------------

def binary_data(label: str, rows: int, features: int, noise: float = 0.7):
    rng = grader_rng(label)
    x = rng.normal(size=(rows, features)).astype(np.float32)
    w = rng.normal(size=features)
    y = (x @ w / np.sqrt(features) + noise * rng.normal(size=rows) > 0).astype(np.int64)
    return x, y


@memo
def search_data():
    return binary_data("search_data", SEARCH_ROWS, SEARCH_FEATURES)


@memo
def expected_candidates(n_iter: int, seed: int) -> list[dict]:
    return [dict(p) for p in ParameterSampler(SEARCH_SPACE, n_iter=n_iter, random_state=seed)]


@memo
def grid_candidates() -> list[dict]:
    return [dict(p) for p in ParameterGrid(SEARCH_SPACE)]


@memo
def fold_train_rows(cv: int) -> list[int]:
    x, y = search_data()
    return [len(train) for train, _ in StratifiedKFold(cv).split(x, y)]


def search_call() -> str:
    return (f"random_search(x, y, {SEARCH_SPACE}, n_iter={N_ITER}, cv={CV}, seed={SEARCH_SEED}) "
            f"(x: {SEARCH_ROWS} rows of {SEARCH_FEATURES} features, y: labels 0/1)")


def run_search(student) -> dict:
    x, y = search_data()
    # Keyword arguments only: StudentModule.harness compares a first positional argument
    # with the label, which an array cannot answer.
    return student.harness(f"{HARNESS}:search_recorded", x=x, y=y, param_distributions=SEARCH_SPACE,
                           n_iter=N_ITER, cv=CV, seed=SEARCH_SEED, label="random_search")


@pytest.fixture(scope="module")
def first_search(student):
    return run_search(student)


@pytest.fixture(scope="module")
def second_search(student, first_search):
    return run_search(student)


def routed(candidate: dict) -> dict:
    """What create_model should receive for a candidate (the model__ prefix removed)."""
    return {"n_features": SEARCH_FEATURES,
            **{k.split("__", 1)[1]: v for k, v in candidate.items() if k.startswith("model__")}}


def check_search_ran(run: dict, call: str) -> None:
    """Fail, naming the mistake where the recorded builds show it, when the
    search raised or returned no dict."""
    if run.get("error"):
        reason = ""
        builds = run.get("builds", [])
        searched = {k.split("__", 1)[1] for k in SEARCH_SPACE}
        if builds and all(b["arguments"].get("n_features") not in (None, SEARCH_FEATURES)
                          for b in builds):
            reason = N_FEATURES_WRONG
        elif builds and not any(searched & set(b["arguments"]) for b in builds):
            reason = PARAMS_NOT_ROUTED
        fail(call, f"it raised {run['error']}", mistake(reason))
    result = run["result"]
    if result.get("type") != "dict":
        fail(call, f"it returned a {result.get('type')}, expected a dict",
             mistake(NOT_A_DICT if "Search" in str(result.get("type")) else ""))


def cv_results_of(run: dict, call: str) -> dict:
    check_search_ran(run, call)
    result = run["result"]
    missing = [k for k in ("best_params", "best_score", "cv_results") if k not in result["keys"]]
    if missing:
        fail(call, f"the dict has keys {result['keys']}, expected best_params, best_score and "
                   "cv_results", mistake(NOT_A_DICT))
    columns = result.get("cv_results")
    if not isinstance(columns, dict) or "params" not in columns or "mean_test_score" not in columns:
        kind = columns.get("type") if isinstance(columns, dict) else type(columns).__name__
        fail(call, f"cv_results is {kind or 'a dict without params and mean_test_score'}, "
                   "expected search.cv_results_ (a dict with 'params', 'mean_test_score', "
                   "'split0_test_score', ...)")
    return columns


def split_keys(columns: dict) -> list[str]:
    keys = [k for k in columns if k.startswith("split") and k.endswith("_test_score")]
    return sorted(keys, key=lambda k: int(k[len("split"):-len("_test_score")] or 0)
                  if k[len("split"):-len("_test_score")].isdigit() else 10**6)


@pytest.mark.points(2)
def test_random_search_returns_the_best_candidate(first_search):
    call = search_call()
    columns = cv_results_of(first_search, call)
    result = first_search["result"]
    params, means = columns["params"], np.asarray(columns["mean_test_score"], dtype=float)
    if len(params) != len(means) or not len(means) or not np.all(np.isfinite(means)):
        fail(call, f"cv_results holds {len(params)} candidates and mean_test_score "
                   f"{describe_value(means)}: expected one finite mean score per candidate")
    best = float(np.max(means))
    score = result.get("best_score")
    if not isinstance(score, float):
        fail(call, f"best_score is {score!r}, expected a number (search.best_score_)")
    if not np.isclose(score, best, rtol=0, atol=SCORE_ATOL):
        reason = ""
        train = columns.get("mean_train_score")
        if train is not None and np.isclose(score, float(np.max(train)), rtol=0, atol=SCORE_ATOL):
            reason = TRAIN_SCORES
        elif np.isclose(score, float(np.min(means)), rtol=0, atol=SCORE_ATOL):
            reason = BEST_LOWEST
        fail(call, f"best_score is {score!r}, but the highest mean_test_score in cv_results is "
                   f"{best!r}", mistake(reason))
    winners = [p for p, m in zip(params, means) if np.isclose(m, best, rtol=0, atol=SCORE_ATOL)]
    if result.get("best_params") not in winners:
        worst = [p for p, m in zip(params, means) if m == np.min(means)]
        fail(call, f"best_params is {result.get('best_params')!r}, expected the candidate with the "
                   f"highest mean_test_score ({best:.4f}): one of {winners}",
             mistake(BEST_LOWEST if result.get("best_params") in worst and len(means) > 1 else ""))


@pytest.mark.points(2)
def test_random_search_samples_n_iter_candidates(first_search):
    call = search_call()
    columns = cv_results_of(first_search, call)
    got = columns["params"]
    want = expected_candidates(N_ITER, SEARCH_SEED)
    if got == want:
        return
    grid = grid_candidates()
    reason = ""
    if got == grid:
        reason = GRID_SEARCH
    elif len(got) in (DEFAULT_N_ITER, SKLEARN_DEFAULT_N_ITER, min(SKLEARN_DEFAULT_N_ITER, len(grid))):
        reason = N_ITER_IGNORED
    elif len(got) == len(want):
        reason = SEED_NOT_PASSED
    fail(call, f"the candidates evaluated (cv_results['params']) are {got}",
         f"expected the {len(want)} that RandomizedSearchCV(..., n_iter={N_ITER}, "
         f"random_state={SEARCH_SEED}) samples: {want}", mistake(reason))


@pytest.mark.points(2)
def test_random_search_cross_validates(credit, first_search):
    call = search_call()
    with credit.case():
        columns = cv_results_of(first_search, call)
        keys = split_keys(columns)
        want_keys = [f"split{k}_test_score" for k in range(CV)]
        if keys != want_keys:
            reason = {1: SINGLE_SPLIT, DEFAULT_CV: CV_IGNORED, SKLEARN_DEFAULT_CV: CV_DEFAULT}
            fail(call, f"cv_results has the fold scores {keys}, expected {want_keys} "
                       f"(cv={CV} folds)", mistake(reason.get(len(keys), CV_IGNORED)))
        splits = np.stack([np.asarray(columns[k], dtype=float) for k in keys], axis=1)
        means = np.asarray(columns["mean_test_score"], dtype=float)
        if splits.shape[0] != len(means) or not np.allclose(splits.mean(axis=1), means, rtol=0,
                                                             atol=SCORE_ATOL):
            fail(call, f"mean_test_score {describe_value(means)} is not the mean of the fold "
                       f"scores {describe_value(splits)}")
    with credit.case():
        columns = cv_results_of(first_search, call)
        builds = first_search["builds"]
        if not builds:
            fail(call, "create_model was never called", mistake(NOT_THROUGH_CREATE_MODEL))
        n_candidates = len(columns["params"])
        allowed = (n_candidates * CV, n_candidates * CV + 1)  # + 1: refit=True refits the best
        if len(builds) not in allowed:
            fail(call, f"create_model built {len(builds)} models for {n_candidates} candidates: "
                       f"cross-validating each with cv={CV} folds trains {n_candidates * CV} "
                       f"(one per candidate and fold)",
                 mistake(SINGLE_SPLIT if len(builds) in (n_candidates, n_candidates + 1)
                         else CV_IGNORED))
        want_rows = fold_train_rows(CV)
        for build in builds[:n_candidates * CV]:
            if len(build["fit_rows"]) != 1 or build["fit_rows"][0] not in want_rows:
                fail(call, f"a model built with {build['arguments']} was trained on "
                           f"{build['fit_rows']} rows (one list item per fit call), expected one "
                           f"fit on the {sorted(set(want_rows))} rows of the other folds")


@pytest.mark.points(2)
def test_random_search_hyperparameters_reach_create_model(first_search):
    call = search_call()
    columns = cv_results_of(first_search, call)
    builds = first_search["builds"]
    if not builds:
        fail(call, "create_model was never called", mistake(NOT_THROUGH_CREATE_MODEL))
    received = [b["arguments"] for b in builds]
    for candidate in columns["params"]:
        want = routed(candidate)
        got = [r for r in received if all(r.get(k) == v for k, v in want.items())]
        if len(got) >= CV:
            continue
        reason = PARAMS_NOT_ROUTED
        if any(r.get("n_features") not in (None, SEARCH_FEATURES) for r in received):
            reason = N_FEATURES_WRONG
        fail(call, f"the candidate {candidate} should reach create_model as {want}, "
                   f"{CV} times (one model per fold); create_model received {received[:6]}"
                   f"{' ...' if len(received) > 6 else ''}", mistake(reason))


@pytest.mark.points(2)
def test_random_search_is_reproducible(first_search, second_search):
    call = search_call() + ", twice"
    first = cv_results_of(first_search, call)
    second = cv_results_of(second_search, call)
    if first["params"] != second["params"]:
        fail(call, f"the first call evaluated {first['params']}, the second {second['params']}",
             mistake(SEED_NOT_PASSED))
    keys = split_keys(first)
    if keys != split_keys(second):
        fail(call, f"the first call has fold scores {keys}, the second {split_keys(second)}")
    for key in keys + ["mean_test_score"]:
        a, b = np.asarray(first[key]), np.asarray(second[key])
        if a.shape != b.shape or not np.array_equal(a, b):
            fail(call, f"{key} was {describe_value(a)} in the first call and {describe_value(b)} "
                       "in the second", mistake(KERAS_NOT_SEEDED))


# -- learning_curve ---------------------------------------------------------------------------

@memo
def curve_data():
    x, y = binary_data("curve_data", CURVE_ROWS + CURVE_TEST_ROWS, CURVE_FEATURES, noise=0.4)
    rng = grader_rng("curve_sizes")
    # one size from each third of the training set (never all of it: then the train score on
    # the whole set would equal the right one)
    edges = np.linspace(8, CURVE_ROWS - 8, 4).astype(int)
    sizes = [int(rng.integers(lo, hi)) for lo, hi in zip(edges[:-1], edges[1:])]
    return x[:CURVE_ROWS], y[:CURVE_ROWS], x[CURVE_ROWS:], y[CURVE_ROWS:], sizes


def curve_call() -> str:
    _, _, _, _, sizes = curve_data()
    return (f"learning_curve(build_fn, x_train, y_train, x_test, y_test, {sizes}) (build_fn: a "
            f"Dense({CURVE_HIDDEN}, tanh) network of the grader's; {CURVE_ROWS} training rows, "
            f"{CURVE_TEST_ROWS} test rows, {CURVE_FEATURES} features)")


@pytest.fixture(scope="module")
def curve(student):
    x_train, y_train, x_test, y_test, sizes = curve_data()
    return student.harness(f"{HARNESS}:learning_curve_recorded", x_train=x_train, y_train=y_train,
                           x_test=x_test, y_test=y_test, train_sizes=sizes, hidden=CURVE_HIDDEN,
                           learning_rate=CURVE_LEARNING_RATE, seed=CURVE_SEED,
                           label="learning_curve")


def same_weights(a, b) -> bool:
    return len(a) == len(b) and all(np.shape(u) == np.shape(v) and np.array_equal(u, v)
                                    for u, v in zip(a, b))


def curve_fits(curve: dict, call: str) -> list[dict]:
    fits = curve["fits"]
    sizes = curve_data()[4]
    if not fits:
        fail(call, mistake(CURVE_NOT_TRAINED))
    if len(fits) != len(sizes):
        fail(call, mistake(CURVE_FIT_COUNT.format(fits=len(fits), sizes=len(sizes))))
    return fits


@pytest.mark.points(2)
def test_learning_curve_same_start_and_sizes(credit, curve):
    call = curve_call()
    sizes = curve_data()[4]
    with credit.case():
        fits = curve_fits(curve, call)
        for fit, n in zip(fits, sizes):
            if fit["rows"] == n and fit["first_rows"]:
                continue
            reason = CURVE_NOT_FIRST_ROWS
            if fit["rows"] == CURVE_ROWS:
                reason = CURVE_FRACTIONS
            fail(call, f"size {n}: the model was trained on {fit['rows']} rows"
                       f"{'' if fit['rows'] != n else ' that are not the first ' + str(n)}, "
                       f"expected the first {n} rows of x_train and y_train", mistake(reason))
    with credit.case():
        fits = curve_fits(curve, call)
        start = fits[0]["initial"]
        for i in range(1, len(fits)):
            fit = fits[i]
            if same_weights(fit["initial"], start):
                if fit["steps_before"]:
                    fail(call, f"size {sizes[i]}: the optimizer had already taken "
                               f"{fit['steps_before']} steps when fit started",
                         mistake(CURVE_OPTIMIZER_STATE))
                continue
            reason = CURVE_NEW_WEIGHTS
            if same_weights(fit["initial"], fits[i - 1]["final"]):
                reason = CURVE_CUMULATIVE
            fail(call, f"size {sizes[i]} started from other weights than size {sizes[0]}",
                 mistake(reason))


def accuracy(weights, x, y) -> tuple[float, float]:
    """The kit network's accuracy with these weights, and how much it could
    move with samples whose logit is about 0."""
    w1, b1, w2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    logits = (np.tanh(x.astype(np.float64) @ w1 + b1) @ w2 + b2).reshape(-1)
    right = np.mean((logits > 0) == (y > 0.5))
    return float(right), float(np.mean(np.abs(logits) < AMBIGUOUS_LOGIT)) + 1e-6


def check_scores(got, want, slack, what: str, call: str, mistakes: dict) -> None:
    if isinstance(got, (list, tuple)) and all(isinstance(v, (int, float, np.number)) for v in got):
        got = np.asarray(got, dtype=float)
    if not isinstance(got, np.ndarray) or got.shape != want.shape or got.dtype.kind not in "fiu":
        fail(call, f"{what} is {describe_value(got)}, expected a float array of shape {want.shape}")
    if np.all(np.abs(got - want) <= slack):
        return
    named = next((name for name, value in mistakes.items()
                  if np.all(np.abs(got - value) <= slack)), "")
    fail(call, f"{what} is {describe_value(got)}, expected {describe_value(np.round(want, 4))} "
               "(the accuracy of each size's trained model)", mistake(named))


@pytest.mark.points(2)
def test_learning_curve_scores(curve):
    call = curve_call()
    x_train, y_train, x_test, y_test, sizes = curve_data()
    result = curve["result"]
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(call, f"got {describe_value(result)}, expected a tuple (train_scores, test_scores)")
    fits = curve_fits(curve, call)
    rows = [accuracy(f["final"], x_train[:n], y_train[:n]) for f, n in zip(fits, sizes)]
    tests = [accuracy(f["final"], x_test, y_test) for f in fits]
    whole = [accuracy(f["final"], x_train, y_train)[0] for f in fits]
    before_train = [accuracy(f["initial"], x_train[:n], y_train[:n])[0] for f, n in zip(fits, sizes)]
    before_test = [accuracy(f["initial"], x_test, y_test)[0] for f in fits]
    train_want, train_slack = (np.array(v) for v in zip(*rows))
    test_want, test_slack = (np.array(v) for v in zip(*tests))
    check_scores(result[0], train_want, train_slack, "train_scores", call, {
        CURVE_SWAPPED: test_want, CURVE_WHOLE_TRAIN: np.array(whole),
        CURVE_BEFORE_TRAINING: np.array(before_train)})
    check_scores(result[1], test_want, test_slack, "test_scores", call, {
        CURVE_SWAPPED: train_want, CURVE_BEFORE_TRAINING: np.array(before_test)})
