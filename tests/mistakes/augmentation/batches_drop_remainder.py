"""drop_remainder=True: the last, smaller batch is dropped every epoch."""
EXPECT_TEST = "test_augmented_batches_batch_sizes_and_epochs"
EXPECT_MESSAGE = "drop_remainder"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)
    dataset = dataset.batch(batch_size, drop_remainder=True)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
