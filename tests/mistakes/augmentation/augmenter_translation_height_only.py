"""RandomTranslation(translation, 0): only up and down, never sideways."""
EXPECT_TEST = "test_build_augmenter_honours_its_arguments"
EXPECT_MESSAGE = "one axis only"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
        layers.RandomTranslation(translation, 0.0, fill_mode="constant", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
    ])
