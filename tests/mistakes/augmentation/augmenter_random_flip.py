"""A RandomFlip("horizontal") added, as in photo tutorials: a mirrored digit
is not a digit any more."""
EXPECT_TEST = "test_build_augmenter_layers"
EXPECT_MESSAGE = "RandomFlip"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomFlip("horizontal", seed=seed),
        layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
    ])
