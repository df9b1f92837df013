"""output_layer_for uses softmax for every classification task, so binary
gets a single softmax unit, which always outputs 1."""

EXPECT_TEST = "test_output_layer_for_each_task"
EXPECT_MESSAGE = "a single softmax unit always outputs 1.0"


def output_layer_for(task, n_classes=None):
    if task == "regression":
        return 1, "linear", "mse"
    if task == "binary":
        return 1, "softmax", "binary_crossentropy"
    if task == "multiclass":
        return int(n_classes), "softmax", "sparse_categorical_crossentropy"
    if task == "multilabel":
        return int(n_classes), "sigmoid", "binary_crossentropy"
    raise ValueError(f"unknown task {task!r}")
