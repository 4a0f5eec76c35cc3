"""The French translation is complete, and the compiled catalogue matches its source.

docs/translations.md explains how to update both files.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import EventStatus
from talks.models import NoteStatus, ReviewStatus, TalkStatus

LOCALE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: each a dict of its fields (msgid, msgstr[0], ...) and flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # comments, references, and obsolete entries (#~)
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def catalogue_of(entries: list[dict]) -> dict:
    """The messages as Python's gettext reads them from a .mo file."""
    catalogue = {}
    for entry in entries:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for field, value in entry.items():
                if field.startswith("msgstr["):
                    catalogue[msgid, int(field[7:-1])] = value
        else:
            catalogue[msgid] = entry["msgstr"]
    return catalogue


def translations(entry: dict) -> list[str]:
    return [value for field, value in entry.items() if field.startswith("msgstr")]


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [entry for entry in read_po(PO_FILE) if entry["msgid"]]

    untranslated = [entry["msgid"] for entry in entries if not all(translations(entry))]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]

    assert len(entries) > 100
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog

    source = catalogue_of(read_po(PO_FILE))
    # The header (msgid "") is compiled too, with its metadata.
    source.pop("")
    compiled.pop("")

    assert compiled == source


@pytest.mark.django_db
def test_pages_speak_french_when_asked():
    client = Client(headers={"Accept-Language": "fr"})
    html = client.get(reverse("talks:list")).content.decode()

    assert '<html lang="fr">' in html
    assert "<h1>Trouver une présentation</h1>" in html
    assert "Appliquer les filtres" in html


@pytest.mark.django_db
def test_search_is_a_noun_in_titles_and_a_verb_on_buttons():
    client = Client(headers={"Accept-Language": "fr"})
    html = client.get(reverse("talks:search")).content.decode()

    assert "<title>Recherche · confnotes</title>" in html
    assert '<span class="visually-hidden">Rechercher</span></button>' in html


def test_statuses_agree_with_their_noun_in_french():
    with translation.override("fr"):
        assert (TalkStatus.PUBLISHED.label, TalkStatus.REJECTED.label) == ("Publiée", "Refusée")
        assert (NoteStatus.PUBLISHED.label, NoteStatus.HIDDEN.label) == ("Publiée", "Masquée")
        assert (ReviewStatus.PUBLISHED.label, ReviewStatus.HIDDEN.label) == ("Publié", "Masqué")
        assert (EventStatus.PUBLISHED.label, EventStatus.REJECTED.label) == ("Publié", "Refusé")
