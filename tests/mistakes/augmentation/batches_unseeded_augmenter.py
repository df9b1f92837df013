"""build_augmenter() without the seed: the order repeats, the augmentation does not."""
EXPECT_TEST = "test_augmented_batches_reproducible_with_its_seed"
EXPECT_MESSAGE = "give different images"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter()
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)
    dataset = dataset.batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
