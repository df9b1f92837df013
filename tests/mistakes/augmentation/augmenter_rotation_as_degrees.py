"""rotation read as degrees, like ImageDataGenerator's rotation_range, and
divided by 360 for RandomRotation: 0.1 becomes a 0.1-degree wobble."""
EXPECT_TEST = "test_build_augmenter_honours_its_arguments"
EXPECT_MESSAGE = "divided by 360"


def build_augmenter(rotation=0.1, translation=0.1, zoom=0.1, seed=None):
    return keras.Sequential([
        layers.RandomRotation(rotation / 360, fill_mode="constant", seed=seed),
        layers.RandomTranslation(translation, translation, fill_mode="constant", seed=seed),
        layers.RandomZoom(zoom, fill_mode="constant", seed=seed),
    ])
