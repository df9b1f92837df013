"""RandomBrightness(0.2) added: its value_range defaults to (0, 255), so
images in [0, 1] get values up to about 50."""
EXPECT_TEST = "test_build_augmenter_keeps_the_value_range"
EXPECT_MESSAGE = "RandomBrightness"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
        layers.RandomBrightness(0.2, seed=seed),
    ])
