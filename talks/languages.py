"""The languages a talk or a note can be in, by ISO 639-1 code.

The database only accepts these codes (see the constraints on Talk and Note); adding one
needs a migration.
"""

import functools
from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.names import alphabetical_key

LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "br": _("Breton"),
    "ca": _("Catalan"),
    "cs": _("Czech"),
    "da": _("Danish"),
    "de": _("German"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "eu": _("Basque"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "he": _("Hebrew"),
    "hi": _("Hindi"),
    "hu": _("Hungarian"),
    "it": _("Italian"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "nb": _("Norwegian"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "sv": _("Swedish"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "zh": _("Chinese"),
}
LANGUAGE_CODES = sorted(LANGUAGE_NAMES)
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_CODES]


def language_choices() -> list[tuple[str, str]]:
    """The languages to choose from, in alphabetical order of their names in the active
    language (a form's choices, evaluated when it is shown)."""
    return sorted(LANGUAGE_CHOICES, key=lambda choice: alphabetical_key(choice[1]))


def language_name(code: str) -> str:
    """The language's name in the active UI language, or the code itself if unknown."""
    return str(LANGUAGE_NAMES.get(code, code))


def language_code(text: str) -> str | None:
    """The code of a language given by its code or by its name in a language of the site
    ("fr", "French", "français"); none if it is no language we know."""
    text = text.strip().lower()
    return text if text in LANGUAGE_NAMES else _codes_by_name().get(text)


@functools.cache
def _codes_by_name() -> dict[str, str]:
    codes = {}
    for site_language, _name in settings.LANGUAGES:
        with translation.override(site_language):
            codes.update({str(name).lower(): code for code, name in LANGUAGE_NAMES.items()})
    return codes


def likely_text_language(languages: Sequence[str]) -> str:
    """The language of a talk's title and abstract when nobody said: the one it was given in,
    unknown (blank) for a talk given in several."""
    return languages[0] if len(languages) == 1 else ""
