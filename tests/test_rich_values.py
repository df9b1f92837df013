"""Models, histories, figures and vectorizers cross from the worker as plain
data; the grader loads models safely and refuses code-carrying layers."""

from __future__ import annotations

import json
import re
import resource
import textwrap
import time
import zipfile

import numpy as np
import pytest

from dlkit.sandbox.limits import Limits
from dlkit.sandbox.plaindata import Record
from dlkit.sandbox.supervisor import Worker
from dlkit.testing import StudentFailure, model_screen
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
    w = Worker("mod", str(path), Limits(cpu_seconds=120, call_cpu_seconds=60))
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
    small = Worker("mod", str(path), Limits(cpu_seconds=120, call_cpu_seconds=60, model_bytes=1 << 20))
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


# -- the screen before a student's model is built (dlkit.testing.model_screen) --------

def saved(model, folder, name="model.keras") -> str:
    path = str(folder / name)
    model.save(path)
    return path


def rewritten(path: str, change=None, extra: dict | None = None, pad: int = 0,
              compression=zipfile.ZIP_STORED) -> str:
    """The archive at ``path`` written again, as a student's patched save
    could: its config changed by ``change``, padded with ``pad`` spaces, with
    ``extra`` members."""
    with zipfile.ZipFile(path) as archive:
        members = {m: archive.read(m) for m in archive.namelist()}
    config = json.loads(members["config.json"])
    if change:
        change(config)
    members["config.json"] = (json.dumps(config) + " " * pad).encode()
    members.update(extra or {})
    crafted = path.replace(".keras", "-crafted.keras")
    with zipfile.ZipFile(crafted, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return crafted


def loaded(path: str):
    return load_model(Record("keras_model", {"path": path}), call="build()")


def small_cnn():
    import keras

    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3),
                             keras.layers.GlobalAveragePooling2D(),
                             keras.layers.Dense(25, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def test_a_padded_config_is_refused_by_its_declared_size(tmp_path):
    # 8 MB of config packed into a few kilobytes: never read.
    path = rewritten(saved(small_cnn(), tmp_path), pad=8 << 20, compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(StudentFailure, match=r"config.json takes 8,3\d\d,\d\d\d bytes, more than "
                                             r"the 1,048,576"):
        loaded(path)


def test_compressed_oversized_or_countless_files_are_refused(tmp_path, monkeypatch):
    path = saved(small_cnn(), tmp_path)
    # zipfile's read() would decompress a member whole before checking its size.
    bomb = rewritten(path, extra={"assets/zeros.bin": bytes(4 << 20)},
                     compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(StudentFailure, match=r"is compressed \([\d,]+ bytes holding [\d,]+\); "
                                             "Keras stores a .keras file's files uncompressed"):
        loaded(bomb)
    many = rewritten(path, extra={f"assets/{i}": b"" for i in range(100)})
    with pytest.raises(StudentFailure, match="archive declares 103 files in [\\d,]+ bytes of "
                                             "directory, more than the 64 files"):
        loaded(many)
    monkeypatch.setattr(model_screen, "MAX_WEIGHTS_BYTES", 10_000)
    with pytest.raises(StudentFailure, match=r"model.weights.h5 takes [\d,]+ bytes, more than the "
                                             "10,000"):
        loaded(path)


def set_activation(value):
    def change(config):
        config["config"]["layers"][3]["config"]["activation"] = value
    return change


def set_loss(value):
    def change(config):
        config["compile_config"]["loss"] = value
    return change


def keras_function(module, name):
    return {"module": module, "class_name": "function", "config": name, "registered_name": name}


@pytest.mark.parametrize("change, words", [
    (set_activation(keras_function("keras.distribution", "set_distribution")),
     "the Keras function keras.distribution.set_distribution as a loss, metric or activation"),
    (set_loss(keras_function("keras.config", "set_floatx")), "keras.config.set_floatx"),
    (set_loss(keras_function("keras.utils", "set_random_seed")), "keras.utils.set_random_seed"),
    (set_activation(keras_function("keras.ops", "relu")), "keras.ops.relu"),
    (set_activation(keras_function("keras_evil", "relu")), "a function of your own, relu"),
    (set_activation({"module": "builtins", "class_name": "function", "config": "set_floatx",
                     "registered_name": "function"}), "a function of your own, set_floatx"),
])
def test_only_keras_activations_losses_and_metrics_are_accepted_as_functions(tmp_path, change,
                                                                             words):
    model = small_cnn()
    model.compile("adam", "categorical_crossentropy")
    with pytest.raises(StudentFailure, match=re.escape(words)):
        loaded(rewritten(saved(model, tmp_path), change))


def test_keras_own_functions_load_however_they_are_written(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation=keras.ops.relu),
                              keras.layers.Dense(1, activation=keras.activations.sigmoid)])
    # Keras writes built-in functions passed as objects under module "builtins".
    model.compile("adam", keras.losses.binary_crossentropy,
                  metrics=[keras.metrics.binary_accuracy, keras.losses.mean_squared_error, "auc"])
    assert loaded(saved(model, tmp_path)).count_params() == model.count_params()
    by_module = rewritten(saved(small_cnn(), tmp_path, "cnn.keras"),
                          set_activation(keras_function("keras.activations", "relu")))
    assert loaded(by_module).layers[2].activation.__name__ == "relu"


def test_a_declared_enormous_layer_is_refused_before_it_is_built(tmp_path):
    def widen(units):
        def change(config):
            config["config"]["layers"][3]["config"]["units"] = units
            config["config"]["layers"][4]["build_config"]["input_shape"] = [None, units]
        return change

    path = saved(small_cnn(), tmp_path)
    # Small enough to build (if wrongly) without taking this machine's memory.
    with pytest.raises(StudentFailure, match="declares 37,500,050 parameters, more than the "
                                             "10,000,000"):
        loaded(rewritten(path, widen(2_500_000)))
    # 250 million units (15 GB of weights) cost the screen nothing.
    config = json.loads(zipfile.ZipFile(rewritten(path, widen(250_000_000))).read("config.json"))
    started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cost = model_screen.declared_cost(config)
    assert cost.parameters == 40 + 5 * 250_000_000 + 2_500_000_010
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # kB


def test_a_model_costing_gigaflops_an_example_is_refused(tmp_path):
    import keras

    slow = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Conv2D(128, 3, padding="same"),
                             keras.layers.Conv2D(128, 3, padding="same"),
                             keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
    with pytest.raises(StudentFailure, match=r"costs about 1.2 GFLOP \(1,2\d\d,\d\d\d,\d\d\d "
                                             r"floating-point operations\) per example, more than "
                                             "the 200 MFLOP allowed"):
        loaded(saved(slow, tmp_path))
    huge_output = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.UpSampling2D(40),
                                    keras.layers.GlobalAveragePooling2D()])
    with pytest.raises(StudentFailure, match="outputs 1,254,400 numbers per example"):
        loaded(saved(huge_output, tmp_path, "upsampled.keras"))


def models_of_every_kind():
    import keras
    from keras import layers

    inputs = keras.Input((12, 6))
    encoder = keras.Sequential([keras.Input((12, 6)), layers.Bidirectional(layers.GRU(5)),
                                layers.Dense(4)])
    merged = layers.Concatenate()([encoder(inputs), layers.SimpleRNN(3)(inputs)])
    return [
        keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3, strides=2),
                          layers.BatchNormalization(), layers.DepthwiseConv2D(3),
                          layers.SeparableConv2D(6, 3, padding="same"),
                          layers.Conv2DTranspose(4, 3, strides=2), layers.MaxPooling2D(),
                          layers.Flatten(), layers.Dropout(0.2), layers.Dense(10)]),
        keras.Sequential([keras.Input((7,), dtype="int32"), layers.Embedding(50, 8),
                          layers.LSTM(6, return_sequences=True), layers.TimeDistributed(
                              layers.Dense(3)), layers.Conv1D(2, 3), layers.GlobalAveragePooling1D()]),
        keras.Model(inputs, layers.Dense(2)(merged)),
    ]


def test_the_declared_size_is_the_built_models(tmp_path):
    for index, model in enumerate(models_of_every_kind()):
        config = json.loads(zipfile.ZipFile(saved(model, tmp_path, f"{index}.keras"))
                            .read("config.json"))
        cost = model_screen.declared_cost(config)
        assert cost.parameters == model.count_params(), model.name
        assert 0 < cost.flops < model_screen.MAX_FLOPS


def test_an_unbuilt_model_may_hold_no_weights(tmp_path):
    import keras

    augmenter = keras.Sequential([keras.layers.RandomRotation(0.1), keras.layers.RandomZoom(0.1)])
    assert not loaded(saved(augmenter, tmp_path)).built
    unbuilt = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
    with pytest.raises(StudentFailure, match="its Dense layer 'dense.*' has weights, whose number "
                                             "cannot be known"):
        loaded(saved(unbuilt, tmp_path, "unbuilt.keras"))


def test_a_config_nested_beyond_reason_is_refused(tmp_path):
    path = str(tmp_path / "deep.keras")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", '{"module": "keras", "class_name": "Sequential", '
                                        '"config": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(StudentFailure, match="its config.json is not JSON: maximum recursion"):
        loaded(path)
