"""The images divided by 255 inside, as if they were still uint8: x is
already in [0, 1]."""
EXPECT_TEST = "test_augmented_batches_labels_stay_with_their_images"
EXPECT_MESSAGE = "values changed"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    dataset = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).shuffle(len(x), seed=seed)
    dataset = dataset.batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
