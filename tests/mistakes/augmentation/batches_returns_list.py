"""A list of NumPy batches instead of a tf.data.Dataset: one epoch, fixed
once and for all."""
EXPECT_TEST = "test_augmented_batches_batch_sizes_and_epochs"
EXPECT_MESSAGE = "tf.data.Dataset"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    order = np.random.default_rng(seed).permutation(len(x))
    return [(np.asarray(augmenter(x[order[i:i + batch_size]], training=True)), y[order[i:i + batch_size]])
            for i in range(0, len(x), batch_size)]
