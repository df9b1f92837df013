"""Model requirements stated as named clauses, in the spirit of Keras's own
``run_layer_test``: a grader lists what the student's model must be, and
each clause checks one thing and explains its own failure::

    BUILD_CNN = (
        IsSequential(),
        InputShape((28, 28, 1)),
        HasLayers({CONV: "no Conv2D layer: ...", POOLING: "no pooling layer: ..."}),
        SoftmaxOutput(),
        LossFits(ONE_HOT),
        ParameterBudget(100_000),
    )
    check(model, call, BUILD_CNN)

:func:`check` runs the clauses in order and the first unmet one fails the
test with :func:`dlkit.testing.failures.fail` ("called <call>", what was
found, what was expected, the mistake the evidence points to).  Clauses
judge behaviour wherever they can: the model's outputs on probe inputs, its
loss on known targets, its outputs in training and inference mode, not the
spelling of its config (an ``Activation`` layer after ``Dense`` is a softmax
too; a loss object is as good as its string).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlkit.testing.compiled import loss_name, squash
from dlkit.testing.failures import fail, mistake
from dlkit.testing.memo import memo
from dlkit.testing.seeds import grader_rng

# Label encodings a classifier's loss must fit (LossFits).
ONE_HOT, INTEGER, ONE_HOT_OR_INTEGER = "one-hot", "integer", "one-hot or integer"
BINARY = "0/1"  # one sigmoid unit per example

CONV = ("Conv2D", "SeparableConv2D", "DepthwiseConv2D")
POOLING = ("MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D")
DROPOUT = ("Dropout", "SpatialDropout2D", "GaussianDropout", "AlphaDropout")


class Requirement:
    """One named requirement on a model: :meth:`check` returns when it holds
    and fails the test with its diagnosis otherwise."""

    def check(self, model, call: str) -> None:
        raise NotImplementedError


def check(model, call: str, requirements) -> None:
    """Every requirement in order; the first unmet one fails the test."""
    for requirement in requirements:
        requirement.check(model, call)


# -- reading a model -------------------------------------------------------------

NO_INPUT_HINT = ("start it with keras.Input(shape=input_shape), so that it is built with one "
                 "input and one output")


def model_shapes(model, call: str, hint: str = NO_INPUT_HINT) -> tuple[tuple, tuple]:
    """``(input_shape, output_shape)``, batch axis included; a model that was
    never built (or has several inputs or outputs) fails with ``hint``."""
    try:
        return tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError, TypeError) as exc:
        fail(call, f"the model has no single input and output shape ({type(exc).__name__}); {hint}")


def leaf_layers(model) -> list:
    """The model's layers in order, nested models opened (a pretrained base's
    layers, a Sequential block's)."""
    out = []
    for layer in getattr(model, "layers", []):
        out.extend(leaf_layers(layer) if hasattr(layer, "layers") else [layer])
    return out


def layer_kinds(model) -> str:
    return ", ".join(type(layer).__name__ for layer in model.layers) or "no layers"


def describe_activation(layer) -> str:
    """``Dense with activation 'sigmoid'``, or the layer's class."""
    config = layer.get_config()
    if "activation" in config:
        return f"{type(layer).__name__} with activation {config['activation']!r}"
    return type(layer).__name__


def as_numpy(value) -> np.ndarray:
    """A tensor's or a Keras variable's value as a NumPy array."""
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


def probe_inputs(model, call: str, name: str, n: int = 8) -> np.ndarray:
    """Reproducible random inputs in [0, 1) of the model's input shape."""
    input_shape, _ = model_shapes(model, call)
    return grader_rng(name).random((n,) + tuple(input_shape[1:])).astype(np.float32)


# -- form: the kind of model and its shapes -----------------------------------------

@dataclass(frozen=True)
class IsSequential(Requirement):
    """The model is a ``keras.Sequential``."""

    hint: str = "keras.Sequential([keras.Input(shape=input_shape), ...])"

    def check(self, model, call):
        import keras

        if not isinstance(model, keras.Sequential):
            fail(call, f"got a {type(model).__name__} model, expected a keras.Sequential "
                       f"({self.hint})")


@dataclass(frozen=True)
class InputShape(Requirement):
    """The model takes inputs of ``shape`` (batch axis excluded)."""

    shape: tuple
    hint: str = "use keras.Input(shape=input_shape)"

    def check(self, model, call):
        got, _ = model_shapes(model, call)
        want = (None,) + tuple(self.shape)
        if got != want:
            fail(call, f"the model's input shape is {got}, expected {want}: {self.hint}")


@dataclass(frozen=True)
class OutputShape(Requirement):
    """The model's output has ``shape`` (batch axis excluded)."""

    shape: tuple
    hint: str = "end with Dense(num_classes, activation='softmax') after Flatten"

    def check(self, model, call):
        _, got = model_shapes(model, call)
        want = (None,) + tuple(self.shape)
        if got != want:
            line = ""
            if len(got) == 4 and len(want) == 2:
                line = mistake(f"no pooling: the Dense layer was applied to a feature map "
                               f"{got[:3] + ('channels',)}, so it classifies every position; "
                               "Flatten it or pool it (GlobalAveragePooling2D) first")
            fail(call, f"the model's output shape is {got}, expected {want}: {self.hint}", line)


@dataclass(frozen=True)
class HonoursShapes(Requirement):
    """The model maps ``input_shape`` to ``output_shape``: a build function's
    shape arguments reach the model (batch axes excluded)."""

    input_shape: tuple
    output_shape: tuple
    arguments: str = "input_shape or num_classes"
    hint: str = "use keras.Input(shape=input_shape) and Dense(num_classes)"

    def check(self, model, call):
        got_in, got_out = model_shapes(model, call)
        want_in, want_out = (None,) + tuple(self.input_shape), (None,) + tuple(self.output_shape)
        if (got_in, got_out) != (want_in, want_out):
            fail(call, f"the model maps {got_in} to {got_out}, expected {want_in} to {want_out}",
                 mistake(f"{self.arguments} ignored (hard-coded?): {self.hint}"))


@dataclass(frozen=True)
class HasLayers(Requirement):
    """For each group of layer classes, at least one layer of the model
    (nested models opened) is of that group; ``needs`` maps a group to the
    line that explains its absence, and every missing group is named."""

    needs: dict = field(default_factory=dict)

    def check(self, model, call):
        kinds = {type(layer).__name__ for layer in leaf_layers(model)}
        missing = [why for group, why in self.needs.items() if not kinds & set(group)]
        if missing:
            fail(call, f"the model's layers are: {layer_kinds(model)}", *missing)


# -- behaviour: outputs and loss ---------------------------------------------------

@dataclass(frozen=True)
class SoftmaxOutput(Requirement):
    """On random inputs the model's outputs are rows of non-negative numbers
    summing to 1: a softmax over the classes, however it is spelled."""

    hint: str = "use Dense(num_classes, activation='softmax')"

    def check(self, model, call):
        x = probe_inputs(model, call, "softmax_probe")
        out = as_numpy(model(x, training=False)).astype(np.float64)
        sums = out.reshape(len(x), -1).sum(axis=-1)
        if np.all(out >= -1e-6) and np.allclose(sums, 1.0, atol=1e-4):
            return
        last = leaf_layers(model)[-1] if leaf_layers(model) else None
        # A sigmoid never gives exactly 0 (a ReLU does) and stays within [0, 1].
        if np.all((out >= 0) & (out <= 1)) and not np.any(out == 0):
            line = mistake("sigmoid scores each class on its own (multi-label); one class per "
                           "input needs softmax")
        else:
            line = mistake("no softmax: the last layer outputs raw scores (logits), not class "
                           "probabilities")
        fail(call, f"the output is not a softmax: on random inputs the rows of the model's "
                   f"output sum to {sums.min():.3g} .. {sums.max():.3g} (min value {out.min():.3g}); "
                   "a softmax gives non-negative rows summing to 1",
             f"the last layer is {describe_activation(last) if last else 'none'}; {self.hint}",
             line)


# What a loss's name says about why it does not fit, by the labels it was given.
LOSS_MISTAKES = {
    ONE_HOT: (("sparse", "sparse_categorical_crossentropy expects integer labels, but the "
                         "labels are one-hot rows: use categorical_crossentropy"),),
    INTEGER: (("sparse", ""),
              ("categorical", "categorical_crossentropy expects one-hot labels, but the labels are "
                              "integers 0 .. num_classes - 1: use sparse_categorical_crossentropy")),
}
LOSS_MISTAKES_ANY = (
    ("binary", "binary_crossentropy treats every class as a separate yes/no question "
               "(multi-label); one class out of num_classes needs {want}"),
    ("squared", "a regression loss (mean squared error); classification needs {want}"),
    ("mse", "a regression loss (mean squared error); classification needs {want}"),
    ("absolute", "a regression loss (mean absolute error); classification needs {want}"),
    ("mae", "a regression loss (mean absolute error); classification needs {want}"),
)
WANTED_LOSS = {ONE_HOT: "categorical_crossentropy", INTEGER: "sparse_categorical_crossentropy",
               ONE_HOT_OR_INTEGER: "categorical_crossentropy", BINARY: "binary_crossentropy"}


@memo
def loss_probe(labels: str, num_classes: int):
    """Targets in the ``labels`` encoding, softmax outputs, and the
    cross-entropy Keras computes on them."""
    import keras

    rng = grader_rng("loss_probe")
    classes = rng.integers(0, num_classes, 16)
    logits = rng.normal(size=(16, num_classes))
    probs = (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype(np.float32)
    if labels == INTEGER:
        y_true = classes.astype(np.int64)
        want = keras.losses.sparse_categorical_crossentropy(y_true, probs)
    else:
        y_true = keras.utils.to_categorical(classes, num_classes).astype(np.float32)
        want = keras.losses.categorical_crossentropy(y_true, probs)
    return y_true, probs, float(np.mean(as_numpy(want)))


def _loss_value(loss, y_true, y_pred):
    """The loss on the probe, or why it could not be computed."""
    import keras

    try:
        fn = keras.losses.get(loss) if isinstance(loss, str) else loss
        return float(np.mean(as_numpy(fn(y_true, y_pred))))
    except Exception as exc:  # noqa: BLE001 - a loss that cannot take these labels
        return f"an error ({type(exc).__name__})"


@dataclass(frozen=True)
class Compiled(Requirement):
    """The model is compiled (an optimizer and one loss)."""

    loss: str = "categorical_crossentropy"

    def check(self, model, call):
        loss = getattr(model, "loss", None)
        if getattr(model, "optimizer", None) is None or loss is None:
            fail(call, mistake(f"the model is not compiled: call model.compile(optimizer=..., "
                               f"loss='{self.loss}', metrics=['accuracy']) before returning it"))
        if isinstance(loss, (dict, list, tuple)):
            fail(call, f"the model is compiled with several losses ({loss!r}); a single-output "
                       f"classifier needs one loss, '{self.loss}'")


@dataclass(frozen=True)
class LossFits(Requirement):
    """The model is compiled with a loss that, on ``labels``-encoded targets
    and softmax outputs (sigmoid ones for BINARY), computes the cross-entropy:
    whatever its spelling (a string, a function, a loss object)."""

    labels: str
    num_classes: int = 10
    # Also accept keras.losses.CategoricalFocalCrossentropy: a cross-entropy
    # weighted towards hard examples, where the grader asks only for "a
    # multi-class loss" (its value differs from the cross-entropy's).
    focal: bool = False

    def check(self, model, call):
        want_name = WANTED_LOSS[self.labels]
        activation = "sigmoid" if self.labels == BINARY else "softmax"
        Compiled(want_name).check(model, call)
        loss = model.loss
        config = loss.get_config() if hasattr(loss, "get_config") else {}
        if (self.focal and squash(loss_name(loss)) == "categoricalfocalcrossentropy"
                and not config.get("from_logits")):
            return
        encodings = (ONE_HOT, INTEGER) if self.labels == ONE_HOT_OR_INTEGER else (self.labels,)
        results = []
        for labels in encodings:
            y_true, y_pred, want = (binary_probe() if labels == BINARY
                                    else loss_probe(labels, self.num_classes))
            got = _loss_value(loss, y_true, y_pred)
            if isinstance(got, float) and np.isclose(got, want, rtol=1e-3, atol=1e-5):
                return
            results.append((labels, got, want))
        name = loss_name(loss)
        lowered = name.lower()
        if config.get("from_logits"):
            reason = (f"from_logits=True, but the model's output is already a {activation}: "
                      f"leave from_logits at False (or use the string '{want_name}')")
        else:
            table = LOSS_MISTAKES.get(self.labels, ()) + LOSS_MISTAKES_ANY
            reason = next((text for key, text in table if key in lowered), "")
        measured = "; ".join(
            f"on {labels} labels it gives {got if isinstance(got, str) else f'{got:.4f}'}, "
            f"{WANTED_LOSS[labels].replace('_', ' ').replace('crossentropy', 'cross-entropy')} "
            f"gives {want:.4f}" for labels, got, want in results)
        fail(call, f"the model is compiled with loss {name!r}, which does not fit {self.labels} "
                   f"labels and a {activation} output: {measured}",
             mistake(reason.format(want=want_name)) if reason else f"use loss='{want_name}'")


@dataclass(frozen=True)
class ParameterBudget(Requirement):
    """The model has at most ``limit`` parameters."""

    limit: int
    hint: str = ("a big Dense layer after Flatten of a large feature map; pool more "
                 "(MaxPooling2D), use fewer filters or fewer Dense units")

    def check(self, model, call):
        total = int(model.count_params())
        if total <= self.limit:
            return
        biggest = max(leaf_layers(model), key=lambda layer: layer.count_params())
        fail(call, f"the model has {total:,} parameters, more than the {self.limit:,} allowed",
             f"the largest layer is {biggest.name} ({type(biggest).__name__}, "
             f"{biggest.count_params():,} parameters)",
             f"too many parameters: {self.hint}")


# -- behaviour: training and inference mode -------------------------------------------

def dropout_layers(model) -> list:
    """The layers that drop or noise units in training only: Dropout and its
    subclasses (SpatialDropout2D, ...), GaussianDropout, AlphaDropout."""
    import keras

    return [layer for layer in leaf_layers(model)
            if isinstance(layer, keras.layers.Dropout) or type(layer).__name__ in DROPOUT]


@dataclass(frozen=True)
class DropoutRate(Requirement):
    """The model has Dropout layers, each with rate ``rate`` (``default`` is
    the build function's default, named when it is used instead)."""

    rate: float
    default: float | None = None
    argument: str = "dropout_rate"

    def check(self, model, call):
        layers = dropout_layers(model)
        if not layers:
            fail(call, "the model has no Dropout layer",
                 mistake(f"no Dropout layer: add keras.layers.Dropout({self.argument})"))
        rates = [float(layer.rate) for layer in layers]
        if np.allclose(rates, self.rate):
            return
        line = ""
        if self.default is not None and np.allclose(rates, self.default):
            line = mistake(f"{self.argument} ignored: every Dropout layer must use "
                           f"Dropout({self.argument})")
        elif np.allclose(rates, 1 - self.rate):
            line = mistake(f"Dropout(1 - {self.argument}): Keras's rate is the fraction of units "
                           "dropped, not kept")
        fail(call, f"the Dropout layers' rates are {rates}, expected {self.rate} for every one",
             line)


NO_DROPOUT = "no Dropout layer: add keras.layers.Dropout(dropout_rate)"


@dataclass(frozen=True)
class RandomOnlyInTraining(Requirement):
    """Inference (``predict``, or a call without ``training=True``) gives the
    same outputs twice; two training-mode calls differ (dropout is on)."""

    def check(self, model, call):
        x = probe_inputs(model, call, "model_dropout", n=16)
        for how, run in (("predict(x)", lambda m, v: m.predict(v, verbose=0)),
                         ("model(x)", lambda m, v: as_numpy(m(v)))):
            p1, p2 = run(model, x), run(model, x)
            if not np.allclose(p1, p2, rtol=1e-5, atol=1e-6):
                fail(call, f"two calls {how} on the same inputs gave different outputs "
                           f"(differing by up to {np.max(np.abs(p1 - p2)):.3g})",
                     mistake("the output is random at inference: dropout must be off when "
                             "training=False (is a layer called with training=True, or a noise "
                             "layer left on?)"))
        t1, t2 = as_numpy(model(x, training=True)), as_numpy(model(x, training=True))
        if np.allclose(t1, t2, rtol=1e-6, atol=1e-7):
            has = bool(dropout_layers(model))
            fail(call, "two calls model(x, training=True) on the same inputs gave the same "
                       "output: nothing random happens in training",
                 mistake("Dropout layers with rate 0" if has else NO_DROPOUT))


@dataclass(frozen=True)
class BatchNormInTraining(Requirement):
    """BatchNormalization runs on the model's path: with dropout switched off,
    training mode (batch statistics) and inference (moving statistics) give
    different outputs, and a training-mode call moves the moving mean.
    Changes the model's dropout rates: pass a fresh copy."""

    def check(self, model, call):
        import keras

        bns = [layer for layer in leaf_layers(model)
               if isinstance(layer, keras.layers.BatchNormalization)]
        if not bns:
            fail(call, "the model has no BatchNormalization layer",
                 mistake("no BatchNormalization layer: add keras.layers.BatchNormalization()"))
        if not any(layer.trainable for layer in bns):
            fail(call, mistake("every BatchNormalization layer is frozen (trainable=False), so it "
                               "runs in inference mode even in training: leave it trainable"))
        for layer in dropout_layers(model):
            layer.rate = 0.0
        x = probe_inputs(model, call, "model_batchnorm", n=16)
        before = [as_numpy(layer.moving_mean).copy() for layer in bns]
        train = as_numpy(model(x, training=True))
        infer = as_numpy(model(x, training=False))
        if np.allclose(train, infer, rtol=1e-5, atol=1e-6):
            fail(call, "with dropout switched off, model(x, training=True) and "
                       "model(x, training=False) gave the same output: BatchNormalization "
                       "must use the batch's statistics in training and the moving ones at "
                       "inference (is it on the model's path to the output?)")
        if all(np.allclose(b, as_numpy(layer.moving_mean)) for b, layer in zip(before, bns)):
            fail(call, "a training-mode call did not update any BatchNormalization "
                       "moving_mean: the layers are not on the model's path to the output")


# -- regression and task-fit clauses ---------------------------------------------------

def output_activation(model) -> str:
    """The activation applied last, read from the config for diagnoses: a
    Dense layer's, or a trailing Activation / Softmax / ReLU layer's (Dropout
    and linear Activation layers are skipped)."""
    from dlkit.testing.compiled import activation_name

    for layer in reversed(leaf_layers(model)):
        kind = type(layer).__name__
        if kind in ("Dropout", "InputLayer"):
            continue
        if kind == "Softmax":
            return "softmax"
        if kind == "ReLU":
            return "relu"
        act = activation_name(layer.get_config().get("activation"))
        if kind == "Activation" and act == "linear":
            continue
        return act
    return "linear"


REGRESSION_SQUASHED = ("a {act} output for regression: it cannot produce every value (relu "
                       "never goes below 0, sigmoid stays in (0, 1)); use a linear output")


@dataclass(frozen=True)
class LinearOutput(Requirement):
    """A regressor's last activation is linear, so it can reach any target."""

    hint: str = "a linear output (Dense(1) with no activation)"

    def check(self, model, call):
        act = output_activation(model)
        if act != "linear":
            fail(call, f"the output activation is {act!r}, expected {self.hint}",
                 mistake(REGRESSION_SQUASHED.format(act=act)))


REGRESSION_LOSSES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "huber": "huber",
                     "log_cosh": "log_cosh"}


@memo
def regression_probe():
    """Targets, predictions and each regression loss's value on them."""
    import keras

    rng = grader_rng("regression_loss_probe")
    y_true = rng.normal(0, 1, (16, 1)).astype(np.float32)
    y_pred = (y_true + rng.normal(0, 1.5, (16, 1))).astype(np.float32)
    return y_true, y_pred, {name: float(np.mean(as_numpy(getattr(keras.losses, fn)(y_true, y_pred))))
                            for name, fn in REGRESSION_LOSSES.items()}


@dataclass(frozen=True)
class RegressionLoss(Requirement):
    """The model is compiled with a loss that computes one of ``accepted``
    (keys of REGRESSION_LOSSES), whatever its spelling ("mse",
    "mean_squared_error", MeanSquaredError(), the function ...)."""

    accepted: tuple = ("mse",)
    expected: str = "'mse' (mean squared error)"
    metrics: str = "['mae']"

    def check(self, model, call):
        loss = getattr(model, "loss", None)
        if getattr(model, "optimizer", None) is None or loss is None:
            metrics = f", metrics={self.metrics}" if self.metrics else ""
            fail(call, f"the model is not compiled: call model.compile(optimizer=..., "
                       f"loss='{self.accepted[0]}'{metrics}) before returning it")
        y_true, y_pred, values = regression_probe()
        got = _loss_value(loss, y_true, y_pred)
        if isinstance(got, float) and any(np.isclose(got, values[name], rtol=1e-3, atol=1e-5)
                                          for name in self.accepted):
            return
        name = loss_name(loss)
        got_s = got if isinstance(got, str) else f"{got:.4g}"
        reason = ""
        if "crossentropy" in squash(name):
            reason = (f"{name} is a classification loss; predicting a number is regression: "
                      f"loss='{self.accepted[0]}'")
        fail(call, f"the model is compiled with loss {name!r}, expected {self.expected}: on "
                   f"regression targets it gives {got_s}, the mean squared error "
                   f"{values['mse']:.4g}", mistake(reason))


def metric_names(metrics) -> list[str]:
    """Every metric name in a compile config's metrics (lists, dicts, configs), squashed."""
    if metrics is None:
        return []
    if isinstance(metrics, str):
        return [squash(metrics)]
    if isinstance(metrics, (list, tuple)):
        return [n for m in metrics for n in metric_names(m)]
    if isinstance(metrics, dict):
        if "class_name" in metrics:
            config = metrics.get("config")
            names = [squash(str(metrics["class_name"]))]
            if isinstance(config, str):
                names.append(squash(config))
            elif isinstance(config, dict) and isinstance(config.get("name"), str):
                names.append(squash(config["name"]))
            return names
        return [n for m in metrics.values() for n in metric_names(m)]
    return []


@dataclass(frozen=True)
class HasMetric(Requirement):
    """The model is compiled with a metric among ``names`` (any spelling:
    'mae', 'mean_absolute_error', MeanAbsoluteError())."""

    names: tuple
    what: str
    spelled: str

    def check(self, model, call):
        from dlkit.testing.compiled import compile_config

        metrics = compile_config(model).get("metrics")
        if not {squash(n) for n in self.names} & set(metric_names(metrics)):
            fail(call, f"the compiled metrics are {metrics!r}, expected them to include "
                       f"{self.what}: metrics={self.spelled}")


SINGLE_SOFTMAX = ("a single softmax unit always outputs 1.0 (softmax normalises over the units): "
                  "one sigmoid unit for binary")
SOFTMAX_BCE = ("softmax output with binary_crossentropy: binary_crossentropy scores every "
               "output as a separate yes/no; with softmax use (sparse_)categorical_crossentropy")
MULTICLASS_SIGMOID = ("sigmoid for multiclass: exactly one class is true, so the outputs must "
                      "be a distribution (softmax)")
CCE_INTEGER = ("categorical_crossentropy expects one-hot labels, but the labels are integer "
               "class ids: use sparse_categorical_crossentropy (or one-hot-encode with "
               "keras.utils.to_categorical, formerly np_utils.to_categorical, which the grader "
               "does not do)")
OUTPUT_FROM_LOGITS = ("from_logits=True with a softmax/sigmoid output: the outputs are already "
                      "probabilities; drop from_logits")


@memo
def binary_probe():
    """0/1 labels, sigmoid outputs and their binary cross-entropy."""
    import keras

    rng = grader_rng("binary_loss_probe")
    y_true = rng.integers(0, 2, (16, 1)).astype(np.float32)
    y_pred = (1 / (1 + np.exp(-rng.normal(size=(16, 1))))).astype(np.float32)
    return y_true, y_pred, float(np.mean(as_numpy(keras.losses.binary_crossentropy(y_true, y_pred))))


def _passes(requirement, model, call) -> bool:
    from dlkit.testing.failures import StudentFailure

    try:
        requirement.check(model, call)
    except StudentFailure:
        return False
    return True


@dataclass(frozen=True)
class FitsIntegerLabels(Requirement):
    """A classifier of ``n_classes`` trained on integer labels: ``n_classes``
    softmax outputs with a loss that computes the sparse cross-entropy, or,
    for two classes, one sigmoid unit with the binary cross-entropy.  Judged on
    the outputs and the loss's values; a failure is explained from the config
    (activation and loss names)."""

    n_classes: int

    def check(self, model, call):
        from dlkit.testing.compiled import compile_config, loss_kind

        _, got_out = model_shapes(model, call)
        config = compile_config(model)
        if not config:
            fail(call, "the model is not compiled: call model.compile(...) before returning it")
        units = got_out[-1] if len(got_out) == 2 else None
        if units == self.n_classes and self.n_classes > 1 and _passes(SoftmaxOutput(), model, call) \
                and _passes(LossFits(INTEGER, self.n_classes), model, call):
            return
        if self.n_classes == 2 and units == 1 and self._binary_sigmoid(model, call):
            return
        act, loss = output_activation(model), config.get("loss")
        kind = loss_kind(loss)
        if isinstance(loss, dict) and isinstance(loss.get("config"), dict) \
                and loss["config"].get("from_logits") and act in ("softmax", "sigmoid"):
            fail(call, f"the loss is {loss!r}", mistake(OUTPUT_FROM_LOGITS))
        want = f"(None, {self.n_classes}) softmax with sparse_categorical_crossentropy"
        if self.n_classes == 2:
            want = "(None, 1) sigmoid with binary_crossentropy, or " + want
        if units == 1 and act == "softmax":
            line = SINGLE_SOFTMAX
        elif act == "softmax" and kind == "bce":
            line = SOFTMAX_BCE
        elif kind == "cce":
            line = CCE_INTEGER
        elif act == "sigmoid" and units != 1:
            line = MULTICLASS_SIGMOID
        elif units != self.n_classes and not (self.n_classes == 2 and units == 1):
            line = "one output unit per class: the last Dense layer needs n_classes units"
        else:
            line = "the output layer and the loss do not fit: see output_layer_for"
        fail(call, f"output shape {got_out}, output activation {act!r}, loss {loss!r}",
             f"expected {want} (integer labels)", mistake(line))

    @staticmethod
    def _binary_sigmoid(model, call) -> bool:
        """Outputs strictly within (0, 1) on random inputs (a softmax over one
        unit is always 1) and a loss that computes the binary cross-entropy."""
        x = probe_inputs(model, call, "sigmoid_probe")
        out = as_numpy(model(x, training=False))
        return bool(np.all((out > 0) & (out < 1))) and _passes(LossFits(BINARY), model, call)
