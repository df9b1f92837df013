"""Worker-side code for 12 autoencoders.

The three models of ``build_autoencoder`` cross to the grader as three
separate ``.keras`` files, so whether they *share* layers can only be seen
here: :func:`train_autoencoder` builds them, trains the autoencoder with the
kit's recipe (``dlkit.harness.fit``) and returns all three, so that the
encoder and the decoder come back with the trained weights only if they are
the autoencoder's own layers. :func:`train_denoiser` trains a second copy on
the student's ``add_noise(x)`` -> ``x``. Both train here, in the worker, so
that training counts against the topic's limits.
"""

from __future__ import annotations

import numpy as np

from dlkit.harness import fit, seed_everything


def _build(module, input_dim: int, code_dim: int, seed: int):
    """The seeded build, or a string saying why it cannot be trained."""
    seed_everything(seed)
    built = module.build_autoencoder(input_dim, code_dim)
    call = f"build_autoencoder({input_dim}, {code_dim})"
    if not isinstance(built, (tuple, list)) or len(built) != 3:
        return (f"{call} returned {type(built).__name__}, expected a tuple of three models "
                "(autoencoder, encoder, decoder)")
    if not getattr(built[0], "compiled", True) or getattr(built[0], "optimizer", None) is None:
        return (f"the autoencoder (the first of the three models {call} returned) is not "
                "compiled, so it cannot be trained: call autoencoder.compile(optimizer=..., "
                "loss='mse') before returning it")
    return built


def train_autoencoder(module, input_dim: int, code_dim: int, x, *, seed: int, epochs: int,
                      batch_size: int):
    """``build_autoencoder(input_dim, code_dim)`` seeded, its autoencoder trained
    on ``x -> x``: returns ``(autoencoder, encoder, decoder, history)``, or
    ``{"problem": why}`` when the build cannot be trained."""
    built = _build(module, input_dim, code_dim, seed)
    if isinstance(built, str):
        return {"problem": built}
    autoencoder, encoder, decoder = built
    _, history = fit(module, autoencoder, x, x, seed=seed, epochs=epochs, batch_size=batch_size)
    return autoencoder, encoder, decoder, history


def train_denoiser(module, input_dim: int, code_dim: int, x, *, noise_std: float, noise_seed: int,
                   seed: int, epochs: int, batch_size: int):
    """The same build and training as :func:`train_autoencoder`, but on
    ``add_noise(x, noise_std, noise_seed) -> x``: returns the autoencoder, or
    ``{"problem": why}``."""
    noisy = module.add_noise(x.copy(), noise_std, noise_seed)
    if not isinstance(noisy, np.ndarray) or noisy.shape != x.shape:
        shape = getattr(noisy, "shape", None)
        return {"problem": f"add_noise(x, {noise_std}, {noise_seed}) returned {type(noisy).__name__}"
                           f"{f' of shape {shape}' if shape is not None else ''}, expected an array "
                           f"of x's shape {x.shape}"}
    built = _build(module, input_dim, code_dim, seed)
    if isinstance(built, str):
        return {"problem": built}
    fit(module, built[0], noisy.astype(np.float32), x, seed=seed, epochs=epochs,
        batch_size=batch_size)
    return built[0]
