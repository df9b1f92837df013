"""The augmenter is called with training=False ("we are not training it"),
so it returns the images unchanged."""
EXPECT_TEST = "test_augmented_batches_augmented_anew_every_epoch"
EXPECT_MESSAGE = "not augmented"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)
    dataset = dataset.batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=False), b))
