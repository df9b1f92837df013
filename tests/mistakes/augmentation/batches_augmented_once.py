"""The arrays are augmented once, before the dataset is made: every epoch
shows the same augmented images."""
EXPECT_TEST = "test_augmented_batches_augmented_anew_every_epoch"
EXPECT_MESSAGE = "augmentation was done once"


def augmented_batches(x, y, batch_size, seed):
    augmenter = build_augmenter(seed=seed)
    x_augmented = np.asarray(augmenter(x, training=True))
    dataset = tf.data.Dataset.from_tensor_slices((x_augmented, y)).shuffle(len(x), seed=seed)
    return dataset.batch(batch_size)
