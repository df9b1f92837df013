"""Images and labels shuffled as two datasets and zipped: each is shuffled on
its own, so the labels no longer belong to their images."""
EXPECT_TEST = "test_augmented_batches_labels_stay_with_their_images"
EXPECT_MESSAGE = "shuffled separately"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    images = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed)
    labels = tf.data.Dataset.from_tensor_slices(y).shuffle(len(y), seed=seed + 1)
    dataset = tf.data.Dataset.zip((images, labels)).batch(batch_size)
    return dataset.map(lambda a, b: (augmenter(a, training=True), b))
