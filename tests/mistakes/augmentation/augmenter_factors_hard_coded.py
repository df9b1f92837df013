"""The factors are written into the layers (0.1 each); the arguments are ignored."""
EXPECT_TEST = "test_build_augmenter_honours_its_arguments"
EXPECT_MESSAGE = "hard-coded"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(0.1, fill_mode="constant", seed=seed),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed),
        layers.RandomZoom(0.1, fill_mode="constant", seed=seed),
    ])
