"""Dataset.shuffle without seed: each call shuffles differently."""
EXPECT_TEST = "test_augmented_batches_reproducible_with_its_seed"
EXPECT_MESSAGE = "different orders"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
