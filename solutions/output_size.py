"""Topic 04 - Output sizes of convolution and pooling layers.

Before you build a CNN you should be able to say, on paper, what shape comes
out of every layer.  Keras will tell you (``model.summary()``), but only after
you have built the model, and a wrong guess usually ends in a
"Negative dimension size" error or a Dense layer with millions of weights.
In this topic you write the arithmetic yourself, for one spatial axis first
and then for a whole stack of layers.  Everything here is plain Python: no
Keras or NumPy is needed (and importing TensorFlow is slow, so don't).

One spatial axis of length ``n``, a kernel of size ``k``:

* **Dilation** spreads the kernel's taps ``dilation`` apart, so the window it
  covers - the *effective kernel* - is ``(k - 1) * dilation + 1`` long.
* ``padding="valid"``: no padding.  A window must fit entirely inside the
  input; count the positions where one can start (``0, stride, 2 * stride,
  ...``).  A last window that would run past the end is dropped, so the
  count rounds down.
* ``padding=p`` (an int): ``p`` zeros on *each* side, then as "valid".
* ``padding="same"`` (Keras / TensorFlow): the output length is
  ``ceil(n / stride)`` - equal to ``n`` only when the stride is 1.
  TensorFlow adds just enough zeros for the last of those windows to fit
  (never a negative number) and splits them as evenly as it can: when the
  total is odd the extra zero goes *after* (bottom / right).  (PyTorch and
  Caffe users beware: their symmetric padding is a different convention.)
* Pooling uses the same arithmetic with ``k = pool_size``; its stride defaults
  to the pool size (``MaxPooling2D(2)`` halves the image), not to 1.

Functions to write:

* ``conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1)``
* ``same_padding(n, kernel_size, stride=1, dilation=1)`` -> ``(before, after)``
* ``pool_output_length(n, pool_size, stride=None, padding="valid")``
* ``trace_shapes(input_shape, specs)``: the output shape (without the batch
  dimension) of every layer of a model described by layer specs, e.g.
  ``{"type": "conv2d", "filters": 32, "kernel_size": 3, "padding": "same"}``.
  Spec types: ``conv2d``, ``maxpool2d``, ``avgpool2d``, ``flatten``,
  ``global_avg_pool2d``, ``dense``, ``dropout``, ``batchnorm``,
  ``embedding``, ``lstm``, ``gru``, ``simple_rnn``.  The keys are the Keras
  argument names, and a missing key takes the Keras default (``strides=1``,
  ``padding="valid"``, ``dilation_rate=1`` for Conv2D; ``pool_size=2``
  for MaxPooling2D (AveragePooling2D has no default: specs always give it)
  and ``strides=pool_size`` for pooling; ``return_sequences=False`` for
  recurrent layers).  ``kernel_size``, ``strides``, ``pool_size`` and
  ``dilation_rate`` may be an int or a pair ``(height, width)``.

Layers that do not touch the spatial axes still have shapes to get right:
Flatten multiplies *all* the axes together; GlobalAveragePooling2D averages
height and width away and leaves ``(channels,)``; Dense acts on the last
axis only, so on a ``(steps, features)`` sequence it gives ``(steps,
units)``; Embedding turns ``(steps,)`` token ids into ``(steps,
output_dim)``; LSTM / GRU / SimpleRNN give ``(steps, units)`` with
``return_sequences=True`` and ``(units,)`` (the last step only) without;
Dropout and BatchNormalization keep the shape.

Results are Python ints (use ``//``, never ``/``, which gives a float) and
shapes are tuples of ints.  Images are channels-last: ``(height, width,
channels)``.  Older tutorials (Keras 1) write ``Convolution2D``,
``border_mode="same"`` and ``subsample=(2, 2)``, and give Embedding an
``input_length=``; in Keras 3 these are ``Conv2D``, ``padding="same"`` and
``strides=(2, 2)``, and the sequence length comes from the input shape.  The
check in the end is Keras itself: ``layer.compute_output_shape((None,) +
shape)`` or ``model.summary()``.
"""


def conv_output_length(n, kernel_size, stride=1, padding="valid", dilation=1):
    """Length of one spatial axis after a convolution.

    Args:
        n: input length along the axis (int).
        kernel_size: kernel size along the axis (int).
        stride: step between windows (int, default 1).
        padding: ``"valid"`` (no padding), ``"same"`` (Keras semantics:
            output ``ceil(n / stride)``) or an int ``p`` (``p`` zeros on
            each side).
        dilation: spacing between kernel taps (int, default 1).

    Returns:
        The output length, a Python int.  Raises ``ValueError`` when the
        (effective) kernel does not fit, as Keras does.

    Examples:
        >>> conv_output_length(28, 3)
        26
        >>> conv_output_length(28, 3, padding="same")
        28
        >>> conv_output_length(32, 5, stride=2, padding=2)
        16
        >>> conv_output_length(7, 3, dilation=2)  # effective kernel 5
        3
    """
    ### BEGIN SOLUTION
    n, k, s, d = int(n), int(kernel_size), int(stride), int(dilation)
    k_eff = (k - 1) * d + 1
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "same":
            return -(-n // s)  # ceil(n / s) without floats
        if mode != "valid":
            raise ValueError(f"padding must be 'valid', 'same' or an int, got {padding!r}")
        p = 0
    else:
        p = int(padding)
    out = (n + 2 * p - k_eff) // s + 1
    if out <= 0:
        raise ValueError(f"a kernel of effective size {k_eff} does not fit in length {n + 2 * p}")
    return out
    ### END SOLUTION


def same_padding(n, kernel_size, stride=1, dilation=1):
    """The zeros Keras/TensorFlow add on each side for ``padding="same"``.

    Args:
        n: input length along the axis (int).
        kernel_size, stride, dilation: as in ``conv_output_length``.

    Returns:
        ``(before, after)``: zeros added at the start (top/left) and at the
        end (bottom/right).  When the total is odd the extra zero goes
        after.

    Examples:
        >>> same_padding(5, 3)
        (1, 1)
        >>> same_padding(6, 2)  # total 1: it goes after
        (0, 1)
        >>> same_padding(6, 3, stride=2)  # 3 outputs need 7 inputs
        (0, 1)
    """
    ### BEGIN SOLUTION
    n, k, s, d = int(n), int(kernel_size), int(stride), int(dilation)
    k_eff = (k - 1) * d + 1
    out = -(-n // s)
    total = max((out - 1) * s + k_eff - n, 0)
    before = total // 2
    return (before, total - before)
    ### END SOLUTION


def pool_output_length(n, pool_size, stride=None, padding="valid"):
    """Length of one spatial axis after max or average pooling.

    Args:
        n: input length along the axis (int).
        pool_size: window size along the axis (int).
        stride: step between windows; ``None`` (the Keras default) means
            ``pool_size``, i.e. non-overlapping windows.
        padding: ``"valid"`` or ``"same"``.

    Returns:
        The output length, a Python int.

    Examples:
        >>> pool_output_length(28, 2)
        14
        >>> pool_output_length(7, 2)
        3
        >>> pool_output_length(7, 2, padding="same")
        4
        >>> pool_output_length(10, 3, stride=1)
        8
    """
    ### BEGIN SOLUTION
    pool_size = int(pool_size)
    stride = pool_size if stride is None else int(stride)
    return conv_output_length(n, pool_size, stride=stride, padding=padding)
    ### END SOLUTION


def trace_shapes(input_shape, specs):
    """Output shape of every layer of a model described by layer specs.

    Args:
        input_shape: the model's input shape without the batch dimension,
            e.g. ``(28, 28, 1)`` for images or ``(20,)`` for a sequence of
            20 token ids.
        specs: a list of layer-spec dicts (see the module docstring), in
            order.

    Returns:
        A list with one shape per spec: the layer's output shape without
        the batch dimension, as a tuple of ints.

    Example:
        >>> trace_shapes((28, 28, 1), [
        ...     {"type": "conv2d", "filters": 32, "kernel_size": 3},
        ...     {"type": "maxpool2d"},
        ...     {"type": "flatten"},
        ...     {"type": "dense", "units": 10},
        ... ])
        [(26, 26, 32), (13, 13, 32), (5408,), (10,)]
    """
    ### BEGIN SOLUTION
    def pair(value):
        if isinstance(value, (list, tuple)):
            return int(value[0]), int(value[1])
        return int(value), int(value)

    shape = tuple(int(d) for d in input_shape)
    shapes = []
    for spec in specs:
        kind = spec["type"].lower()
        if kind == "conv2d":
            h, w = shape[0], shape[1]
            (kh, kw), (sh, sw) = pair(spec["kernel_size"]), pair(spec.get("strides", 1))
            dh, dw = pair(spec.get("dilation_rate", 1))
            padding = spec.get("padding", "valid")
            shape = (conv_output_length(h, kh, sh, padding, dh),
                     conv_output_length(w, kw, sw, padding, dw), int(spec["filters"]))
        elif kind in ("maxpool2d", "avgpool2d"):
            ph, pw = pair(spec.get("pool_size", 2))
            strides = spec.get("strides")
            sh, sw = (ph, pw) if strides is None else pair(strides)
            padding = spec.get("padding", "valid")
            shape = (pool_output_length(shape[0], ph, sh, padding),
                     pool_output_length(shape[1], pw, sw, padding), shape[2])
        elif kind == "flatten":
            size = 1
            for d in shape:
                size *= d
            shape = (size,)
        elif kind == "global_avg_pool2d":
            shape = (shape[-1],)
        elif kind == "dense":
            shape = shape[:-1] + (int(spec["units"]),)  # Dense acts on the last axis
        elif kind in ("dropout", "batchnorm"):
            pass
        elif kind == "embedding":
            shape = shape + (int(spec["output_dim"]),)
        elif kind in ("lstm", "gru", "simple_rnn"):
            units = int(spec["units"])
            shape = (shape[0], units) if spec.get("return_sequences", False) else (units,)
        else:
            raise ValueError(f"unknown layer type {spec['type']!r}")
        shapes.append(shape)
    return shapes
    ### END SOLUTION
