"""count_params: an RNN is always traced as returning only its last state, so
Flatten after return_sequences=True is counted too small."""
EXPECT_TEST = "test_count_params_sequence_stacks_match_keras_model"
EXPECT_MESSAGE = "return_sequences=True ignored"


def count_params(input_shape, specs):
    def as_pair(v):
        return tuple(v) if isinstance(v, (tuple, list)) else (v, v)

    def length(n, k, s, padding, d=1):
        if padding == "same":
            return (n + s - 1) // s
        return (n - d * (k - 1) - 1) // s + 1

    shape = list(input_shape)
    trainable, non_trainable = 0, 0
    for spec in specs:
        kind = spec["type"]
        if kind == "conv2d":
            k = as_pair(spec["kernel_size"])
            s = as_pair(spec.get("strides", 1))
            d = as_pair(spec.get("dilation_rate", 1))
            pad = spec.get("padding", "valid")
            bias = spec["filters"] if spec.get("use_bias", True) else 0
            trainable += k[0] * k[1] * shape[-1] * spec["filters"] + bias
            shape = [length(shape[0], k[0], s[0], pad, d[0]),
                     length(shape[1], k[1], s[1], pad, d[1]), spec["filters"]]
        elif kind in ("maxpool2d", "avgpool2d"):
            p = as_pair(spec.get("pool_size", 2))
            s = as_pair(spec["strides"]) if spec.get("strides") else p
            pad = spec.get("padding", "valid")
            shape = [length(shape[0], p[0], s[0], pad), length(shape[1], p[1], s[1], pad),
                     shape[2]]
        elif kind == "flatten":
            size = 1
            for n in shape:
                size *= n
            shape = [size]
        elif kind == "global_avg_pool2d":
            shape = [shape[-1]]
        elif kind == "dense":
            bias = spec["units"] if spec.get("use_bias", True) else 0
            trainable += shape[-1] * spec["units"] + bias
            shape[-1] = spec["units"]
        elif kind == "batchnorm":
            trainable += 2 * shape[-1]
            non_trainable += 2 * shape[-1]
        elif kind == "embedding":
            trainable += spec["input_dim"] * spec["output_dim"]
            shape = shape + [spec["output_dim"]]
        elif kind in ("lstm", "gru", "simple_rnn"):
            units = spec["units"]
            one_gate = shape[-1] * units + units * units + units
            if kind == "lstm":
                trainable += 4 * one_gate
            elif kind == "gru":
                reset_after = spec.get("reset_after", True)
                trainable += 3 * one_gate + (3 * units if reset_after else 0)
            else:
                trainable += one_gate
            shape = [units]
    return trainable, non_trainable
