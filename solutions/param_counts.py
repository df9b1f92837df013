"""Counting a model's parameters.

`model.summary()` ends with three numbers: total, trainable and
non-trainable parameters. In this exercise you compute them yourself, with
nothing but arithmetic, for the layers you meet most often. Knowing where the
numbers come from tells you where a model's size (and its risk of
overfitting) really lives: usually in the first Dense layer after a Flatten,
almost never in the convolutions.

A parameter is one number in one of a layer's weight tensors. Count the
entries of every tensor the layer creates:

- ``Dense(units)`` on inputs of size ``input_dim``: a kernel of shape
  ``(input_dim, units)`` and, unless ``use_bias=False``, a bias of shape
  ``(units,)``. On inputs with more axes (a sequence, an image), Dense acts on
  the last axis only.
- ``Conv2D(filters, kernel_size)``: a kernel of shape
  ``(kh, kw, in_channels, filters)``: every filter looks at *all* input
  channels. Plus one bias per filter unless ``use_bias=False``. Strides,
  padding and dilation change the output size, not the parameter count.
- ``Embedding(input_dim, output_dim)``: one lookup table
  ``(input_dim, output_dim)``, no bias.
- ``SimpleRNN(units)``: a kernel ``(input_dim, units)`` for the input, a
  *recurrent* kernel ``(units, units)`` for the previous state, and a bias
  ``(units,)``.
- ``LSTM(units)``: the same three tensors for each of its 4 gates (input,
  forget, cell candidate, output), stored side by side: ``(input_dim,
  4*units)``, ``(units, 4*units)``, ``(4*units,)``.
- ``GRU(units)``: 3 gates (update, reset, candidate). Keras's default
  ``reset_after=True`` (the cuDNN-compatible variant) keeps *two* bias vectors,
  one for the input part and one for the recurrent part: a bias of shape
  ``(2, 3*units)``. With ``reset_after=False`` (the original GRU, and the
  default of the old Keras 2.2) there is a single bias ``(3*units,)``.
- ``BatchNormalization`` over ``C`` channels: ``gamma`` and ``beta`` are
  learned (trainable), ``moving_mean`` and ``moving_variance`` are updated
  during training but not by the optimiser: they are *non-trainable*. So
  ``(2*C, 2*C)``.
- ``Flatten``, ``MaxPooling2D``, ``AveragePooling2D``,
  ``GlobalAveragePooling2D`` and ``Dropout`` have no parameters at all, but
  they change the shape that the next layer sees.

Finally, ``count_params(input_shape, specs)`` counts a whole stack of layers
described by *layer specs* (dicts such as ``{"type": "conv2d", "filters": 32,
"kernel_size": 3}``; missing keys take Keras's defaults). To count the Dense
layer after a Flatten you need the shape that reaches it, so trace the shapes
through the stack as you go (the same rules as in the ``output_size``
exercise). Your answer must equal what Keras reports for the same model:
``sum(np.prod(w.shape) for w in model.trainable_weights)`` and the same for
``model.non_trainable_weights``.

Legacy names: old code calls ``model.count_params()`` (all weights together)
and reads the numbers off ``model.summary()``; Keras 2 wrote
``keras.layers.CuDNNGRU`` / ``CuDNNLSTM`` for what are now plain ``GRU`` /
``LSTM`` layers (``reset_after=True`` is what made GRU cuDNN-compatible).
Everything here is plain Python: no Keras needed.
"""


def dense_params(input_dim, units, use_bias=True):
    """Number of parameters of ``keras.layers.Dense(units, use_bias=use_bias)``
    applied to inputs whose last axis has size ``input_dim``.

    Args:
        input_dim: size of the input's last axis.
        units: number of output units.
        use_bias: whether the layer has a bias vector.

    Returns:
        int: the number of parameters (all trainable).

    Example:
        >>> dense_params(784, 128)
        100480
    """
    ### BEGIN SOLUTION
    return int(input_dim) * int(units) + (int(units) if use_bias else 0)
    ### END SOLUTION


def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    """Number of parameters of ``keras.layers.Conv2D(filters, kernel_size,
    use_bias=use_bias)`` applied to an input with ``in_channels`` channels.

    Args:
        kernel_size: an int ``k`` (a ``k x k`` kernel) or a pair ``(kh, kw)``.
        in_channels: number of channels of the input.
        filters: number of filters (output channels).
        use_bias: whether the layer has one bias per filter.

    Returns:
        int: the number of parameters (all trainable).

    Example:
        >>> conv2d_params(3, 3, 32)
        896
    """
    ### BEGIN SOLUTION
    if isinstance(kernel_size, (tuple, list)):
        kh, kw = kernel_size
    else:
        kh = kw = kernel_size
    weights = int(kh) * int(kw) * int(in_channels) * int(filters)
    return weights + (int(filters) if use_bias else 0)
    ### END SOLUTION


def embedding_params(input_dim, output_dim):
    """Number of parameters of ``keras.layers.Embedding(input_dim, output_dim)``.

    Args:
        input_dim: vocabulary size (number of distinct token ids).
        output_dim: length of each embedding vector.

    Returns:
        int: the number of parameters (all trainable).

    Example:
        >>> embedding_params(10000, 8)
        80000
    """
    ### BEGIN SOLUTION
    return int(input_dim) * int(output_dim)
    ### END SOLUTION


def simple_rnn_params(input_dim, units):
    """Number of parameters of ``keras.layers.SimpleRNN(units)`` on sequences
    of ``input_dim`` features per step.

    Args:
        input_dim: number of features per time step.
        units: size of the hidden state.

    Returns:
        int: the number of parameters (kernel, recurrent kernel and bias).

    Example:
        >>> simple_rnn_params(8, 32)
        1312
    """
    ### BEGIN SOLUTION
    input_dim, units = int(input_dim), int(units)
    return input_dim * units + units * units + units
    ### END SOLUTION


def lstm_params(input_dim, units):
    """Number of parameters of ``keras.layers.LSTM(units)`` on sequences of
    ``input_dim`` features per step (4 gates).

    Args:
        input_dim: number of features per time step.
        units: size of the hidden (and cell) state.

    Returns:
        int: the number of parameters.

    Example:
        >>> lstm_params(8, 32)
        5248
    """
    ### BEGIN SOLUTION
    input_dim, units = int(input_dim), int(units)
    return 4 * (input_dim * units + units * units + units)
    ### END SOLUTION


def gru_params(input_dim, units, reset_after=True):
    """Number of parameters of ``keras.layers.GRU(units,
    reset_after=reset_after)`` on sequences of ``input_dim`` features per step
    (3 gates).

    Args:
        input_dim: number of features per time step.
        units: size of the hidden state.
        reset_after: Keras's default ``True`` keeps separate input and
            recurrent biases (two bias vectors); ``False`` keeps one.

    Returns:
        int: the number of parameters.

    Example:
        >>> gru_params(8, 32)
        4032
        >>> gru_params(8, 32, reset_after=False)
        3936
    """
    ### BEGIN SOLUTION
    input_dim, units = int(input_dim), int(units)
    n_bias_vectors = 2 if reset_after else 1
    return 3 * (input_dim * units + units * units) + n_bias_vectors * 3 * units
    ### END SOLUTION


def batchnorm_params(channels):
    """Parameters of ``keras.layers.BatchNormalization()`` over ``channels``
    channels (the last axis).

    Args:
        channels: size of the normalised axis.

    Returns:
        tuple: ``(trainable, non_trainable)`` ints: ``gamma`` and ``beta`` are
        trained, the moving mean and moving variance are not.

    Example:
        >>> batchnorm_params(64)
        (128, 128)
    """
    ### BEGIN SOLUTION
    channels = int(channels)
    return 2 * channels, 2 * channels
    ### END SOLUTION


def count_params(input_shape, specs):
    """Trainable and non-trainable parameter counts of the Keras model built
    from layer specs, as ``keras.Sequential([keras.Input(input_shape), ...])``.

    Args:
        input_shape: shape of one sample, without the batch axis, e.g.
            ``(28, 28, 1)`` for images or ``(20,)`` for sequences of token ids
            fed to an Embedding.
        specs: list of layer specs (dicts with a ``"type"`` key among
            ``conv2d``, ``maxpool2d``, ``avgpool2d``, ``flatten``,
            ``global_avg_pool2d``, ``dense``, ``dropout``, ``batchnorm``,
            ``embedding``, ``lstm``, ``gru``, ``simple_rnn``; missing keys take
            Keras's defaults, and any other key is that layer's Keras argument,
            e.g. ``use_bias`` or a GRU's ``reset_after``).

    Returns:
        tuple: ``(trainable, non_trainable)`` ints.

    Example:
        >>> count_params((28, 28, 1), [
        ...     {"type": "conv2d", "filters": 32, "kernel_size": 3},
        ...     {"type": "maxpool2d", "pool_size": 2},
        ...     {"type": "flatten"},
        ...     {"type": "dense", "units": 10}])
        (54410, 0)
    """
    ### BEGIN SOLUTION
    def pair(value):
        if isinstance(value, (tuple, list)):
            return int(value[0]), int(value[1])
        return int(value), int(value)

    def out_length(n, k, stride, padding, dilation=1):
        if padding == "same":
            return -(-n // stride)
        span = dilation * (k - 1) + 1
        return (n - span) // stride + 1

    shape = tuple(int(d) for d in input_shape)
    trainable = non_trainable = 0
    for spec in specs:
        kind = spec["type"]
        if kind == "conv2d":
            kh, kw = pair(spec["kernel_size"])
            sh, sw = pair(spec.get("strides", 1))
            dh, dw = pair(spec.get("dilation_rate", 1))
            padding = spec.get("padding", "valid")
            trainable += conv2d_params((kh, kw), shape[-1], spec["filters"],
                                       spec.get("use_bias", True))
            shape = (out_length(shape[0], kh, sh, padding, dh),
                     out_length(shape[1], kw, sw, padding, dw), int(spec["filters"]))
        elif kind in ("maxpool2d", "avgpool2d"):
            ph, pw = pair(spec.get("pool_size", 2))
            strides = spec.get("strides")
            sh, sw = pair(strides) if strides is not None else (ph, pw)
            padding = spec.get("padding", "valid")
            shape = (out_length(shape[0], ph, sh, padding),
                     out_length(shape[1], pw, sw, padding), shape[2])
        elif kind == "flatten":
            size = 1
            for d in shape:
                size *= d
            shape = (size,)
        elif kind == "global_avg_pool2d":
            shape = (shape[-1],)
        elif kind == "dense":
            trainable += dense_params(shape[-1], spec["units"], spec.get("use_bias", True))
            shape = shape[:-1] + (int(spec["units"]),)
        elif kind == "dropout":
            pass
        elif kind == "batchnorm":
            t, nt = batchnorm_params(shape[-1])
            trainable += t
            non_trainable += nt
        elif kind == "embedding":
            trainable += embedding_params(spec["input_dim"], spec["output_dim"])
            shape = shape + (int(spec["output_dim"]),)
        elif kind in ("lstm", "gru", "simple_rnn"):
            units = int(spec["units"])
            if kind == "lstm":
                trainable += lstm_params(shape[-1], units)
            elif kind == "gru":
                trainable += gru_params(shape[-1], units, spec.get("reset_after", True))
            else:
                trainable += simple_rnn_params(shape[-1], units)
            shape = (shape[0], units) if spec.get("return_sequences", False) else (units,)
        else:
            raise ValueError(f"unknown layer type {kind!r}")
    return trainable, non_trainable
    ### END SOLUTION
