"""shuffle(batch_size): a buffer of one batch only mixes neighbours."""
EXPECT_TEST = "test_augmented_batches_shuffled_every_epoch"
EXPECT_MESSAGE = "buffer is too small"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(batch_size, seed=seed)
    dataset = dataset.batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
