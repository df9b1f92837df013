"""The graders' model requirements (``dlkit.testing.requirements``): each
clause passes a tiny model that meets it, however it is spelled, and fails one
that does not with the diagnosis the mistakes catalog expects.  No training."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from dlkit.testing import StudentFailure
from dlkit.testing import requirements as req

CALL = "build(...)"


def cnn(output="softmax", classes=10, shape=(12, 12, 1), extra=(), conv=True, pool=True):
    stack = [keras.Input(shape=shape)]
    stack += [layers.Conv2D(4, 3, activation="relu")] if conv else []
    stack += [layers.MaxPooling2D()] if pool else []
    stack += [layers.Flatten(), *extra, layers.Dense(classes, activation=output)]
    return keras.Sequential(stack)


def compiled(model, loss="categorical_crossentropy"):
    model.compile(optimizer="adam", loss=loss)
    return model


def failure(model, *clauses) -> str:
    with pytest.raises(StudentFailure) as caught:
        req.check(model, CALL, clauses)
    message = str(caught.value)
    assert message.startswith(f"called {CALL}\n"), message
    return message


def test_a_model_that_meets_every_clause_passes():
    keras.utils.set_random_seed(0)
    model = compiled(cnn(extra=[layers.Dropout(0.3)]))
    req.check(model, CALL, [
        req.IsSequential(), req.InputShape((12, 12, 1)), req.OutputShape((10,)),
        req.HonoursShapes((12, 12, 1), (10,)),
        req.HasLayers({req.CONV: "no conv", req.POOLING: "no pooling"}),
        req.SoftmaxOutput(), req.LossFits(req.ONE_HOT), req.ParameterBudget(10_000),
        req.DropoutRate(0.3), req.RandomOnlyInTraining()])


def test_is_sequential():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, layers.Dense(2, activation="softmax")(inputs))
    assert "expected a keras.Sequential" in failure(model, req.IsSequential())


def test_shapes():
    model = cnn(classes=3, shape=(28, 28, 1))
    assert "input shape is (None, 28, 28, 1), expected (None, 12, 12, 1)" in failure(
        model, req.InputShape((12, 12, 1)))
    assert "output shape is (None, 3), expected (None, 10)" in failure(model, req.OutputShape((10,)))
    message = failure(model, req.HonoursShapes((20, 24, 1), (3,)))
    assert "input_shape or num_classes ignored" in message
    unbuilt = keras.Sequential([layers.Dense(3)])
    assert "no single input and output shape" in failure(unbuilt, req.InputShape((4,)))


def test_output_shape_names_a_feature_map_left_unpooled():
    model = keras.Sequential([keras.Input((8, 8, 3)), layers.Dense(5, activation="softmax")])
    assert "no pooling" in failure(model, req.OutputShape((5,)))


def test_has_layers_names_every_missing_group():
    message = failure(cnn(conv=False, pool=False),
                      req.HasLayers({req.CONV: "no Conv2D layer", req.POOLING: "no pooling layer"}))
    assert "no Conv2D layer" in message and "no pooling layer" in message
    assert "Flatten, Dense" in message


def test_softmax_output_judged_on_outputs_not_config():
    keras.utils.set_random_seed(1)
    spelled_apart = keras.Sequential([keras.Input((6,)), layers.Dense(4),
                                      layers.Activation("softmax")])
    req.check(spelled_apart, CALL, [req.SoftmaxOutput()])
    sigmoid = failure(cnn(output="sigmoid"), req.SoftmaxOutput())
    assert "not a softmax" in sigmoid and "sigmoid scores each class on its own" in sigmoid
    logits = failure(cnn(output=None), req.SoftmaxOutput())
    assert "not a softmax" in logits and "no softmax" in logits


@pytest.mark.parametrize("loss", ["categorical_crossentropy", keras.losses.CategoricalCrossentropy(),
                                  keras.losses.categorical_crossentropy])
def test_loss_fits_one_hot_labels_in_any_spelling(loss):
    req.check(compiled(cnn(), loss), CALL, [req.LossFits(req.ONE_HOT)])


@pytest.mark.parametrize("labels, loss, says", [
    (req.ONE_HOT, "sparse_categorical_crossentropy",
     "sparse_categorical_crossentropy expects integer labels"),
    (req.ONE_HOT, "mse", "regression loss"),
    (req.ONE_HOT, "binary_crossentropy", "separate yes/no question"),
    (req.ONE_HOT, keras.losses.CategoricalCrossentropy(from_logits=True), "from_logits"),
    (req.INTEGER, "categorical_crossentropy", "expects one-hot labels"),
    (req.ONE_HOT_OR_INTEGER, "mae", "regression loss"),
])
def test_loss_that_does_not_fit_the_labels(labels, loss, says):
    message = failure(compiled(cnn(), loss), req.LossFits(labels))
    assert "does not fit" in message and says in message


def test_loss_fits_either_encoding():
    for loss in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        req.check(compiled(cnn(), loss), CALL, [req.LossFits(req.ONE_HOT_OR_INTEGER)])


def test_uncompiled_model():
    assert "not compiled" in failure(cnn(), req.LossFits(req.INTEGER))


def test_parameter_budget():
    message = failure(cnn(extra=[layers.Dense(64)]), req.ParameterBudget(1_000))
    assert "more than the 1,000 allowed" in message and "too many parameters" in message
    assert "the largest layer is" in message


def test_dropout_rate():
    assert "no Dropout layer" in failure(cnn(), req.DropoutRate(0.3))
    ignored = failure(cnn(extra=[layers.Dropout(0.25)]), req.DropoutRate(0.4, default=0.25))
    assert "dropout_rate ignored" in ignored
    assert "not kept" in failure(cnn(extra=[layers.Dropout(0.6)]), req.DropoutRate(0.4))


def test_random_only_in_training():
    assert "no Dropout layer" in failure(cnn(), req.RandomOnlyInTraining())
    noisy = cnn(extra=[layers.Dropout(0.5)])
    noisy.layers[-2].call = lambda x, training=None: layers.Dropout.call(noisy.layers[-2], x, True)
    assert "random at inference" in failure(noisy, req.RandomOnlyInTraining())


def test_batchnorm_in_training():
    assert "no BatchNormalization" in failure(cnn(), req.BatchNormInTraining())
    frozen = cnn(extra=[layers.BatchNormalization(trainable=False)])
    assert "frozen" in failure(frozen, req.BatchNormInTraining())
    req.check(cnn(extra=[layers.BatchNormalization(), layers.Dropout(0.2)]), CALL,
              [req.BatchNormInTraining()])


def dense(units=1, activation=None, loss="mse", metrics=("mae",), hidden=True):
    stack = [keras.Input((5,))] + ([layers.Dense(8, activation="relu")] if hidden else [])
    model = keras.Sequential(stack + [layers.Dense(units, activation=activation)])
    if loss is not None:
        model.compile(optimizer="adam", loss=loss, metrics=list(metrics))
    return model


def test_regressor_clauses():
    keras.utils.set_random_seed(2)
    regressor = [req.LinearOutput(), req.RegressionLoss(),
                 req.HasMetric(("mae", "mean_absolute_error"), "the mean absolute error", "['mae']")]
    req.check(dense(), CALL, regressor)
    req.check(dense(loss=keras.losses.MeanSquaredError(),
                    metrics=[keras.metrics.MeanAbsoluteError()]), CALL, regressor)
    assert "a relu output for regression" in failure(dense(activation="relu"), req.LinearOutput())
    assert "expected 'mse'" in failure(dense(loss="mae"), req.RegressionLoss())
    assert "not compiled" in failure(dense(loss=None), req.RegressionLoss())
    assert "include the mean absolute error" in failure(dense(metrics=()), regressor[2])


@pytest.mark.parametrize("n, units, activation, loss", [
    (10, 10, "softmax", "sparse_categorical_crossentropy"),
    (10, 10, "softmax", keras.losses.SparseCategoricalCrossentropy()),
    (2, 1, "sigmoid", "binary_crossentropy"),
    (2, 2, "softmax", "sparse_categorical_crossentropy"),
])
def test_fits_integer_labels(n, units, activation, loss):
    req.check(dense(units, activation, loss, ()), CALL, [req.FitsIntegerLabels(n)])


@pytest.mark.parametrize("n, units, activation, loss, says", [
    (2, 1, "softmax", "binary_crossentropy", "a single softmax unit always outputs 1.0"),
    (3, 3, "softmax", "binary_crossentropy", "softmax output with binary_crossentropy"),
    (10, 10, "softmax", "categorical_crossentropy", "categorical_crossentropy expects one-hot"),
    (10, 10, "sigmoid", "sparse_categorical_crossentropy", "sigmoid for multiclass"),
    (10, 5, "softmax", "sparse_categorical_crossentropy", "one output unit per class"),
])
def test_does_not_fit_integer_labels(n, units, activation, loss, says):
    assert says in failure(dense(units, activation, loss, ()), req.FitsIntegerLabels(n))


def test_binary_loss():
    model = dense(1, "sigmoid", "binary_crossentropy", ())
    req.check(model, CALL, [req.LossFits(req.BINARY)])
    req.check(dense(1, "sigmoid", keras.losses.BinaryCrossentropy(), ()), CALL,
              [req.LossFits(req.BINARY)])
    logits = failure(dense(1, "sigmoid", keras.losses.BinaryCrossentropy(from_logits=True), ()),
                     req.LossFits(req.BINARY))
    assert "from_logits=True" in logits and "a sigmoid output" in logits
    assert "regression loss" in failure(dense(1, "sigmoid", "mse", ()), req.LossFits(req.BINARY))


def test_focal_cross_entropy_only_where_asked():
    focal = compiled(cnn(), keras.losses.CategoricalFocalCrossentropy())
    req.check(focal, CALL, [req.LossFits(req.ONE_HOT_OR_INTEGER, focal=True)])
    assert "does not fit" in failure(focal, req.LossFits(req.ONE_HOT))
