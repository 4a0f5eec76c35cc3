import pytest

from common.names import name_slug, normalize_name, unique_slug


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Mathieu HERBERT", "Mathieu Herbert"),
        ("Jérôme Petazzoni", "Jerome Petazzoni"),
        ("Il était une Faille", "il etait une  faille"),
        ("  Stéphane   Este-Gracias ", "stephane este gracias"),
        ("CI/CD", "ci cd"),
        ("Straße", "STRASSE"),
    ],
)
def test_normalize_name_ignores_case_accents_punctuation_and_spaces(first, second):
    assert normalize_name(first) == normalize_name(second)


def test_normalize_name_keeps_words_apart():
    assert normalize_name("Jérôme  Petazzoni") == "jerome petazzoni"
    assert normalize_name("Denis Germain") != normalize_name("D. Germain")
    assert normalize_name("Mads Høgstedt Danquah") == "mads høgstedt danquah"


def test_name_slug_drops_accents_and_falls_back_without_latin_letters():
    assert name_slug("Jérôme Petazzoni", max_length=200, fallback="speaker") == "jerome-petazzoni"
    assert name_slug("Terramate, l'outil", max_length=200, fallback="talk") == "terramate-loutil"
    assert name_slug("東京", max_length=200, fallback="speaker") == "speaker"
    assert name_slug("a long title here", max_length=7, fallback="talk") == "a-long"


def test_unique_slug_adds_the_first_free_number():
    taken = {"opening", "opening-2"}
    assert unique_slug("opening", taken=taken.__contains__, max_length=200) == "opening-3"
    assert unique_slug("closing", taken=taken.__contains__, max_length=200) == "closing"
    assert unique_slug("opening", taken=taken.__contains__, max_length=8) == "openin-2"
