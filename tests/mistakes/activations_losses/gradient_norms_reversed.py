"""gradient_norms_by_depth returns the norms in backpropagation order (last layer
first): the norms are appended while walking backwards and never reversed."""
import numpy as np

EXPECT_TEST = "test_gradient_norms_vanish_with_sigmoid"
EXPECT_MESSAGE = "reversed"


def gradient_norms_by_depth(activation, depth, width, seed):
    def sig(z):
        return 0.5 * (1 + np.tanh(0.5 * z))

    act, act_grad = {"sigmoid": (sig, lambda z: sig(z) * (1 - sig(z))),
                     "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
                     "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0)}[activation]
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, width))
    y = rng.standard_normal((64, width))
    limit = np.sqrt(3.0 / width)
    kernels = [rng.uniform(-limit, limit, (width, width)) for _ in range(depth)]
    hs, zs = [x], []
    for w in kernels:
        zs.append(hs[-1] @ w)
        hs.append(act(zs[-1]))
    grad = 2 * (hs[-1] - y) / y.size
    norms = []
    for i in reversed(range(depth)):
        grad = grad * act_grad(zs[i])
        norms.append(float(np.linalg.norm(hs[i].T @ grad)))
        grad = grad @ kernels[i].T
    return norms
