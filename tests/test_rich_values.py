"""Models, histories, figures and vectorizers cross from the worker as plain
data; the grader loads models safely and refuses code-carrying layers."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from dlkit.sandbox.limits import Limits
from dlkit.sandbox.supervisor import Worker
from dlkit.testing import StudentFailure
from dlkit.testing.models import figure, history, load_model, model_record, vectorizer

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
    ("with_lambda", "Lambda layer"), ("with_custom_layer", "custom class Doubler")])
def test_code_carrying_models_are_refused_with_a_reason(worker, function, words):
    with pytest.raises(StudentFailure, match=words):
        load_model(worker.call(function).value, call=f"{function}()")


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
