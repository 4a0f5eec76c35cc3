"""How two spellings of a name are recognised as the same person, talk or topic."""

import re
import unicodedata
from collections.abc import Iterable

import pyuca
from django.db.models import Model
from django.utils.text import slugify

# Slugs are at most this long in every model but topics (django-taggit's, 100).
SLUG_MAX_LENGTH = 200
# Unicode's alphabetical order ("Jérôme" before "Julien", "eBPF" among the E), which English
# and French readers share.
_collator = pyuca.Collator()
# Anything that is neither a letter nor a digit separates words; "_" counts as a separator too.
_SEPARATORS = re.compile(r"[\W_]+")


def normalize_name(name: str) -> str:
    """The comparison key of a name: no case, accents, punctuation or extra spaces.

    "Mathieu HERBERT" and "Mathieu  Herbert" give "mathieu herbert", "Jérôme" gives "jerome".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", without_accents.casefold()).strip()


def first_spellings(names: Iterable[str]) -> list[str]:
    """Each name once, case aside, as first spelled: how topic names are compared
    (TAGGIT_CASE_INSENSITIVE)."""
    spellings: dict[str, str] = {}
    for name in names:
        spellings.setdefault(name.lower(), name)
    return list(spellings.values())


def alphabetical_key(name: str) -> tuple[int, ...]:
    """The sort key of a name sorted in Python, in alphabetical order (talks.selectors
    `alphabetical` for names sorted by the database)."""
    return _collator.sort_key(str(name))


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


def free_slug(
    text: str,
    *models: type[Model],
    fallback: str,
    max_length: int = SLUG_MAX_LENGTH,
    **scope,
) -> str:
    """A slug for text that no row of the given models (within scope) uses yet."""
    return unique_slug(
        name_slug(text, max_length=max_length - 10, fallback=fallback),
        taken=lambda slug: any(
            model.objects.filter(slug=slug, **scope).exists() for model in models
        ),
        max_length=max_length,
    )


class NameIndex:
    """Existing objects' ids by normalized name and by slug, their aliases included: what the
    importers match names against, loaded in one query per model."""

    def __init__(self, objects: Iterable[tuple], aliases: Iterable[tuple] = ()):
        self.by_name: dict[str, int] = {}
        self.by_slug: dict[str, int] = {}
        for pk, name, slug in [*objects, *aliases]:
            self.add(pk, name, slug)

    def add(self, pk: int, name: str, slug: str) -> None:
        self.by_name.setdefault(normalize_name(name), pk)
        self.by_slug.setdefault(slug, pk)

    def find(self, name: str, slug: str) -> int | None:
        return self.by_name.get(normalize_name(name)) or self.by_slug.get(slug)

    def slug_taken(self, slug: str) -> bool:
        return slug in self.by_slug
