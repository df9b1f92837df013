"""The seed argument never reaches the layers: each build draws its own
random numbers."""
EXPECT_TEST = "test_build_augmenter_reproducible_with_its_seed"
EXPECT_MESSAGE = "pass seed=seed to every random layer"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant"),
        layers.RandomTranslation(translation, translation, fill_mode="constant"),
        layers.RandomZoom(zoom, fill_mode="constant"),
    ])
