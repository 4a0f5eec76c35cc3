"""The languages offered in forms and filters, in the reader's alphabetical order."""

from django.utils import translation

from talks.languages import LANGUAGE_NAMES, language_choices


def test_language_choices_are_in_alphabetical_order_in_english():
    with translation.override("en"):
        names = [str(name) for _code, name in language_choices()]

    assert names[:4] == ["Arabic", "Basque", "Breton", "Catalan"]
    assert names[-3:] == ["Swedish", "Turkish", "Ukrainian"]
    assert len(names) == len(LANGUAGE_NAMES)


def test_language_choices_are_in_alphabetical_order_in_french():
    with translation.override("fr"):
        codes = [code for code, _name in language_choices()]

    # Allemand, anglais, arabe, basque, breton, catalan, chinois, coréen, danois, espagnol...
    assert codes[:10] == ["de", "en", "ar", "eu", "br", "ca", "zh", "ko", "da", "es"]
