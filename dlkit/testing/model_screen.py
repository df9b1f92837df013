"""Checks on a student's saved model before the grader builds it.

A ``.keras`` file from the worker is untrusted: Keras reads its
``config.json`` whole, builds every declared layer with its weights, and
resolves the functions the config names, all in the grader's process.  So,
before :func:`dlkit.testing.models.load_model` asks Keras for the model:

- :func:`read_config` goes by the archive's declared file count and sizes,
  and takes only uncompressed files (as Keras writes them), so that a padded
  or compressed-bomb member is refused before it is read;
- :func:`foreign_code` finds classes and functions that are not Keras's own
  (a student's code, or a Keras function outside the activation, loss and
  metric registries, such as ``keras.distribution.set_distribution``);
- :func:`declared_cost` builds the model from its config *without values*
  (Keras's ``StatelessScope`` defers every variable's initialisation), which
  gives the exact parameter count, each layer's shapes and so a cost per
  example, for a few kilobytes of memory whatever the model declares.

Each refusal raises :class:`ModelRefused` with a message naming what was
found and what is allowed.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import struct
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from dlkit.sandbox.rich import MAX_MODEL_PARAMETERS

# The kit's largest model configuration (the transfer model, its pretrained
# base included) takes 14 kB; its largest weights file 230 kB.
MAX_CONFIG_BYTES = 1 << 20
# Ten million float32 parameters with Adam's two moments take 120 MB.
MAX_WEIGHTS_BYTES = 256 << 20
MAX_MEMBERS = 64
MAX_DIRECTORY_BYTES = 64 << 10
# The ZIP end-of-central-directory record, found within its comment's reach
# (at most 64 kB) of the end of the file.
END_RECORD = struct.Struct("<4s4H2LH")
END_RECORD_SIGNATURE = b"PK\x05\x06"
END_RECORD_SEARCH = END_RECORD.size + (1 << 16)
# Per example.  The kit's costliest reference model (the transfer model)
# takes 6.4 MFLOP, its largest layer output 16,384 numbers; the classic Keras
# CIFAR-10 CNN takes about 40 MFLOP.
MAX_FLOPS = 200_000_000
MAX_LAYER_OUTPUT = 1_000_000
# A dimension a model leaves open (a variable-length input) counts as this
# long: the kit's images are at most 32x32, its sequences shorter.
OPEN_DIMENSION = 32
# The shapes an unbuilt layer is tried on to see whether it holds weights.
PROBE_SHAPES = ((None, 8, 8, 3), (None, 8, 3), (None, 8), (None, 4, 8, 8, 3))

KERAS_FUNCTION_MODULES = ("activations", "losses", "metrics")
REGISTRY_HELPERS = ("get", "serialize", "deserialize")
# What a class in a model's config may be: Keras's modelling classes.  Any
# other Keras class (a callback, a distribution, a file utility) is refused,
# whatever its from_config would do.
MODELLING_BASES = ("layers.Layer", "initializers.Initializer", "regularizers.Regularizer",
                   "constraints.Constraint", "optimizers.Optimizer",
                   "optimizers.schedules.LearningRateSchedule", "losses.Loss", "metrics.Metric",
                   "dtype_policies.DTypePolicy")
KERAS_MODULE_NAME = re.compile(r"keras(\.[A-Za-z_][A-Za-z0-9_]*)*")


class ModelRefused(Exception):
    """The saved model is refused before it is built; the text says why."""


@dataclass(frozen=True)
class Cost:
    parameters: int
    flops: int  # floating-point operations per example, about
    largest_output: int  # numbers in the largest layer output, per example


# -- the archive --------------------------------------------------------------

def read_config(path: str) -> dict:
    """The model's config from its ``.keras`` archive, read only once the
    archive's declared sizes are within bounds."""
    try:
        _check_directory(path)
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(members)
            config = next((m for m in members if m.filename == "config.json"), None)
            if config is None:
                raise ModelRefused("the returned model is not a valid .keras file "
                                   "(it has no config.json)")
            text = archive.read(config)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError) as exc:
        raise ModelRefused(f"the returned model is not a valid .keras file ({exc})") from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ModelRefused(f"the returned model is not a valid .keras file "
                           f"(its config.json is not JSON: {exc})") from None


def _check_directory(path: str) -> None:
    """The archive's file count, from its end record, before Python's
    zipfile reads the directory (one object per file) into memory."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - END_RECORD_SEARCH))
        tail = f.read()
    at = tail.rfind(END_RECORD_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise ModelRefused("the returned model is not a valid .keras file (no ZIP end record)")
    entries, directory_bytes = END_RECORD.unpack_from(tail, at)[4:6]
    if entries > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise ModelRefused(f"the returned model's archive declares {entries:,} files in "
                           f"{directory_bytes:,} bytes of directory, more than the {MAX_MEMBERS} "
                           "files a .keras file may hold")


def _check_members(members) -> None:
    if len(members) > MAX_MEMBERS:
        raise ModelRefused(f"the returned model's archive holds {len(members):,} files, more than "
                           f"the {MAX_MEMBERS} a .keras file may hold")
    for member in members:
        size = member.file_size
        if member.filename == "config.json" and size > MAX_CONFIG_BYTES:
            raise ModelRefused(f"the returned model's config.json takes {size:,} bytes, more than "
                               f"the {MAX_CONFIG_BYTES:,} a model's configuration may take "
                               "(the kit's largest takes 14 kB)")
        if size > MAX_WEIGHTS_BYTES:
            raise ModelRefused(f"the returned model's {member.filename} takes {size:,} bytes, more "
                               f"than the {MAX_WEIGHTS_BYTES:,} a model with "
                               f"{MAX_MODEL_PARAMETERS:,} parameters needs")
    total = sum(m.file_size for m in members)
    if total > MAX_WEIGHTS_BYTES + MAX_CONFIG_BYTES:
        raise ModelRefused(f"the returned model's files take {total:,} bytes, more than the "
                           f"{MAX_WEIGHTS_BYTES + MAX_CONFIG_BYTES:,} a model may take")
    for member in members:
        # Keras stores members uncompressed.  A compressed one could hold far
        # more than its header declares: zipfile's read() of a whole member
        # decompresses everything before it checks the size.
        if member.compress_type != zipfile.ZIP_STORED or member.compress_size != member.file_size:
            raise ModelRefused(f"the returned model's {member.filename} is compressed "
                               f"({member.compress_size:,} bytes holding {member.file_size:,}); "
                               "Keras stores a .keras file's files uncompressed")


# -- classes and functions the config names -------------------------------------

def _is_keras_module(module: str) -> bool:
    return module == "keras" or module.startswith("keras.")


def _is_registry_module(module: str) -> bool:
    """keras.activations, keras.losses, keras.metrics and their keras.src
    counterparts (keras.src.losses.losses, ...)."""
    parts = module.split(".")
    if parts[:1] == ["keras"] and parts[1:2] == ["src"]:
        parts = ["keras"] + parts[2:]
    return len(parts) >= 2 and parts[0] == "keras" and parts[1] in KERAS_FUNCTION_MODULES


@cache
def registry_function_names() -> frozenset[str]:
    """The functions of keras.activations, keras.losses and keras.metrics
    (their registries' helpers get, serialize, deserialize aside), by the
    names Keras saves them under.  Keras writes a built-in function passed as
    an activation, loss or metric as module "builtins" with its name."""
    import keras

    found = set()
    for registry in (keras.activations, keras.losses, keras.metrics):
        for name, value in vars(registry).items():
            if (callable(value) and not isinstance(value, type) and not name.startswith("_")
                    and name not in REGISTRY_HELPERS):
                found |= {name, getattr(value, "__name__", name)}
    return frozenset(found)


def foreign_code(config) -> list[str]:
    """What in a saved model's config is not Keras's own modelling code:
    Lambda layers (they carry Python code), classes from other modules, and
    functions outside Keras's activation, loss and metric registries."""
    found = []
    if isinstance(config, dict):
        module, name = config.get("module"), config.get("class_name")
        if isinstance(name, str) and isinstance(module, str):
            if name == "Lambda":
                # Its saved function is the reason; do not list it again.
                return ["a Lambda layer (it carries Python code, which is not allowed)"]
            if name == "function":
                found += _foreign_function(module, config.get("config"))
            elif not _is_keras_module(module):
                found.append(f"a custom class {name} from {module}")
            elif not _modelling_class(module, name):
                found.append(f"the Keras class {module}.{name}, which is not a layer, model, "
                             "initializer, regularizer, constraint, optimizer, loss or metric")
        for v in config.values():
            found += foreign_code(v)
    elif isinstance(config, list):
        for v in config:
            found += foreign_code(v)
    return found


@cache
def _modelling_bases() -> tuple[type, ...]:
    import keras

    bases = []
    for path in MODELLING_BASES:
        value = keras
        for part in path.split("."):
            value = getattr(value, part)
        bases.append(value)
    return tuple(bases)


@cache
def _modelling_class(module: str, name: str) -> bool:
    """Whether ``module.name`` is one of Keras's modelling classes, resolved
    as Keras resolves it (its own modules only)."""
    if not KERAS_MODULE_NAME.fullmatch(module):
        return False
    try:
        value = getattr(importlib.import_module(module), name, None)
    except Exception:  # noqa: BLE001 - no such Keras module: not a class Keras would load
        return False
    return isinstance(value, type) and issubclass(value, _modelling_bases())


def _foreign_function(module: str, name) -> list[str]:
    known = isinstance(name, str) and name in registry_function_names()
    if module == "builtins":
        # How Keras saves any plain function: a built-in one's name resolves
        # in Keras's registries, a student's own does not.
        return [] if known else [f"a function of your own, {name} (as a loss, metric or activation)"]
    if known and _is_registry_module(module):
        return []
    if _is_keras_module(module):
        return [f"the Keras function {module}.{name} as a loss, metric or activation (only "
                "keras.activations, keras.losses and keras.metrics functions may be)"]
    return [f"a function of your own, {name} (as a loss, metric or activation)"]


# -- what the declared model costs ----------------------------------------------

def declared_cost(config: dict) -> Cost:
    """The declared model's parameters and cost per example, from its config:
    the model is built as Keras would build it, but no variable gets a value.
    Call only on a config :func:`foreign_code` found nothing in."""
    model = _valueless_model(config)
    parameters = sum(math.prod(v.shape) for v in model.weights)
    parameters += sum(_unbuilt_weights(layer) for layer in _leaf_layers(model) if not layer.built)
    flops, largest = _graph_cost(model)
    return Cost(parameters, flops, largest)


def check_cost(cost: Cost) -> None:
    if cost.parameters > MAX_MODEL_PARAMETERS:
        raise ModelRefused(f"the model declares {cost.parameters:,} parameters, more than the "
                           f"{MAX_MODEL_PARAMETERS:,} a model may have")
    if cost.flops > MAX_FLOPS:
        raise ModelRefused(f"the model costs about {_gflop(cost.flops)} ({cost.flops:,} "
                           f"floating-point operations) per example, more than the "
                           f"{_gflop(MAX_FLOPS)} allowed (the kit's models need under 10 MFLOP): "
                           "use fewer or smaller filters, or pool earlier")
    if cost.largest_output > MAX_LAYER_OUTPUT:
        raise ModelRefused(f"a layer of the model outputs {cost.largest_output:,} numbers per "
                           f"example, more than the {MAX_LAYER_OUTPUT:,} allowed")


def _gflop(flops: int) -> str:
    return f"{flops / 1e9:.1f} GFLOP" if flops >= 1e9 else f"{flops / 1e6:.0f} MFLOP"


def _valueless_model(config: dict):
    import keras

    # Compiling would only add optimizer variables; the cost is the model's.
    config = {k: v for k, v in config.items() if k != "compile_config"}
    with _valueless_variables():
        return keras.saving.deserialize_keras_object(config, safe_mode=True)


@contextmanager
def _valueless_variables():
    """Variables created inside get a shape but never a value.  Keras queues
    each one for initialisation later; they are taken off that (global)
    queue on the way out, so that nothing ever allocates them."""
    import keras
    from keras.src.backend.common import global_state

    queued = list(global_state.get_global_attribute("uninitialized_variables") or [])
    try:
        with keras.StatelessScope(initialize_variables=False):
            yield
    finally:
        global_state.set_global_attribute("uninitialized_variables", queued)


def _leaf_layers(model):
    import keras

    return [layer for layer in model._flatten_layers(include_self=False)
            if not isinstance(layer, keras.Model)]


def _unbuilt_weights(layer) -> int:
    """Weights of a layer the model declares no input shape for (it would be
    built on the grader's data): a weightless one (augmentation, dropout)
    costs nothing; one with weights has a size that cannot be known here."""
    for shape in PROBE_SHAPES:
        probe = type(layer).from_config(layer.get_config())
        try:
            with _valueless_variables():
                probe.build(shape)
        except Exception:  # noqa: BLE001 - a shape this layer does not take; try the next
            continue
        if not probe.weights:
            return 0
        break
    raise ModelRefused(f"the model declares no input shape, and its {type(layer).__name__} layer "
                       f"{layer.name!r} has weights, whose number cannot be known before the "
                       "grader runs the model: start it with keras.Input(shape=...) so that it is "
                       "built")


def _graph_cost(model) -> tuple[int, int]:
    """Floating-point operations per example and the largest layer output,
    over the model's graph, nested models included."""
    import keras

    graph = getattr(model, "_functional", None) or model
    nodes_by_depth = getattr(graph, "_nodes_by_depth", None)
    if nodes_by_depth is None:
        return 0, 0  # an unbuilt Sequential: its layers hold no weights (checked above)
    flops = largest = 0
    for nodes in nodes_by_depth.values():
        for node in nodes:
            layer = node.operation
            if layer is None or node.is_input:
                continue
            inputs = [_shape(t.shape) for t in node.input_tensors]
            outputs = [_shape(t.shape) for t in node.outputs]
            if isinstance(layer, keras.Model):
                inner_flops, inner_largest = _graph_cost(layer)
                flops, largest = flops + inner_flops, max(largest, inner_largest)
                continue
            flops += _layer_flops(layer, inputs, outputs)
            largest = max([largest] + [math.prod(s) for s in outputs])
    return flops, largest


def _shape(shape) -> tuple[int, ...]:
    """A tensor's shape per example, open dimensions counted as OPEN_DIMENSION."""
    return tuple(OPEN_DIMENSION if d is None else int(d) for d in tuple(shape)[1:])


def _layer_flops(layer, inputs, outputs) -> int:
    """Two operations per weight per position the weight is applied at, plus
    one per number read or written (activations, pooling, normalisation)."""
    import keras

    moved = max(sum(math.prod(s) for s in inputs), sum(math.prod(s) for s in outputs))
    weights = sum(math.prod(v.shape) for v in layer.weights)
    if weights == 0 or isinstance(layer, keras.layers.Embedding):
        return moved  # an embedding looks rows up
    if inputs and (isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional))
                   or "Transpose" in type(layer).__name__):
        # A recurrent cell runs at every time step; a transposed convolution
        # scatters its kernel from every input position.
        positions = _positions(inputs[0])
    else:
        positions = _positions(outputs[0]) if outputs else 1
    return 2 * weights * positions + moved


def _positions(shape) -> int:
    """Positions along all but the channel axis (1 for a vector)."""
    return math.prod(shape[:-1]) if len(shape) > 1 else 1
