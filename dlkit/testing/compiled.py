"""What a Keras model or layer config says about its loss, activation and
compile settings, for any spelling a student may use ("mse",
"mean_squared_error", ``keras.losses.MeanSquaredError()``, a serialised config)."""

from __future__ import annotations

# Squashed loss spellings -> one short kind.
LOSS_KINDS = {
    "mse": "mse", "meansquarederror": "mse",
    "mae": "mae", "meanabsoluteerror": "mae",
    "binarycrossentropy": "bce", "bce": "bce",
    "categoricalcrossentropy": "cce", "cce": "cce",
    "sparsecategoricalcrossentropy": "scce", "scce": "scce",
    "huber": "huber", "huberloss": "huber",
}


def squash(name) -> str:
    """A name without case, spaces, underscores or dashes."""
    return str(name).strip().lower().replace("_", "").replace(" ", "").replace("-", "")


def loss_kind(loss, kinds: dict[str, str] = LOSS_KINDS) -> str | None:
    """'mse', 'bce', 'cce', 'scce', ... for a loss in a compile config: a
    string, or the serialised config of a loss object or function."""
    if isinstance(loss, dict):
        loss = loss.get("config") if loss.get("class_name") == "function" else loss.get("class_name")
    if not isinstance(loss, str):
        return None
    return kinds.get(squash(loss), squash(loss))


def loss_name(loss) -> str:
    """The name of a live model's loss: a string, a loss object or a function."""
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
    return str(name or type(loss).__name__)


def activation_name(act) -> str:
    """A layer config's activation, lower case ("linear" for none)."""
    if act is None:
        return "linear"
    if isinstance(act, dict):
        act = act.get("config") if act.get("class_name") == "function" else act.get("class_name")
    return str(act).strip().lower()


def compile_config(model) -> dict:
    """The model's compile config, empty when it was never compiled."""
    config = model.get_compile_config() if getattr(model, "compiled", False) else None
    return config or {}
