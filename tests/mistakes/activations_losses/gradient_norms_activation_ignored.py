"""gradient_norms_by_depth always builds a sigmoid network: the activation argument
is ignored, so ReLU gradients vanish too."""
import numpy as np

EXPECT_TEST = "test_gradient_norms_do_not_vanish_with_relu"
EXPECT_MESSAGE = "activation argument"


def gradient_norms_by_depth(activation, depth, width, seed):
    def sig(z):
        return 0.5 * (1 + np.tanh(0.5 * z))

    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, width))
    y = rng.standard_normal((64, width))
    limit = np.sqrt(3.0 / width)
    kernels = [rng.uniform(-limit, limit, (width, width)) for _ in range(depth)]
    hs, zs = [x], []
    for w in kernels:
        zs.append(hs[-1] @ w)
        hs.append(sig(zs[-1]))
    grad = 2 * (hs[-1] - y) / y.size
    norms = []
    for i in reversed(range(depth)):
        grad = grad * sig(zs[i]) * (1 - sig(zs[i]))
        norms.append(float(np.linalg.norm(hs[i].T @ grad)))
        grad = grad @ kernels[i].T
    return norms[::-1]
