"""Models, histories, figures and vectorizers cross from the worker as plain
data; the grader loads models safely and refuses code-carrying layers."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from dlkit.sandbox.limits import Limits
from dlkit.sandbox.supervisor import Worker
from dlkit.testing import StudentFailure
from dlkit.testing.models import (
    callback,
    figure,
    history,
    history_record,
    load_model,
    model_record,
    vectorizer,
    vectorizer_record,
)

MODULE = textwrap.dedent('''
    import keras
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np

    def small_model():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                                  keras.layers.Dense(1)])
        model.compile("adam", "mse", metrics=["mae"])
        return model

    def trained(model, x, y):
        h = model.fit(x, y, epochs=2, verbose=0)
        return h, model

    def with_lambda():
        return keras.Sequential([keras.Input((4,)), keras.layers.Lambda(lambda t: t * 2)])

    class Doubler(keras.layers.Layer):
        def call(self, t):
            return t * 2

    def with_custom_layer():
        return keras.Sequential([keras.Input((4,)), Doubler()])

    def twice(t):
        return t * 2

    def with_custom_function():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation=twice)])
        model.compile("adam", "mse")
        return model

    def enormous():
        return keras.Sequential([keras.Input((4000,)), keras.layers.Dense(4000)])

    def big():
        return keras.Sequential([keras.Input((1000,)), keras.layers.Dense(1000)])

    def plot():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [3.0, 2.0], label="train")
        ax.set_xlabel("epoch")
        ax.legend()
        return fig

    def words():
        layer = keras.layers.TextVectorization()
        layer.adapt(["a b c", "a b", "a"])
        return layer

    def history_facts(h):
        return type(h).__name__, h.epoch, h.history["val_loss"], h.params

    def encode(layer, lines):
        return np.asarray(layer(lines))

    def callbacks(path):
        return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=4,
                                              restore_best_weights=True),
                keras.callbacks.ModelCheckpoint(path, save_best_only=True)]
''')


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    path = tmp_path_factory.mktemp("rich") / "mod.py"
    path.write_text(MODULE)
    w = Worker("mod", str(path), Limits(wall_seconds=120, call_seconds=60))
    assert w.start().ok
    yield w
    w.close()


def test_model_crosses_as_a_file_and_loads_safely(worker):
    model = load_model(worker.call("small_model").value)
    assert model.output_shape == (None, 1) and model.loss == "mse"


def test_grader_model_goes_in_and_trained_model_comes_back(worker, tmp_path):
    import keras

    sent = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    sent.compile("sgd", "mse")
    x, y = np.ones((16, 4), np.float32), np.ones(16, np.float32)
    got = worker.call("trained", (model_record(sent, str(tmp_path)), x, y))
    assert got.ok, got.message
    h, trained = history(got.value[0]), load_model(got.value[1])
    assert h["epoch"] == [0, 1] and len(h["history"]["loss"]) == 2
    assert not np.allclose(trained.get_weights()[0], sent.get_weights()[0])


@pytest.mark.parametrize("function, words", [
    ("with_lambda", "Lambda layer"), ("with_custom_layer", "custom class Doubler"),
    ("with_custom_function", "a function of your own, twice")])
def test_code_carrying_models_are_refused_with_a_reason(worker, function, words):
    with pytest.raises(StudentFailure, match=words):
        load_model(worker.call(function).value, call=f"{function}()")


def test_enormous_models_are_refused_before_they_reach_the_grader(worker, tmp_path):
    with pytest.raises(StudentFailure, match="16,004,000 parameters, more than the 10,000,000"):
        load_model(worker.call("enormous").value, call="enormous()")
    # The worker is untrusted: the supervisor also goes by the size of the file.
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    small = Worker("mod", str(path), Limits(wall_seconds=120, call_seconds=60, model_bytes=1 << 20))
    assert small.start().ok
    try:
        with pytest.raises(StudentFailure, match="takes 3 MB, more than the 1 MB allowed"):
            load_model(small.call("big").value, call="big()")
    finally:
        small.close()


def test_figures_and_vectorizers_arrive_as_data(worker):
    fig = figure(worker.call("plot").value)
    line = fig["axes"][0]["lines"][0]
    assert line["label"] == "train" and np.array_equal(line["y"], [3.0, 2.0])
    assert fig["axes"][0]["xlabel"] == "epoch" and fig["axes"][0]["legend"] == ["train"]
    vocab = vectorizer(worker.call("words").value)["vocabulary"]
    assert vocab[:3] == ["", "[UNK]", "a"]


def test_wrong_kind_of_value_is_named():
    with pytest.raises(StudentFailure, match="expected a Keras model"):
        load_model(3, call="build()")


def test_grader_vectorizer_goes_in_and_encodes_alike(worker):
    import keras

    layer = keras.layers.TextVectorization(output_sequence_length=4)
    layer.adapt(["the cat sat", "the dog sat down"])
    got = worker.call("encode", (vectorizer_record(layer), ["the cat ran", "dog"]))
    assert got.ok, got.message
    assert np.array_equal(got.value, np.asarray(layer(["the cat ran", "dog"])))


def test_callbacks_arrive_as_their_class_and_settings(worker):
    stop, save = (callback(c) for c in worker.call("callbacks", ("best.keras",)).value)
    assert stop["class"] == "EarlyStopping" and "Callback" in stop["bases"]
    assert stop["attributes"]["patience"] == 4 and stop["attributes"]["restore_best_weights"] is True
    assert save["class"] == "ModelCheckpoint" and save["attributes"]["save_best_only"] is True
    assert save["attributes"]["filepath"] == "best.keras"


def test_harness_fit_trains_in_the_worker_with_a_seed(worker, tmp_path):
    import keras

    keras.utils.set_random_seed(1)
    sent = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    sent.compile("sgd", "mse")
    x = np.random.default_rng(0).normal(size=(40, 4)).astype(np.float32)
    y = x.sum(axis=1)
    runs = [worker.call("harness:dlkit.harness:fit", (model_record(sent, str(tmp_path)), x, y),
                        {"seed": 3, "epochs": 3, "batch_size": 8}) for _ in range(2)]
    assert all(r.ok for r in runs), [r.message for r in runs]
    (first, h1), (second, _) = (r.value for r in runs)
    assert history(h1)["epoch"] == [0, 1, 2]
    w1, w2 = load_model(first).get_weights(), load_model(second).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(w1, w2))  # same seed, same training
    assert not np.allclose(w1[0], sent.get_weights()[0])


def test_grader_history_goes_in_as_a_keras_history(worker):
    sent = history_record({"loss": [1.0, 0.5], "val_loss": [1.2, 0.7]}, params={"epochs": 2})
    got = worker.call("history_facts", (sent,))
    assert got.ok, got.message
    assert got.value == ("History", [0, 1], [1.2, 0.7], {"epochs": 2})
