"""The kit's pretrained base (topic 11): the shipped file matches its recorded
checksum, loads, has the documented architecture, and the script re-creates it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from dlkit import paths, pretrained

SCRIPT = paths.ROOT / "scripts" / "pretrain_base.py"


def test_shipped_file_is_small_and_matches_its_checksum():
    summary = pretrained.base_summary()
    assert pretrained.WEIGHTS_FILE.stat().st_size == summary["bytes"] < 1 << 20
    assert pretrained.sha256(pretrained.WEIGHTS_FILE) == summary["sha256"]
    assert pretrained.verify_weights_file() == summary["sha256"]


def test_base_loads_with_the_documented_architecture():
    summary = pretrained.base_summary()
    base = pretrained.load_base()
    assert base.name == summary["name"] == pretrained.BASE_NAME
    assert tuple(base.input_shape[1:]) == tuple(summary["input_shape"]) == pretrained.INPUT_SHAPE
    assert list(base.output_shape[1:]) == summary["output_shape"]
    layers = [{"name": layer.name, "class": type(layer).__name__,
               "output_shape": list(layer.output.shape[1:]), "params": int(layer.count_params())}
              for layer in base.layers]
    assert layers == summary["layers"]
    trainable = sum(int(np.prod(v.shape)) for v in base.trainable_weights)
    assert summary["params"] == {"trainable": trainable, "non_trainable": base.count_params() - trainable}
    # The weights are the trained ones, not a fresh initialisation.
    fresh = pretrained.build_base()
    assert not np.allclose(base.get_layer("base_conv1").get_weights()[0],
                           fresh.get_layer("base_conv1").get_weights()[0])
    assert summary["accuracy"]["source_held_out"] > 0.8


def test_each_load_is_a_fresh_copy():
    first, second = pretrained.load_base(), pretrained.load_base()
    first.trainable = False
    assert second.trainable and first.weights[0] is not second.weights[0]


def test_a_changed_file_is_refused_plainly(tmp_path, monkeypatch):
    copy = tmp_path / "base.weights.h5"
    shutil.copyfile(pretrained.WEIGHTS_FILE, copy)
    with open(copy, "r+b") as fh:
        fh.seek(-100, 2)
        fh.write(b"\x00" * 8)
    with pytest.raises(pretrained.ChecksumMismatch, match="not the pretrained base the kit shipped"):
        pretrained.verify_weights_file(copy)
    monkeypatch.setattr(pretrained, "WEIGHTS_FILE", copy)
    with pytest.raises(pretrained.ChecksumMismatch, match="scripts/pretrain_base.py"):
        pretrained.load_base()


def test_target_task_has_few_labels_and_a_disjoint_held_out_split():
    x, y = pretrained.load_target(labels_per_class=10, seed=3)
    assert x.shape == (50, 28, 28, 3) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert np.array_equal(np.bincount(y), [10] * 5)
    again = pretrained.load_target(labels_per_class=10, seed=3)
    assert np.array_equal(again[0], x) and np.array_equal(again[1], y)
    xh, yh = pretrained.held_out_target()
    assert len(xh) == 210 and set(np.unique(yh)) == set(range(5))
    rows = {r.tobytes() for r in x.reshape(len(x), -1)}
    assert not any(r.tobytes() in rows for r in xh.reshape(len(xh), -1))


def test_imagenet_weights_are_looked_up_in_the_keras_cache_only(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert not pretrained.imagenet_weights_available("mobilenet_v2")
    message = pretrained.imagenet_message("resnet50")
    assert "not in the Keras cache" in message
    assert "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5" in message
    target = pretrained.imagenet_weights_file("mobilenet_v2", alpha=0.35, input_shape=(96, 96, 3))
    assert target.name == "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"")
    assert pretrained.imagenet_weights_available("mobilenet_v2", alpha=0.35, input_shape=(96, 96, 3))
    assert "found in the Keras cache" in pretrained.imagenet_message("mobilenet_v2", alpha=0.35,
                                                                     input_shape=(96, 96, 3))


@pytest.mark.slow
def test_the_script_recreates_the_shipped_base(tmp_path):
    """Re-running scripts/pretrain_base.py gives the shipped weights: bit-for-bit on the
    machine that made them, within the tolerance base.json states elsewhere."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "bit-for-bit" in done.stdout or "within tolerance" in done.stdout, done.stdout
    recorded = json.loads(pretrained.SUMMARY_FILE.read_text())
    assert recorded["recipe"]["script"] == "scripts/pretrain_base.py"
