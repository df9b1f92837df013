"""reshuffle_each_iteration=False: one random order, repeated every epoch."""
EXPECT_TEST = "test_augmented_batches_shuffled_every_epoch"
EXPECT_MESSAGE = "same order in every epoch"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    dataset = dataset.shuffle(len(x), seed=seed, reshuffle_each_iteration=False).batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
