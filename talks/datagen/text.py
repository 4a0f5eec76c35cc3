"""French and English text for generated data: names, titles, abstracts, notes, reviews.

Notes are assembled from Markdown fragments rendered once each: every fragment is a
self-contained block (a list, or a `####` heading and its list), so the HTML of fragments
joined by a blank line is their HTML joined by a newline, exactly what render_markdown gives
for the whole note. That keeps a million notes distinct without rendering a million times.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from talks.datagen import vocabulary as words
from talks.markdown import render_markdown

ENGLISH, FRENCH = "en", "fr"
# The initials that tell apart two generated people with the same first and last name.
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTVW"


class _Slots(dict):
    """Template values drawn on demand, so a template only consumes the draws it uses."""

    def __init__(self, rng: random.Random, language: str):
        super().__init__()
        self.rng, self.french = rng, language == FRENCH

    def __missing__(self, key: str) -> str:
        rng = self.rng
        match key:
            case "tool" | "tool2":
                value = rng.choice(words.TOOLS)
            case "thing":
                value = rng.choice(words.THINGS_FR if self.french else words.THINGS_EN)
            case "lesson":
                value = rng.choice(words.LESSONS_FR if self.french else words.LESSONS_EN)
            case "metric":
                value = rng.choice(words.METRICS_FR if self.french else words.METRICS_EN)
            case "company":
                value = rng.choice(words.COMPANIES)
            case "command":
                value = rng.choice(words.COMMANDS)
            case "number" | "number2":
                value = str(rng.randint(2, 12))
            case "big_number":
                value = f"{rng.randint(2, 90) * 100:,}".replace(
                    ",", "\u202f" if self.french else ","
                )
            case "percent":
                value = str(rng.randint(5, 80))
            case "slug":
                value = slugify(rng.choice(words.THINGS_EN))
            case _:
                raise KeyError(key)
        self[key] = value
        return value


def fill(template: str, rng: random.Random, language: str) -> str:
    return template.format_map(_Slots(rng, language))


def person_name(index: int, order: list[int]) -> str:
    """The index-th of a series of distinct names; `order` shuffles the first/last pairs."""
    pairs = len(words.FIRST_NAMES) * len(words.LAST_NAMES)
    first, last = divmod(order[index % pairs], len(words.LAST_NAMES))
    round_ = index // pairs
    middle = ""
    if round_:
        initial = MIDDLE_INITIALS[(round_ - 1) % len(MIDDLE_INITIALS)]
        repeat = (round_ - 1) // len(MIDDLE_INITIALS)
        middle = f" {initial}.{' ' + str(repeat + 1) if repeat else ''}"
    return f"{words.FIRST_NAMES[first]}{middle} {words.LAST_NAMES[last]}"


def name_order(rng: random.Random) -> list[int]:
    order = list(range(len(words.FIRST_NAMES) * len(words.LAST_NAMES)))
    rng.shuffle(order)
    return order


def talk_title(rng: random.Random, language: str) -> str:
    templates = words.TITLE_TEMPLATES_FR if language == FRENCH else words.TITLE_TEMPLATES_EN
    return fill(rng.choice(templates), rng, language)


def abstract(rng: random.Random, language: str) -> str:
    sentences = words.ABSTRACT_SENTENCES_FR if language == FRENCH else words.ABSTRACT_SENTENCES_EN
    return " ".join(fill(rng.choice(sentences), rng, language) for _ in range(rng.randint(1, 2)))


@dataclass(frozen=True)
class Fragment:
    markdown: str
    html: str


def _bullets(rng: random.Random, language: str, count: int) -> str:
    bullets = words.NOTE_BULLETS_FR if language == FRENCH else words.NOTE_BULLETS_EN
    return "\n".join(f"- {fill(rng.choice(bullets), rng, language)}" for _ in range(count))


def note_fragments(rng: random.Random, language: str, count: int) -> tuple[list, list]:
    """(openings, sections): rendered fragments that notes in `language` are made of."""
    titles = words.SECTION_TITLES_FR if language == FRENCH else words.SECTION_TITLES_EN
    openings, sections = [], []
    for _ in range(count):
        source = _bullets(rng, language, rng.randint(3, 5))
        openings.append(Fragment(source, render_markdown(source)))
        source = f"#### {rng.choice(titles)}\n\n{_bullets(rng, language, rng.randint(2, 5))}"
        sections.append(Fragment(source, render_markdown(source)))
    return openings, sections


def review_texts(rng: random.Random, language: str, count: int) -> list[Fragment]:
    sentences = words.REVIEW_SENTENCES_FR if language == FRENCH else words.REVIEW_SENTENCES_EN
    texts = []
    for _ in range(count):
        source = " ".join(rng.sample(sentences, rng.randint(1, 3)))
        texts.append(Fragment(source, render_markdown(source)))
    return texts
