"""output_layer_for treats multilabel like multiclass: softmax units, which
make the labels compete although several can be true at once."""

EXPECT_TEST = "test_output_layer_for_each_task"
EXPECT_MESSAGE = "softmax makes the labels compete"


def output_layer_for(task, n_classes=None):
    if task == "regression":
        return 1, "linear", "mse"
    if task == "binary":
        return 1, "sigmoid", "binary_crossentropy"
    if task in ("multiclass", "multilabel"):
        return int(n_classes), "softmax", "categorical_crossentropy"
    raise ValueError(f"unknown task {task!r}")
