"""Batched first, shuffled after: whole batches change places, but each batch
always holds the same consecutive examples."""
EXPECT_TEST = "test_augmented_batches_shuffled_every_epoch"
EXPECT_MESSAGE = "batched before shuffling"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    dataset = dataset.shuffle(len(x), seed=seed)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
