"""Hidden graders for topic 04 ``output_size``.

Every expected value is asked of Keras in this process, on configurations
drawn from ``grader_rng``:

* output lengths of one axis: ``keras.ops.conv`` on symbolic ``KerasTensor``
  inputs (Keras's own shape inference, which - unlike ``Conv1D`` - also
  accepts ``strides > 1`` together with ``dilation_rate > 1``), with
  ``ZeroPadding1D`` in front for integer padding, and the ``compute_output_shape``
  of ``MaxPooling1D`` / ``AveragePooling1D`` for pooling;
* the ``same`` padding split: observed by running a Keras ``same`` convolution
  and finding which explicit zero padding reproduces it (see
  :func:`keras_same_padding`);
* layer traces: the ``compute_output_shape`` of the Keras layers built from
  the specs, chained layer by layer (cross-checked once per test against a
  real ``keras.Sequential``).

Known wrong approaches are computed alongside (with Keras where the wrong
idea is a different Keras setting, else with the wrong formula) so that a
failure message can name the mistake.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers, ops

from dlkit.testing import expect, grader_rng, memo

N_CASES = 30
N_STACKS = 15

# -- helpers --------------------------------------------------------------


def _same(a, b) -> bool:
    return expect.same_structure(a, b) and expect.same_structure(b, a)


def named(want, candidates) -> dict:
    """``mistakes=`` from ``[(description, value or None), ...]``: drops what
    is unavailable or equal to the right answer and merges descriptions of
    mistakes that give the same value here (so the message names them all)."""
    merged: list[list] = []
    for name, value in candidates:
        if value is None or _same(value, want):
            continue
        for entry in merged:
            if _same(entry[1], value):
                entry[0].append(name)
                break
        else:
            merged.append([[name], value])
    return {"; or ".join(names): value for names, value in merged}


@memo
def keras_conv_length(n, k, s=1, padding="valid", d=1):
    """Keras's shape inference for one axis; None when Keras refuses."""
    try:
        if not isinstance(padding, str):  # an int: ZeroPadding1D, then a valid conv
            n = layers.ZeroPadding1D(padding).compute_output_shape((None, n, 1))[1]
            padding = "valid"
        out = ops.conv(keras.KerasTensor((1, n, 1)), keras.KerasTensor((k, 1, 1)),
                       strides=s, padding=padding, dilation_rate=d).shape[1]
    except ValueError:  # "Computed output size would be zero or negative"
        return None
    return int(out)


@memo
def keras_pool_length(n, pool, stride=None, padding="valid", kind="max"):
    cls = layers.MaxPooling1D if kind == "max" else layers.AveragePooling1D
    try:
        return int(cls(pool, strides=stride, padding=padding).compute_output_shape((None, n, 1))[1])
    except ValueError:
        return None


def _valid_corr(x, w, s):
    """Valid cross-correlation (what a Keras conv computes) in NumPy."""
    length = (len(x) - len(w)) // s + 1
    return np.array([x[i * s:i * s + len(w)] @ w for i in range(length)])


def keras_same_padding(n, k, s, d, rng):
    """(before, after) zeros that Keras's ``padding="same"`` adds, observed.

    Keras (TensorFlow) pads for the *effective* kernel ``(k - 1) * d + 1``,
    so we run a Keras ``same`` convolution of a random signal with a random
    dense kernel of that size (Keras refuses ``strides > 1`` with
    ``dilation_rate > 1`` at run time, and a dilated kernel is by definition
    a dense one with zeros in its holes, whose zero taps could hide the
    alignment).  Then we look for the explicit padding whose *valid*
    correlation reproduces Keras's output, the smallest total first: zeros
    past the last window change nothing, and TF's rule pads no more than the
    windows need.  Where Keras can run the real dilated kernel (stride 1),
    the found padding is checked against it as well.
    """
    k_eff = (k - 1) * d + 1
    x = rng.uniform(0.5, 2.0, n)
    w = rng.uniform(0.5, 2.0, k_eff)
    # the cross-check's kernel (drawn after x and w, as before the search)
    wk = rng.uniform(0.5, 2.0, k) if s == 1 and d > 1 else None
    return _observed_same_padding(n, k, s, d, x, w, wk)


@memo
def _observed_same_padding(n, k, s, d, x, w, wk):
    """:func:`keras_same_padding` on the drawn signal ``x``, dense kernel ``w``
    and (for ``s == 1 and d > 1``) the cross-check's kernel ``wk``."""
    k_eff = (k - 1) * d + 1
    y = np.asarray(ops.conv(x[None, :, None].astype("float32"), w[:, None, None].astype("float32"),
                            strides=s, padding="same"))[0, :, 0].astype(np.float64)
    found = None
    for total in range(k_eff + s):
        for before in range(total + 1):
            xp = np.pad(x, (before, total - before))
            if len(xp) >= k_eff and (len(xp) - k_eff) // s + 1 == len(y) and np.allclose(
                    _valid_corr(xp, w, s), y, rtol=1e-4, atol=1e-4):
                found = (before, total - before)
                break
        if found:
            break
    if found is None:
        raise RuntimeError(f"no explicit padding reproduces Keras same conv n={n} k={k} s={s} d={d}")
    if s == 1 and d > 1:  # cross-check with Keras dilating a kernel itself
        yd = np.asarray(ops.conv(x[None, :, None].astype("float32"),
                                 wk[:, None, None].astype("float32"), strides=1, padding="same",
                                 dilation_rate=d))[0, :, 0]
        dense = np.zeros(k_eff)
        dense[::d] = wk
        assert np.allclose(_valid_corr(np.pad(x, found), dense, 1), yd, rtol=1e-4, atol=1e-4)
    return found


def _split(total):
    return (total // 2, total - total // 2)


def _tf_total(n, k_eff, s):
    return max((-(-n // s) - 1) * s + k_eff - n, 0)


def _kwargs(rng, **pairs):
    """Keyword arguments, leaving out (sometimes) those at their default."""
    out = {}
    for name, (value, default) in pairs.items():
        if value != default or rng.random() < 0.5:
            out[name] = value
    return out


# -- conv_output_length ----------------------------------------------------

DILATION_IGNORED = "dilation ignored: the effective kernel is (k - 1) * dilation + 1 long"
OFF_BY_ONE = "off by one: forgot the + 1 in (n + 2p - k_eff) // stride + 1"
TRUE_DIVISION = "true division / instead of integer division //: lengths are ints"
ROUNDED_UP = "rounded up: a last window that would run past the end is dropped (floor, not ceil)"


def _conv_common(n, k, s, d, p, want):
    """Mistakes shared by valid and integer padding (p zeros each side)."""
    k_eff = (k - 1) * d + 1
    m = n + 2 * p
    return [
        (DILATION_IGNORED, keras_conv_length(n, k, s, p, 1)),
        (OFF_BY_ONE, want - 1),
        (TRUE_DIVISION, (m - k_eff) / s + 1),
        (ROUNDED_UP, -(-(m - k_eff) // s) + 1),
    ]


@pytest.mark.points(3)
def test_conv_output_length_valid_matches_keras(student, credit):
    rng = grader_rng("output_size/conv_valid")
    for _ in range(N_CASES):
        k = int(rng.integers(1, 8))
        d = 1 if rng.random() < 0.4 else int(rng.integers(2, 5))
        s = int(rng.integers(1, 5))  # strides and dilation together too
        k_eff = (k - 1) * d + 1
        n = int(rng.integers(k_eff, k_eff + 30))
        want = keras_conv_length(n, k, s, "valid", d)
        kw = _kwargs(rng, stride=(s, 1), padding=("valid", "valid"), dilation=(d, 1))
        with credit.case():
            got = student.conv_output_length(n, k, **kw)
            expect.integer(got, want, call=student.last_call,
                           mistakes=named(want, _conv_common(n, k, s, d, 0, want)))


@pytest.mark.points(2)
def test_conv_output_length_same_is_ceil_n_over_stride(student, credit):
    rng = grader_rng("output_size/conv_same")
    for i in range(N_CASES):
        k = int(rng.integers(1, 8))
        d = 1 if rng.random() < 0.5 else int(rng.integers(2, 4))
        s = int(rng.integers(1, 5))
        k_eff = (k - 1) * d + 1
        # every third case is shorter than the (effective) kernel
        n = int(rng.integers(1, k_eff + 1)) if i % 3 == 2 else int(rng.integers(1, 40))
        want = keras_conv_length(n, k, s, "same", d)
        half = (k_eff - 1) // 2
        mistakes = named(want, [
            ("'same' output taken as n; it is ceil(n / stride)", n),
            ("floor n // stride instead of ceil(n / stride)", n // s),
            (TRUE_DIVISION, n / s),
            *_like_valid("'same' computed like 'valid'", keras_conv_length(n, k, s, "valid", d),
                         (n - k_eff) // s + 1),
            ("(k - 1) // 2 zeros on each side, then the valid formula: Keras pads so that "
             "the output is ceil(n / stride)", (n + 2 * half - k_eff) // s + 1),
        ])
        with credit.case():
            got = student.conv_output_length(n, k, stride=s, padding="same",
                                             **_kwargs(rng, dilation=(d, 1)))
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(2)
def test_conv_output_length_int_padding_both_sides(student, credit):
    rng = grader_rng("output_size/conv_int_padding")
    for _ in range(N_CASES):
        k = int(rng.integers(1, 8))
        d = 1 if rng.random() < 0.6 else int(rng.integers(2, 4))
        s = int(rng.integers(1, 4))
        p = int(rng.integers(1, 5)) if rng.random() < 0.9 else 0
        k_eff = (k - 1) * d + 1
        n = int(rng.integers(max(1, k_eff - 2 * p), k_eff + 25))
        want = keras_conv_length(n, k, s, p, d)
        mistakes = named(want, [
            ("padding added once instead of on both sides (n + 2 * padding)",
             keras_conv_length(n + p, k, s, "valid", d)),
            ("integer padding ignored", keras_conv_length(n, k, s, "valid", d)),
        ] + _conv_common(n, k, s, d, p, want))
        kw = _kwargs(rng, stride=(s, 1), dilation=(d, 1))
        with credit.case():
            got = student.conv_output_length(n, k, padding=p, **kw)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


# -- same_padding ------------------------------------------------------------


@pytest.mark.points(3)
def test_same_padding_matches_keras_split(student, credit):
    rng = grader_rng("output_size/same_padding")
    for i in range(N_CASES):
        k = int(rng.integers(1, 8))
        d = 1 if rng.random() < 0.5 else int(rng.integers(2, 4))
        s = int(rng.integers(1, 5)) if i % 4 else int(rng.integers(4, 7))  # some need no padding
        k_eff = (k - 1) * d + 1
        n = int(rng.integers(1, k_eff + 1)) if i % 5 == 3 else int(rng.integers(1, 30))
        want = keras_same_padding(n, k, s, d, rng)
        total = sum(want)
        raw = (-(-n // s) - 1) * s + k_eff - n  # before clamping at 0
        mistakes = named(want, [
            ("extra zero placed before (top/left); Keras puts the odd one after (bottom/right)",
             (total - total // 2, total // 2)),
            ("total // 2 zeros on both sides: an odd total loses a zero",
             (total // 2, total // 2)),
            ("total taken as k_eff - 1, which holds only for stride 1: it is "
             "max((ceil(n / stride) - 1) * stride + k_eff - n, 0)", _split(k_eff - 1)),
            (DILATION_IGNORED, _split(_tf_total(n, k, s))),
            ("total not clamped at 0 (a stride larger than the kernel can need no padding)",
             (raw // 2, raw - raw // 2)),
            ("float division in the split: use //", (total / 2, total - total / 2)),
        ])
        kw = _kwargs(rng, stride=(s, 1), dilation=(d, 1))
        with credit.case():
            got = student.same_padding(n, k, **kw)
            expect.equal(got, want, call=student.last_call, mistakes=mistakes)


# -- pool_output_length --------------------------------------------------------


def _like_valid(name, keras_value, formula_value):
    """The 'same computed like valid' mistake; where Keras refuses the valid
    layer (the window does not fit) a student's formula still gives a number."""
    if keras_value is not None:
        return [(name, keras_value)]
    if formula_value >= 0:
        return [(name, formula_value)]
    return [(name, formula_value), (f"{name} (then clamped at 0)", 0)]


def _pool_mistakes(n, pool, s, padding, want, kind):
    other = "valid" if padding == "same" else "same"
    return _like_valid(f"'{padding}' computed like '{other}'",
                       keras_pool_length(n, pool, s, other, kind), (n - pool) // s + 1) + [
        ("'same' output taken as n; it is ceil(n / stride)", n if padding == "same" else None),
        (OFF_BY_ONE, want - 1),
        (TRUE_DIVISION, n / s if padding == "same" else (n - pool) / s + 1),
        (ROUNDED_UP, -(-(n - pool) // s) + 1 if padding == "valid" else None),
    ]


@pytest.mark.points(2)
def test_pool_output_length_explicit_stride(student, credit):
    rng = grader_rng("output_size/pool_explicit")
    for i in range(N_CASES):
        pool = int(rng.integers(1, 6))
        s = int(rng.integers(1, 6))  # also larger than the pool: windows skip inputs
        padding = str(rng.choice(["valid", "same"]))
        n = int(rng.integers(pool if padding == "valid" else 1, 40))
        if padding == "same" and i % 3 == 0:  # shorter than the pool
            n = int(rng.integers(1, pool + 1))
        kind = str(rng.choice(["max", "avg"]))
        want = keras_pool_length(n, pool, s, padding, kind)
        mistakes = named(want, [
            ("stride ignored (pool_size used as the stride)",
             keras_pool_length(n, pool, None, padding, kind)),
        ] + _pool_mistakes(n, pool, s, padding, want, kind))
        with credit.case():
            got = student.pool_output_length(n, pool, stride=s,
                                             **_kwargs(rng, padding=(padding, "valid")))
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


@pytest.mark.points(2)
def test_pool_output_length_default_stride_is_pool_size(student, credit):
    rng = grader_rng("output_size/pool_default")
    for i in range(N_CASES):
        pool = int(rng.integers(2, 6))
        padding = str(rng.choice(["valid", "same"]))
        n = int(rng.integers(pool if padding == "valid" else 1, 40))
        if padding == "same" and i % 4 == 0:  # shorter than the pool
            n = int(rng.integers(1, pool + 1))
        kind = str(rng.choice(["max", "avg"]))
        want = keras_pool_length(n, pool, None, padding, kind)
        mistakes = named(want, [
            ("stride defaulted to 1; Keras pooling uses strides=pool_size when strides is None",
             keras_pool_length(n, pool, 1, padding, kind)),
        ] + _pool_mistakes(n, pool, pool, padding, want, kind))
        kw = {"stride": None} if rng.random() < 0.4 else {}
        kw.update(_kwargs(rng, padding=(padding, "valid")))
        with credit.case():
            got = student.pool_output_length(n, pool, **kw)
            expect.integer(got, want, call=student.last_call, mistakes=mistakes)


# -- trace_shapes ----------------------------------------------------------------

LAYERS = {
    "conv2d": layers.Conv2D, "maxpool2d": layers.MaxPooling2D,
    "avgpool2d": layers.AveragePooling2D, "flatten": layers.Flatten,
    "global_avg_pool2d": layers.GlobalAveragePooling2D, "dense": layers.Dense,
    "dropout": layers.Dropout, "batchnorm": layers.BatchNormalization,
    "embedding": layers.Embedding, "lstm": layers.LSTM, "gru": layers.GRU,
    "simple_rnn": layers.SimpleRNN,
}
RNNS = ("lstm", "gru", "simple_rnn")


def keras_layer(spec, **override):
    """The Keras layer a spec describes: its keys are Keras's argument names."""
    kwargs = {k: v for k, v in spec.items() if k != "type"}
    kwargs.update(override)
    return LAYERS[spec["type"]](**kwargs)


@memo
def keras_shape(spec, in_shape, **override):
    """Output shape (no batch axis) of the spec's layer on ``in_shape`` (no
    batch axis); None when Keras refuses or a size would not be positive."""
    try:
        out = keras_layer(spec, **override).compute_output_shape((None,) + tuple(in_shape))
    except ValueError:
        return None
    out = tuple(int(v) for v in out[1:])
    return out if all(v > 0 for v in out) else None


def keras_trace(input_shape, specs):
    shapes, shape = [], tuple(input_shape)
    for spec in specs:
        shape = keras_shape(spec, shape)
        shapes.append(shape)
    return shapes


@memo
def check_against_sequential(input_shape, specs, want):
    """A grader self-check: chained compute_output_shape == a built model."""
    dtype = "int32" if specs[0]["type"] == "embedding" else "float32"
    model = keras.Sequential([keras.Input(input_shape, dtype=dtype)]
                             + [keras_layer(s) for s in specs])
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == want


def _size(rng, lo, hi, pair_p=0.3):
    """An int, or (sometimes) a pair as a tuple or a list."""
    if rng.random() < pair_p:
        a, b = (int(v) for v in rng.integers(lo, hi + 1, 2))
        return (a, b) if rng.random() < 0.5 else [a, b]
    return int(rng.integers(lo, hi + 1))


def _is_one(v):
    return all(int(x) == 1 for x in (v if isinstance(v, (list, tuple)) else [v]))


def _draw(rng, make, in_shape, fallback):
    """A spec from ``make(rng)`` that Keras accepts on ``in_shape``."""
    for _ in range(20):
        spec = make(rng)
        if keras_shape(spec, in_shape) is not None:
            return spec
    return fallback


def _conv_spec(rng):
    spec = {"type": "conv2d", "filters": int(rng.choice([4, 6, 8, 16, 32])),
            "kernel_size": _size(rng, 1, 5)}
    if rng.random() < 0.7:
        spec["padding"] = str(rng.choice(["valid", "same"]))
    r = rng.random()
    if r < 0.35:
        spec["strides"] = _size(rng, 1, 3)
    elif r < 0.65:  # Keras refuses strides > 1 together with dilation > 1 in a layer
        spec["dilation_rate"] = _size(rng, 1, 3)
        if rng.random() < 0.3:
            spec["strides"] = 1
    if rng.random() < 0.2:
        spec["use_bias"] = bool(rng.random() < 0.5)
    return spec


def _pool_spec(rng):
    spec = {"type": str(rng.choice(["maxpool2d", "avgpool2d"]))}
    # Keras 3's AveragePooling2D has no default pool_size (MaxPooling2D's is 2)
    if spec["type"] == "avgpool2d" or rng.random() < 0.6:
        spec["pool_size"] = _size(rng, 2, 3)
    r = rng.random()
    if r < 0.35:
        spec["strides"] = _size(rng, 1, 3)
    elif r < 0.5:
        spec["strides"] = None
    if rng.random() < 0.6:
        spec["padding"] = str(rng.choice(["valid", "same"]))
    return spec


def cnn_stack(rng):
    h = int(rng.integers(6, 41))
    w = h if rng.random() < 0.5 else int(rng.integers(6, 41))
    input_shape = (h, w, int(rng.choice([1, 3, 4])))
    specs, shape = [], input_shape

    def add(spec):
        nonlocal shape
        specs.append(spec)
        shape = keras_shape(spec, shape)

    for _ in range(int(rng.integers(1, 4))):
        add(_draw(rng, _conv_spec, shape,
                  {"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": "same"}))
        if rng.random() < 0.3:
            add({"type": "batchnorm"})
        if rng.random() < 0.7:
            add(_draw(rng, _pool_spec, shape, {"type": "maxpool2d", "padding": "same"}))
        if rng.random() < 0.3:
            add({"type": "dropout", "rate": round(float(rng.uniform(0.1, 0.5)), 2)})
    add({"type": "flatten"} if rng.random() < 0.6 else {"type": "global_avg_pool2d"})
    if rng.random() < 0.5:
        add({"type": "dense", "units": int(rng.integers(8, 65))})
        if rng.random() < 0.5:
            add({"type": "dropout", "rate": 0.5})
    add({"type": "dense", "units": int(rng.integers(1, 11))})
    return input_shape, specs


def recurrent_stack(rng):
    t = int(rng.integers(3, 30))
    specs = []
    if rng.random() < 0.6:  # integer token ids -> Embedding
        input_shape = (t,)
        specs.append({"type": "embedding", "input_dim": int(rng.integers(20, 5000)),
                      "output_dim": int(rng.integers(2, 33))})
        if rng.random() < 0.3:
            specs.append({"type": "dropout", "rate": 0.2})
    else:
        input_shape = (t, int(rng.integers(1, 9)))
    n_rnn = int(rng.integers(1, 4))
    for i in range(n_rnn):
        spec = {"type": str(rng.choice(RNNS)), "units": int(rng.integers(2, 65))}
        last = i == n_rnn - 1
        sequences = bool(rng.random() < 0.4) if last else True
        if sequences or rng.random() < 0.6:
            spec["return_sequences"] = sequences
        specs.append(spec)
        if not last and rng.random() < 0.3:
            if rng.random() < 0.5:
                specs.append({"type": "dropout", "rate": 0.3})
            else:
                specs.append({"type": "batchnorm"})
    if specs[-1].get("return_sequences"):
        r = rng.random()
        if r < 0.4:  # Dense on a sequence acts on the last axis, per time step
            specs.append({"type": "dense", "units": int(rng.integers(2, 17))})
        elif r < 0.7:
            specs.append({"type": "flatten"})
    specs.append({"type": "dense", "units": int(rng.integers(1, 11))})
    return input_shape, specs


def layer_mistakes(spec, in_shape, want):
    """Wrong shapes for one layer, given its correct input shape."""
    kind = spec["type"]
    out = []
    if kind == "conv2d":
        if not _is_one(spec.get("dilation_rate", 1)):
            out.append((DILATION_IGNORED, keras_shape(spec, in_shape, dilation_rate=1)))
        if not _is_one(spec.get("strides", 1)):
            out.append(("strides ignored", keras_shape(spec, in_shape, strides=1)))
        padding = spec.get("padding", "valid")
        other = "valid" if padding == "same" else "same"
        out.append((f"padding '{padding}' computed like '{other}'",
                    keras_shape(spec, in_shape, padding=other)))
        out.append(("channels kept from the input; a Conv2D outputs `filters` channels",
                    want[:-1] + in_shape[-1:]))
    elif kind in ("maxpool2d", "avgpool2d"):
        if spec.get("strides") is None:
            out.append(("pooling stride defaulted to 1; Keras uses strides=pool_size when "
                        "strides is missing or None", keras_shape(spec, in_shape, strides=1)))
        padding = spec.get("padding", "valid")
        other = "valid" if padding == "same" else "same"
        out.append((f"padding '{padding}' computed like '{other}'",
                    keras_shape(spec, in_shape, padding=other)))
    elif kind == "flatten":
        if len(in_shape) == 3:
            out.append(("flatten dropped the channel axis: it multiplies height, width "
                        "AND channels", (in_shape[0] * in_shape[1],)))
        out.append(("flatten returned a bare int; a shape is a tuple such as (n,)", want[0]))
        out.append(("flatten kept the input shape", in_shape))
    elif kind == "global_avg_pool2d":
        out.append(("global pooling kept the spatial axes as 1s (that is keepdims=True); "
                    "GlobalAveragePooling2D outputs (channels,)",
                    keras_shape(spec, in_shape, keepdims=True)))
        out.append(("global pooling averaged over the channels instead of height and width",
                    in_shape[:2]))
        out.append(("global pooling left the shape unchanged", in_shape))
    elif kind == "dense":
        if len(in_shape) > 1:
            out.append(("Dense dropped the leading axes: it acts on the last axis only and "
                        "keeps the others", (spec["units"],)))
        out.append(("Dense output taken as its kernel's shape (input_dim, units)",
                    (in_shape[-1], spec["units"])))
    elif kind == "embedding":
        out.append(("Embedding output taken as its weight matrix (input_dim, output_dim); "
                    "it is (sequence_length, output_dim)",
                    (spec["input_dim"], spec["output_dim"])))
        out.append(("Embedding dropped the sequence axis", (spec["output_dim"],)))
    elif kind in RNNS:
        sequences = spec.get("return_sequences", False)
        out.append((f"return_sequences ignored (it is {sequences} here)",
                    keras_shape(spec, in_shape, return_sequences=not sequences)))
    return named(want, out)


def _describe_specs(input_shape, specs):
    rows = "\n".join(f"      {i}: {spec!r}" for i, spec in enumerate(specs))
    return f"trace_shapes({input_shape!r}, specs) with specs:\n{rows}"


def check_trace(student, input_shape, specs, want):
    got = student.trace_shapes(input_shape, specs)
    call = _describe_specs(input_shape, specs)
    if _same(got, want):
        return
    whole = named(want, [
        ("batch dimension included; the shapes leave it out", [(None,) + s for s in want]),
        ("batch dimension included (as 1); the shapes leave it out", [(1,) + s for s in want]),
        ("only the final shape returned; return a list with one shape per layer", want[-1]),
        ("a list of only the final shape returned; return one shape per layer", [want[-1]]),
        ("the input shape is not a layer's output: leave it out of the list",
         [tuple(input_shape)] + want),
    ])
    if any(_same(got, value) for value in whole.values()) or not (
            isinstance(got, (list, tuple)) and len(got) == len(want)):
        expect.equal(got, want, call=call, mistakes=whole)
    ins = [tuple(input_shape)] + want[:-1]
    for i, (g, w) in enumerate(zip(got, want)):
        if not _same(g, w):
            expect.equal(g, w, call=f"{call}\n  layer {i} ({specs[i]['type']}) on input shape "
                         f"{ins[i]}", mistakes=layer_mistakes(specs[i], ins[i], w))


def _run_stacks(student, credit, rng, make):
    for j in range(N_STACKS):
        input_shape, specs = make(rng)
        want = keras_trace(input_shape, specs)
        if j == 0:
            check_against_sequential(input_shape, specs, want)
        with credit.case():
            check_trace(student, input_shape, specs, want)


@pytest.mark.points(4)
def test_trace_shapes_cnn_stacks_match_keras(student, credit):
    _run_stacks(student, credit, grader_rng("output_size/trace_cnn"), cnn_stack)


@pytest.mark.points(2)
def test_trace_shapes_recurrent_stacks_match_keras(student, credit):
    _run_stacks(student, credit, grader_rng("output_size/trace_rnn"), recurrent_stack)
