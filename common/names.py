"""How two spellings of a name are recognised as the same person, talk or topic."""

import re
import unicodedata

from django.utils.text import slugify

# Anything that is neither a letter nor a digit separates words; "_" counts as a separator too.
_SEPARATORS = re.compile(r"[\W_]+")


def normalize_name(name: str) -> str:
    """The comparison key of a name: no case, accents, punctuation or extra spaces.

    "Mathieu HERBERT" and "Mathieu  Herbert" give "mathieu herbert", "Jérôme" gives "jerome".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", without_accents.casefold()).strip()


def name_slug(name: str, *, max_length: int, fallback: str) -> str:
    """A URL slug for a name, without accents and at most max_length characters long.

    Names with no Latin letters or digits at all (say, in Japanese) get `fallback`.
    """
    slug = slugify(name)[:max_length].strip("-")
    return slug or fallback


def unique_slug(base: str, *, taken, max_length: int) -> str:
    """`base`, or `base-2`, `base-3`... : the first one for which `taken(slug)` is false."""
    slug, number = base, 1
    while taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug
