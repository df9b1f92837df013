"""Hidden graders for topic 05 `param_counts`.

Every expected value is read off Keras layers and models built here, in the
grader's process, from randomised sizes and layer stacks: the trainable and
non-trainable counts are ``sum(np.prod(w.shape))`` over
``trainable_weights`` / ``non_trainable_weights``. The values of known wrong
approaches are computed alongside (from the same Keras objects or from
Keras models built from deliberately altered specs) so that a failure names
the mistake.

Every Keras computation goes through a ``@memo`` helper keyed by plain
values (sizes, spec lists), and the random draws stay outside them, so the
second and later submissions graded by one grader process build no Keras
objects at all.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit.testing import expect, grader_rng, memo  # noqa: E402

# -- helpers -----------------------------------------------------------------


def _size(weights) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


@memo
def _layer_counts(kind, input_shape, *args, **kwargs) -> tuple[int, int]:
    """(trainable, non_trainable) of the Keras layer ``_LAYERS[kind](*args,
    **kwargs)`` built for ``input_shape`` (batch axis included)."""
    layer = _LAYERS[kind](*args, **kwargs)
    layer.build(input_shape)
    return _size(layer.trainable_weights), _size(layer.non_trainable_weights)


def _mistakes(correct, candidates: dict) -> dict:
    """Keep the diagnoses that differ from the correct value and from each
    other (the first description of a value wins)."""
    kept, seen = {}, [correct]
    for name, value in candidates.items():
        if value is None or any(value == s and type(value) is type(s) for s in seen):
            continue
        kept[name] = value
        seen.append(value)
    return kept


def _pair(value) -> tuple[int, int]:
    return (int(value[0]), int(value[1])) if isinstance(value, (tuple, list)) else (int(value),) * 2


_LAYERS = {
    "conv2d": keras.layers.Conv2D,
    "maxpool2d": keras.layers.MaxPooling2D,
    "avgpool2d": keras.layers.AveragePooling2D,
    "flatten": keras.layers.Flatten,
    "global_avg_pool2d": keras.layers.GlobalAveragePooling2D,
    "dense": keras.layers.Dense,
    "dropout": keras.layers.Dropout,
    "batchnorm": keras.layers.BatchNormalization,
    "embedding": keras.layers.Embedding,
    "lstm": keras.layers.LSTM,
    "gru": keras.layers.GRU,
    "simple_rnn": keras.layers.SimpleRNN,
}


def _model(input_shape, specs, int_input=False):
    """The Keras model for a spec list (every spec key is a Keras argument)."""
    layers = [_LAYERS[s["type"]](**{k: v for k, v in s.items() if k != "type"}) for s in specs]
    inputs = keras.Input(input_shape, dtype="int32" if int_input else "float32")
    model = keras.Sequential([inputs, *layers])
    for layer in model.layers:
        if any(d is not None and d <= 0 for d in layer.output.shape[1:]):
            raise ValueError(f"{layer.name} has an empty output {layer.output.shape}")
    return model


def _counts(model) -> tuple[int, int]:
    return _size(model.trainable_weights), _size(model.non_trainable_weights)


def _try_model(input_shape, specs, int_input=False):
    try:
        return _model(input_shape, specs, int_input)
    except ValueError:
        return None


@memo
def _try_counts(input_shape, specs, int_input=False):
    """The model's (trainable, non_trainable), or None for an invalid stack."""
    model = _try_model(input_shape, specs, int_input)
    return None if model is None else _counts(model)


def _expect_counts(got, want, call, mistakes):
    """``expect.equal`` for a (trainable, non_trainable) pair; the known
    mistakes (which cost extra Keras models) are computed only for a wrong
    answer."""
    wrong = not expect.same_structure(got, want)
    expect.equal(got, want, call=call, mistakes=mistakes() if wrong else None)


def _call(input_shape, specs) -> str:
    return f"count_params({tuple(input_shape)!r}, {specs!r})"


# -- per-layer functions -----------------------------------------------------


@pytest.mark.points(2)
def test_dense_params_matches_keras_with_and_without_bias(student, credit):
    rng = grader_rng("param_counts/dense")
    for i in range(14):
        n_in, units = int(rng.integers(2, 300)), int(rng.integers(2, 64))
        use_bias = True if i < 4 else bool(rng.integers(2))
        kwargs = {} if i < 2 else {"use_bias": use_bias}
        want, _ = _layer_counts("dense", (None, n_in), units, use_bias=use_bias)
        kernel = n_in * units
        mistakes = _mistakes(want, {
            "bias forgotten: Dense has one bias per unit": kernel if use_bias else None,
            "use_bias=False ignored: the bias is still counted":
                None if use_bias else kernel + units,
            "bias counted per input instead of per unit": kernel + (n_in if use_bias else 0),
            "kernel counted as input_dim + units instead of input_dim * units":
                n_in + units + (units if use_bias else 0),
        })
        with credit.case():
            got = student.dense_params(n_in, units, **kwargs)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(3)
def test_conv2d_params_matches_keras_int_and_pair_kernels_and_use_bias(student, credit):
    rng = grader_rng("param_counts/conv2d")
    for i in range(18):
        if i % 2:
            kh, kw = (int(v) for v in rng.choice(np.arange(1, 8), size=2, replace=False))
            kernel_size = (kh, kw)
        else:
            kh = kw = int(rng.integers(2, 8))
            kernel_size = kh
        c_in, filters = int(rng.integers(2, 17)), int(rng.integers(2, 33))
        use_bias = True if i < 4 else bool(rng.integers(2))
        kwargs = {} if i < 2 else {"use_bias": use_bias}
        want, _ = _layer_counts("conv2d", (None, 9, 9, c_in), filters, kernel_size,
                                use_bias=use_bias)
        bias = filters if use_bias else 0
        mistakes = _mistakes(want, {
            "input channels forgotten: each filter has a kh x kw kernel for every input channel "
            "(kernel shape (kh, kw, in_channels, filters))": kh * kw * filters + bias,
            "bias forgotten: Conv2D has one bias per filter": kh * kw * c_in * filters
            if use_bias else None,
            "use_bias=False ignored: the bias is still counted":
                None if use_bias else kh * kw * c_in * filters + filters,
            "non-square kernel_size (kh, kw) counted as kh x kh": kh * kh * c_in * filters + bias,
            "bias counted per input channel instead of per filter":
                kh * kw * c_in * filters + (c_in if use_bias else 0),
            "kernel counted as kh*kw*filters + in_channels (channels added, not multiplied)":
                kh * kw * filters + c_in + bias,
        })
        with credit.case():
            got = student.conv2d_params(kernel_size, c_in, filters, **kwargs)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(1)
def test_embedding_params_matches_keras_lookup_table_without_bias(student, credit):
    rng = grader_rng("param_counts/embedding")
    for _ in range(10):
        vocab, dim = int(rng.integers(5, 5000)), int(rng.integers(2, 65))
        want, _ = _layer_counts("embedding", (None, 5), vocab, dim)
        mistakes = _mistakes(want, {
            "embedding given a bias (or an extra row, input_dim + 1): an Embedding is only an "
            "(input_dim, output_dim) lookup table": vocab * dim + dim,
            "embedding given one extra parameter per token id": vocab * dim + vocab,
            "sizes added instead of multiplied": vocab + dim,
        })
        with credit.case():
            got = student.embedding_params(vocab, dim)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(2)
def test_simple_rnn_params_matches_keras_kernel_recurrent_kernel_bias(student, credit):
    rng = grader_rng("param_counts/simple_rnn")
    for _ in range(12):
        n_in, units = int(rng.integers(1, 40)), int(rng.integers(2, 40))
        want, _ = _layer_counts("simple_rnn", (None, 4, n_in), units)
        mistakes = _mistakes(want, {
            "recurrent kernel forgotten: the previous state enters through a (units, units) "
            "recurrent kernel": n_in * units + units,
            "bias forgotten": n_in * units + units * units,
            "recurrent kernel counted as (input_dim, units) instead of (units, units)":
                2 * n_in * units + units,
            "counted like an LSTM (4 gates): a SimpleRNN has a single one":
                4 * (n_in * units + units * units + units),
        })
        with credit.case():
            got = student.simple_rnn_params(n_in, units)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(2)
def test_lstm_params_matches_keras_four_gates(student, credit):
    rng = grader_rng("param_counts/lstm")
    for _ in range(12):
        n_in, units = int(rng.integers(1, 40)), int(rng.integers(2, 40))
        want, _ = _layer_counts("lstm", (None, 4, n_in), units)
        one_gate = n_in * units + units * units + units
        mistakes = _mistakes(want, {
            "LSTM counted with 1 gate: it has 4 (input, forget, cell candidate, output)": one_gate,
            "LSTM counted with 3 gates (like a GRU): it has 4 "
            "(input, forget, cell candidate, output)": 3 * one_gate,
            "recurrent kernel forgotten: each gate also has a (units, units) recurrent kernel":
                4 * (n_in * units + units),
            "bias forgotten": 4 * (n_in * units + units * units),
            "two bias vectors per gate (the cuDNN/PyTorch layout): Keras's LSTM has one":
                4 * one_gate + 4 * units,
            "counted with 4 gates but a single bias vector of size units":
                4 * (n_in * units + units * units) + units,
        })
        with credit.case():
            got = student.lstm_params(n_in, units)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(3)
def test_gru_params_matches_keras_reset_after_true_and_false(student, credit):
    rng = grader_rng("param_counts/gru")
    for i in range(16):
        n_in, units = int(rng.integers(1, 40)), int(rng.integers(2, 40))
        # Cases 0-2 use the default (reset_after=True); then both values, in turn.
        reset_after = True if i < 3 else bool(i % 2)
        kwargs = {} if i < 3 else {"reset_after": reset_after}
        want, _ = _layer_counts("gru", (None, 4, n_in), units, reset_after=reset_after)
        weights = 3 * (n_in * units + units * units)
        n_bias = 2 if reset_after else 1
        mistakes = _mistakes(want, {
            "reset_after=True (Keras's default) keeps two bias vectors (input and recurrent, "
            "bias shape (2, 3*units)): only one counted": weights + 3 * units
            if reset_after else None,
            "reset_after=False has one bias vector (3*units): two counted":
                None if reset_after else weights + 6 * units,
            "GRU counted with 4 gates (like an LSTM): it has 3 (update, reset, candidate)":
                4 * (n_in * units + units * units + units),
            "GRU counted with 1 gate: it has 3 (update, reset, candidate)":
                n_in * units + units * units + n_bias * units,
            "recurrent kernel forgotten: each gate also has a (units, units) recurrent kernel":
                3 * n_in * units + n_bias * 3 * units,
            "bias forgotten": weights,
        })
        with credit.case():
            got = student.gru_params(n_in, units, **kwargs)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(2)
def test_batchnorm_params_trainable_gamma_beta_non_trainable_moving_stats(student, credit):
    rng = grader_rng("param_counts/batchnorm")
    for i in range(10):
        channels = int(rng.integers(1, 513))
        shape = [(None, channels), (None, 5, channels), (None, 3, 3, channels)][i % 3]
        want = _layer_counts("batchnorm", shape)
        c = channels
        mistakes = _mistakes(want, {
            "(4C, 0): the moving mean and moving variance are non-trainable weights "
            "(updated by the forward pass, not by the optimiser)": (4 * c, 0),
            "4C trainable: the moving mean and moving variance are non-trainable, "
            "only gamma and beta are trained": (4 * c, 2 * c),
            "moving mean and moving variance forgotten: they are non-trainable weights, "
            "still counted": (2 * c, 0),
            "one vector per side counted: gamma and beta are two vectors of C, "
            "as are the moving mean and variance": (c, c),
            "returned the total 4C instead of a (trainable, non_trainable) pair": 4 * c,
            "returned only the trainable count instead of a (trainable, non_trainable) pair":
                2 * c,
        })
        with credit.case():
            got = student.batchnorm_params(channels)
            expect.equal(got, want, call=student.last_call, mistakes=mistakes)


# -- whole models --------------------------------------------------------------


def _conv_block(rng, specs):
    spec = {"type": "conv2d", "filters": int(rng.integers(2, 9))}
    if rng.random() < 0.3:
        spec["kernel_size"] = (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
    else:
        spec["kernel_size"] = int(rng.integers(1, 5))
    dilated = rng.random() < 0.2
    if not dilated and rng.random() < 0.6:
        spec["strides"] = int(rng.integers(1, 3))
    if rng.random() < 0.7:
        spec["padding"] = str(rng.choice(["valid", "same"]))
    if dilated:
        spec["dilation_rate"] = 2
    if rng.random() < 0.4:
        spec["use_bias"] = bool(rng.integers(2))
    specs.append(spec)
    if rng.random() < 0.4:
        specs.append({"type": "batchnorm"})
    if rng.random() < 0.7:
        pool = {"type": str(rng.choice(["maxpool2d", "avgpool2d"]))}
        # Keras 3's AveragePooling2D has no default pool_size (MaxPooling2D's is 2).
        if pool["type"] == "avgpool2d" or rng.random() < 0.7:
            pool["pool_size"] = int(rng.integers(2, 4))
        r = rng.random()
        if r < 0.25:
            pool["strides"] = None
        elif r < 0.55:
            pool["strides"] = int(rng.integers(1, 3))
        if rng.random() < 0.5:
            pool["padding"] = str(rng.choice(["valid", "same"]))
        specs.append(pool)
    if rng.random() < 0.3:
        specs.append({"type": "dropout", "rate": 0.25})


def _random_cnn(rng):
    shape = (int(rng.integers(8, 17)), int(rng.integers(8, 17)), int(rng.integers(1, 4)))
    specs: list[dict] = []
    for _ in range(int(rng.integers(1, 3))):
        _conv_block(rng, specs)
    specs.append({"type": "flatten" if rng.random() < 0.75 else "global_avg_pool2d"})
    if rng.random() < 0.6:
        dense = {"type": "dense", "units": int(rng.integers(4, 17))}
        if rng.random() < 0.3:
            dense["use_bias"] = bool(rng.integers(2))
        specs.append(dense)
        if rng.random() < 0.4:
            specs.append({"type": "batchnorm"})
        if rng.random() < 0.4:
            specs.append({"type": "dropout", "rate": 0.5})
    specs.append({"type": "dense", "units": int(rng.integers(2, 11))})
    return shape, specs


def _altered(specs, change):
    """A copy of ``specs`` with ``change(spec)`` applied: it returns the new
    spec, or None to drop the layer."""
    out = []
    for spec in specs:
        new = change(dict(spec))
        if new is not None:
            out.append(new)
    return out


def _bn_mistakes(want):
    t, nt = want
    return {
        "BatchNormalization's moving mean/variance counted as trainable "
        "(they are non-trainable)": (t + nt, 0) if nt else None,
        "BatchNormalization's moving mean/variance forgotten (non-trainable weights)":
            (t, 0) if nt else None,
    }


@memo
def _cnn_mistakes(shape, specs, want):
    model = _model(shape, specs)
    pooling = ("maxpool2d", "avgpool2d")
    no_pool = _altered(specs, lambda s: None if s["type"] in pooling else s)
    no_strides = _altered(specs, lambda s: {**s, "strides": 1} if s["type"] == "conv2d" else s)
    valid = _altered(specs, lambda s: {**s, "padding": "valid"} if "padding" in s else s)
    no_dilation = _altered(
        specs, lambda s: {**s, "dilation_rate": 1} if s["type"] == "conv2d" else s)
    channels_only = _altered(
        specs, lambda s: {"type": "global_avg_pool2d"} if s["type"] == "flatten" else s)
    # Pooling mistaken for a convolution with learned weights (C -> C channels).
    t, nt = want
    pool_as_conv = t
    for layer in model.layers:
        if isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
            c = int(layer.output.shape[-1])
            pool_as_conv += int(np.prod(layer.pool_size)) * c * c + c
    return _mistakes(want, {
        **_bn_mistakes(want),
        "pooling ignored when tracing shapes: each pooling layer shrinks the feature map "
        "that Flatten passes to the next Dense": _try_counts(shape, no_pool),
        "conv strides ignored when tracing shapes": _try_counts(shape, no_strides),
        "padding='same' treated as 'valid' when tracing shapes": _try_counts(shape, valid),
        "dilation_rate ignored when tracing shapes": _try_counts(shape, no_dilation),
        "Dense after Flatten given only the channel count as its input size "
        "(Flatten outputs H*W*C values)": _try_counts(shape, channels_only),
        "pooling, Flatten and Dropout have no parameters: pooling counted like a "
        "convolution": (pool_as_conv, nt),
    })


@pytest.mark.points(3)
def test_count_params_cnn_stacks_match_keras_model(student, credit):
    rng = grader_rng("param_counts/count_cnn")
    first = ((28, 28, 1), [
        {"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": "same"},
        {"type": "batchnorm"},
        {"type": "maxpool2d", "pool_size": 2},
        {"type": "conv2d", "filters": 16, "kernel_size": (3, 5), "strides": 2},
        {"type": "batchnorm"},
        {"type": "dropout", "rate": 0.25},
        {"type": "flatten"},
        {"type": "dense", "units": 10},
    ])
    cases = [(*first, _try_counts(*first))]
    assert cases[0][-1] is not None, "the first CNN case must be a valid model"
    while len(cases) < 12:
        shape, specs = _random_cnn(rng)
        want = _try_counts(shape, specs)
        if want is not None:
            cases.append((shape, specs, want))
    for shape, specs, want in cases:
        with credit.case():
            got = student.count_params(shape, specs)
            _expect_counts(got, want, _call(shape, specs),
                           lambda s=shape, p=specs, w=want: _cnn_mistakes(s, p, w))


def _rnn_spec(rng, return_sequences):
    kind = str(rng.choice(["lstm", "gru", "simple_rnn"]))
    spec = {"type": kind, "units": int(rng.integers(2, 17))}
    if return_sequences or rng.random() < 0.5:
        spec["return_sequences"] = return_sequences
    if kind == "gru" and rng.random() < 0.4:
        spec["reset_after"] = bool(rng.integers(2))
    return spec


def _random_sequence_model(rng):
    steps = int(rng.integers(3, 11))
    specs: list[dict] = []
    tokens = rng.random() < 0.6
    if tokens:
        shape = (steps,)
        specs.append({"type": "embedding", "input_dim": int(rng.integers(20, 500)),
                      "output_dim": int(rng.integers(2, 17))})
    else:
        shape = (steps, int(rng.integers(1, 9)))
    if rng.random() < 0.25:
        specs.append({"type": "dense", "units": int(rng.integers(2, 9))})
    n_rnn = int(rng.integers(1, 3))
    for k in range(n_rnn):
        last = k == n_rnn - 1
        specs.append(_rnn_spec(rng, True if not last else bool(rng.random() < 0.5)))
        if rng.random() < 0.3:
            specs.append({"type": "batchnorm"})
        if rng.random() < 0.3:
            specs.append({"type": "dropout", "rate": 0.2})
    last_rnn = [s for s in specs if s["type"] in ("lstm", "gru", "simple_rnn")][-1]
    if last_rnn.get("return_sequences") and rng.random() < 0.7:
        specs.append({"type": "flatten"})
    specs.append({"type": "dense", "units": int(rng.integers(2, 11))})
    return shape, specs, tokens


@memo
def _sequence_mistakes(shape, specs, want, tokens):
    model = _model(shape, specs, tokens)
    t, nt = want
    rnn_types = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)
    recurrent = one_bias = 0
    for layer in model.layers:
        if isinstance(layer, rnn_types):
            recurrent += _size(w for w in layer.weights if "recurrent_kernel" in w.path)
        if isinstance(layer, keras.layers.GRU) and layer.cell.reset_after:
            one_bias += 3 * layer.cell.units
    rnn_names = ("lstm", "gru", "simple_rnn")
    last_rnn = max(i for i, s in enumerate(specs) if s["type"] in rnn_names)

    def sequences_ignored(s):
        return {**s, "return_sequences": False} if s is specs[last_rnn] else s

    flatten_after = any(s["type"] == "flatten" for s in specs[last_rnn:])
    ignored = None
    if flatten_after:
        ignored = _try_counts(shape, [sequences_ignored(s) for s in specs], tokens)
    return _mistakes(want, {
        **_bn_mistakes(want),
        "GRU with reset_after=True (the default) counted with one bias vector "
        "(it has two)": (t - one_bias, nt) if one_bias else None,
        "RNN recurrent kernel forgotten": (t - recurrent, nt),
        "return_sequences=True ignored: such an RNN outputs the whole sequence "
        "(steps, units), so Flatten gives steps*units values": ignored,
    })


@pytest.mark.points(2)
def test_count_params_sequence_stacks_match_keras_model(student, credit):
    rng = grader_rng("param_counts/count_sequence")
    first = ((12,), [
        {"type": "embedding", "input_dim": 1000, "output_dim": 16},
        {"type": "lstm", "units": 32, "return_sequences": True},
        {"type": "gru", "units": 16},
        {"type": "batchnorm"},
        {"type": "dense", "units": 1},
    ], True)
    cases = [(*first, _try_counts(*first))]
    assert cases[0][-1] is not None, "the first sequence case must be a valid model"
    while len(cases) < 10:
        shape, specs, tokens = _random_sequence_model(rng)
        want = _try_counts(shape, specs, tokens)
        if want is not None:
            cases.append((shape, specs, tokens, want))
    for shape, specs, tokens, want in cases:
        with credit.case():
            got = student.count_params(shape, specs)
            _expect_counts(got, want, _call(shape, specs),
                           lambda s=shape, p=specs, t=tokens, w=want:
                           _sequence_mistakes(s, p, w, t))
