"""No shuffle: every epoch gives the examples in their original order."""
EXPECT_TEST = "test_augmented_batches_shuffled_every_epoch"
EXPECT_MESSAGE = "original order"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
