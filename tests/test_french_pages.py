"""Every page of the snapshot list speaks French to a French reader, typeset the French way.

The pages of tests/page_snapshots.py (reader, attendee and editor pages, the admin's among
them) are rendered with the demo data in French, and their interface text read: the text of
each block (its inline elements' text joined) and the values of the attributes people read or
hear, minus what people wrote: elements in another language than French, and the titles,
names, abstracts, notes and other text of the data wherever a page quotes them. That text must
hold no English word of the interface's vocabulary, and be typeset the French way:
a non-breaking space before « : ; ? ! » and inside the guillemets, and typographic
apostrophes, not straight ones. Django and the libraries translate their own strings, typeset
as their translators chose: their French is left out of the typography check only. The last
test holds every translation of the catalogue, on a page of the list or not, to the same
typography.
"""

import gettext
import re
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django.utils import translation
from django_countries import countries

from talks.markdown import markdown_text
from tests.factories import UserFactory
from tests.page_snapshots import page_list, signed_in_clients
from tests.test_translations import PO_FILE, read_po, translations

pytestmark = pytest.mark.django_db


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words of the interface in English that are no French words: one of them in the French
# interface is a string left untranslated. (French writes « notes », « page », « format »,
# « date », « minutes », « type », « a », « on », « an », « change », « propose », « sort »
# or « file » too: they are left out.)
ENGLISH_WORDS = word_set(
    """
    about account add all and any apply approve approved are at back be by cancel clear close
    conference conferences create day days delete done edit editor email event events filter
    filters find first for from has have help here home how in is it language languages last
    log more most my name new next no none not of one only or out password pending previous
    proposal proposals rating ratings reject rejected remove review reviews save search see
    select show sign slides speaker speakers status submit talk talks than that the there these
    this title to topic topics up upcoming username view was what when where which who with
    without year years yet you your
    """
)
# What French text quotes between guillemets is a name, kept as it is (« All data »).
QUOTATION = re.compile(r"«[^»]*»")
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
NARROW_SPACES = "\u00a0\u202f"
TYPOGRAPHY_FAULTS = re.compile(
    # A high punctuation mark after a word, a closing guillemet or parenthesis, or after a
    # plain space: not after a digit (10:30, 4/5), nor a doubled one.
    rf"(?:(?<=[^\W\d_»)])|(?<=[^\S{NARROW_SPACES}]))[:;?!»]"
    # An opening guillemet without its non-breaking space.
    rf"|«(?![{NARROW_SPACES}])"
    # A straight apostrophe within a word.
    r"|(?<=[^\W\d_])'(?=[^\W\d_])"
)
# Addresses and their schemes, which keep their colons.
ADDRESS = re.compile(r"\b(?:https?|mailto):(?://[^\s)\]]*)?")
TAG = re.compile(r"<[^>]*>")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]")
# Attributes whose value people read or hear.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# What search engines and shared links show of a page.
READ_METADATA = ("description", "og:title", "og:description")
# Elements whose text runs on with the text around it: a block's text is read as one.
INLINE_ELEMENTS = word_set(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time "
    "u var"
)
VOID_ELEMENTS = word_set("area base br col embed hr img input link meta source track wbr")
UNREAD_ELEMENTS = word_set("script style template")
# A text of this many words or more that the data says is taken for a quotation of it; a
# shorter one is checked whatever the data says (a topic may well be called « Search »).
QUOTED_WORDS = 3


class InterfaceText(HTMLParser):
    """The texts a French reader sees or hears: each block's, and the read attributes', outside
    of elements in another language."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._block = ""
        # (tag, language, whether it is read as a block) of the open elements; language None
        # when the tag sets none.
        self._open: list[tuple[str, str | None, bool]] = []

    def _read(self) -> bool:
        if any(tag in UNREAD_ELEMENTS for tag, _, _ in self._open):
            return False
        languages = [language for _, language, _ in self._open if language is not None]
        return not languages or languages[-1].split("-")[0] == "fr"

    def _end_block(self) -> None:
        self.texts.append(self._block)
        self._block = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Text in a language of its own (a quoted note, say) is read apart from its block's.
        block = tag not in INLINE_ELEMENTS or "lang" in attributes
        if block:
            self._end_block()
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, attributes.get("lang"), block))
        if self._read():
            self.texts += [attributes[name] or "" for name in READ_ATTRIBUTES if name in attributes]
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value") or "")
            metadata = attributes.get("name") or attributes.get("property")
            if tag == "meta" and metadata in READ_METADATA:
                self.texts.append(attributes.get("content") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                if any(block for _, _, block in self._open[index:]):
                    self._end_block()
                del self._open[index:]
                return

    def handle_data(self, data):
        if self._read():
            self._block += data

    def close(self):
        super().close()
        self._end_block()


def interface_texts(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    parser.close()
    return [text for text in map(collapsed, parser.texts) if text]


def collapsed(text: str) -> str:
    """Runs of spaces as one, as a browser shows them; non-breaking spaces kept, at the ends
    too (before a text in another language, read apart)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip(" ")


def words(text: str) -> str:
    return " ".join(WORD.findall(text))


def data_texts() -> list[str]:
    """What the data says, as pages may quote it, longest first: every text column of the
    content but codes, the plain words of its Markdown, and the names of the countries."""
    texts = set()
    for language in ("en", "fr"):
        with translation.override(language):
            texts.update(str(name) for _, name in countries)
    for app in ("events", "people", "talks"):
        for model in apps.get_app_config(app).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and not field.choices
            ]
            for row in model._default_manager.values_list(*fields) if fields else []:
                texts.update(value for value in row if value)
                texts.update(markdown_text(value) for value in row if value)
    return sorted(filter(None, map(collapsed, texts)), key=len, reverse=True)


def library_french() -> list[re.Pattern]:
    """The French of Django and of the libraries' own catalogues, as patterns (a placeholder
    stands for any text), for the translations with punctuation that typography checks."""
    site_packages = Path(django.__file__).parent.parent
    directories = [Path(django.__file__).parent / "conf"] + [
        Path(config.path) for config in apps.get_app_configs()
    ]
    patterns = set()
    for directory in directories:
        if site_packages not in directory.parents:
            continue
        for catalogue in directory.glob("locale/fr/LC_MESSAGES/django.mo"):
            with catalogue.open("rb") as file:
                for message in gettext.GNUTranslations(file)._catalog.values():
                    if message and re.search(r"[:;?!«»']", message):
                        parts = re.split(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}", message)
                        if sum(len(part.strip()) for part in parts) >= 4:
                            patterns.add(".+?".join(map(re.escape, parts)))
    return [re.compile(pattern) for pattern in patterns]


class FrenchPages:
    """The pages of the snapshot list in French, and what the data says."""

    def __init__(self):
        clients = signed_in_clients()
        self.data = data_texts()
        self.corpus = "\n".join(words(text) for text in self.data)
        responses = {
            (who, path): clients[who].get(path, headers={"accept-language": "fr"})
            for who, path in page_list()
        }
        # The pages, not the feeds, calendars, sitemaps and robots.txt of the list.
        self.html = {
            page: response.content.decode()
            for page, response in responses.items()
            if response["Content-Type"].startswith("text/html")
        }

    @cached_property
    def library_french(self) -> list[re.Pattern]:
        return library_french()

    @cached_property
    def interface_texts(self) -> list[tuple[str, str]]:
        """(page, text) for the interface text of every page, without the data it quotes."""
        texts = []
        for (who, path), html in self.html.items():
            for text in interface_texts(html):
                if self.quotes_data(text):
                    continue
                for value in self.data:
                    if value in text:
                        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
                texts.append((f"{who} {path}", text))
        return texts

    def quotes_data(self, text: str) -> bool:
        """Whether the text is a sentence of the data, or the start of one (an excerpt)."""
        text_words = words(text.removesuffix("…"))
        return len(text_words.split()) >= QUOTED_WORDS and text_words in self.corpus


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """The pages, rendered once for the module on the demo data, which is then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        rendered = FrenchPages()
        transaction.set_rollback(True)
    return rendered


def test_language_of_the_pages_is_french(pages):
    assert settings.LANGUAGE_CODE == "en"
    # All but the fragments that a page asks for as one types.
    assert all('<html lang="fr"' in html for html in pages.html.values() if "<html" in html)


def english_found(texts: list[tuple[str, str]]) -> list[str]:
    """The (page, text) pairs whose text holds an English word of the interface."""
    return [
        f"{page}: {text!r}"
        for page, text in texts
        if any(word.lower() in ENGLISH_WORDS for word in WORD.findall(QUOTATION.sub(" ", text)))
    ]


def typography_faults(texts: list[tuple[str, str]], library: list[re.Pattern]) -> list[str]:
    """Where the (page, text) pairs are not typeset the French way, the French of Django and
    of the libraries (`library`) aside."""
    faults = []
    for page, text in texts:
        text = ADDRESS.sub(" ", text)
        if TYPOGRAPHY_FAULTS.search(text):
            for pattern in library:
                text = pattern.sub(" ", text)
            faults += [
                f"{page}: {text[max(fault.start() - 20, 0) : fault.end() + 5]!r}"
                for fault in TYPOGRAPHY_FAULTS.finditer(text)
            ]
    return faults


def test_the_interface_has_no_english_word(pages):
    english = english_found(pages.interface_texts)

    assert english == [], "\n".join(english)


def test_the_interface_is_typeset_the_french_way(pages):
    faults = typography_faults(pages.interface_texts, pages.library_french)

    assert faults == [], "\n".join(faults)


def test_the_error_pages_speak_french_typeset_the_french_way(settings):
    """The 400, 403, 429 and 500 pages, which the snapshot list does not reach (its 404 pages
    are read above). Every password reset is one too many."""
    # Through the settings fixture only: a decorator's override under the fixture's would be
    # put back by the fixture at teardown, and outlive the test.
    settings.ROOT_URLCONF = "tests.pages.error_urls"
    settings.DEBUG = False
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": {"ip": (0, 3600)}}
    editor = UserFactory(username="marie", is_staff=True)
    client = Client(raise_request_exception=False, headers={"accept-language": "fr"})
    client.force_login(editor)
    responses = [
        client.get("/talks/?q=%00"),
        client.get(f"/admin/people/user/{editor.pk}/change/"),
        client.post("/accounts/password_reset/", {"email": "ada@example.org"}),
        client.get("/failing/"),
    ]
    assert [response.status_code for response in responses] == [400, 403, 429, 500]
    assert all('<html lang="fr"' in response.content.decode() for response in responses)
    texts = [
        (str(response.status_code), text)
        for response in responses
        for text in interface_texts(response.content.decode())
    ]

    assert english_found(texts) == []
    assert typography_faults(texts, library_french()) == []


def test_the_catalogue_is_typeset_the_french_way():
    """The same rules for every translation, on a page of the list or not (tags, addresses
    and placeholders aside)."""
    faults = []
    for entry in read_po(PO_FILE):
        for message in translations(entry) if entry["msgid"] else []:
            text = PLACEHOLDER.sub("X", ADDRESS.sub(" ", TAG.sub(" ", message)))
            faults += [
                f"{entry['msgid']!r}: {text[max(fault.start() - 20, 0) : fault.end() + 5]!r}"
                for fault in TYPOGRAPHY_FAULTS.finditer(text)
            ]

    assert faults == [], "\n".join(faults)
