"""Dense always outputs (units,), even on a sequence, where Keras applies it to
the last axis and keeps the time axis."""
# ruff: noqa: F821  (the reference solution this file is appended to defines the rest)
EXPECT_TEST = "test_trace_shapes_recurrent_stacks_match_keras"
EXPECT_MESSAGE = "acts on the last axis only"


def trace_shapes(input_shape, specs):
    def pair(v):
        return tuple(v) if isinstance(v, (list, tuple)) else (v, v)

    shape = tuple(input_shape)
    shapes = []
    for spec in specs:
        t = spec["type"]
        if t == "conv2d":
            k, s = pair(spec["kernel_size"]), pair(spec.get("strides", 1))
            d, pad = pair(spec.get("dilation_rate", 1)), spec.get("padding", "valid")
            shape = (conv_output_length(shape[0], k[0], s[0], pad, d[0]),
                     conv_output_length(shape[1], k[1], s[1], pad, d[1]), spec["filters"])
        elif t in ("maxpool2d", "avgpool2d"):
            p = pair(spec.get("pool_size", 2))
            s = pair(spec["strides"]) if spec.get("strides") is not None else p
            pad = spec.get("padding", "valid")
            shape = (pool_output_length(shape[0], p[0], s[0], pad),
                     pool_output_length(shape[1], p[1], s[1], pad), shape[2])
        elif t == "flatten":
            n = 1
            for v in shape:
                n *= v
            shape = (n,)
        elif t == "global_avg_pool2d":
            shape = (shape[-1],)
        elif t == "dense":
            shape = (spec["units"],)
        elif t == "embedding":
            shape = shape + (spec["output_dim"],)
        elif t in ("lstm", "gru", "simple_rnn"):
            shape = ((shape[0], spec["units"]) if spec.get("return_sequences", False)
                     else (spec["units"],))
        shapes.append(shape)
    return shapes
