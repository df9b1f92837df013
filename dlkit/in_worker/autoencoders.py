"""Worker-side code for 12 autoencoders, for the public checks only.

:func:`train_autoencoder` builds the three models of ``build_autoencoder``,
trains the autoencoder with the kit's recipe (``dlkit.harness.fit``) here, in
the student's worker, and returns all three, so that a student sees that the
encoder and the decoder come back trained only if they are the autoencoder's
own layers.  The hidden grader trains in the kit's trainer process instead
(``student.train``), where the student's code never ran, and gives the encoder
and the decoder the trained weights of the layers they share with the
autoencoder (``graders/test_autoencoders.py``).
"""

from __future__ import annotations

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

