"""A fixed seed inside (seed=42 on every layer): reproducible, but the seed
argument makes no difference."""
EXPECT_TEST = "test_build_augmenter_reproducible_with_its_seed"
EXPECT_MESSAGE = "seed argument is ignored"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant", seed=42),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=42),
        layers.RandomZoom(zoom, fill_mode="constant", seed=42),
    ])
