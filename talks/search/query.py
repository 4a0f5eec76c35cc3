"""What a reader types, read in websearch syntax, as a PostgreSQL tsquery.

Each word or "quoted phrase" matches its form in any of the three text search configurations
(confnotes_fr, confnotes_en, confnotes_simple), so one query finds notes in either language,
and a speaker's name matches next to a stemmed topic. Speaker names that look like the query
("Petazoni", "Kohm" for Kohn) widen it with the real name, through the indexes of
confnotes_speakers_named_like.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.db.models import Expression

# Longer queries are cut: nobody types more, and the cost of parsing grows with the length.
MAX_QUERY_LENGTH = 200
# Words and phrases kept from a query, for the same reason.
MAX_TERMS = 12
# Fuzzy speaker names are looked up for queries of this many characters: from three, the
# shortest word that a typo may hide (confnotes_name_words), to a long full name.
SPEAKER_NAME_LENGTHS = range(3, 31)

_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# C0 controls (NUL included, which PostgreSQL refuses in text), lone surrogates, and the
# private-use characters that mark highlights.
_UNWANTED_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000\ue001]")
# The characters that mark the matching words in a highlighted text (see highlights.py).
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase of a query; excluded when it was written with a minus sign."""

    text: str
    excluded: bool = False


def parse_query(query: str) -> tuple[tuple[Term, ...], ...]:
    """The query as alternatives ("or") of terms that must all match, in websearch syntax.

    Alternatives without a wanted term are dropped: "-kubernetes" alone would match nearly
    everything, slowly.
    """
    query = _UNWANTED_CHARACTERS.sub("", query[:MAX_QUERY_LENGTH])
    alternatives: list[list[Term]] = [[]]
    term_count = 0
    for match in _TERM.finditer(query):
        sign, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            alternatives.append([])
            continue
        if word is not None and word.startswith("-"):
            sign, word = "-", word[1:]
        text = (phrase if word is None else word).strip()
        if text and term_count < MAX_TERMS:
            alternatives[-1].append(Term(text, excluded=bool(sign)))
            term_count += 1
    return tuple(tuple(terms) for terms in alternatives if any(not term.excluded for term in terms))


class TextSearchQuery(Expression):
    """The tsquery of a parsed query, with the names of speakers whose name looks like it."""

    output_field = SearchQueryField()

    def __init__(self, alternatives: tuple[tuple[Term, ...], ...], *, speaker_names: bool):
        super().__init__()
        self.alternatives = alternatives
        self.speaker_names = speaker_names

    def as_sql(self, compiler, connection) -> tuple[str, list[str]]:
        parts, params = [], []
        unwanted = [term.text for terms in self.alternatives for term in terms if term.excluded]
        for terms in self.alternatives:
            wanted = [term.text for term in terms if not term.excluded]
            excluded = [term.text for term in terms if term.excluded]
            parts.append(
                f"confnotes_search_alternative({_any_of(wanted, ' && ')}, {_any_of(excluded)})"
            )
            params.extend([*wanted, *excluded])
        if not self.speaker_names:
            # Constant: PostgreSQL computes it once, while planning.
            return "(" + " || ".join(parts) + ")", params
        # Names found by similarity stand for the wanted words: the unwanted ones still apply.
        parts.append(
            "confnotes_search_alternative("
            f"confnotes_similar_speakers_query(%s), {_any_of(unwanted)})"
        )
        params.extend([_wanted_words(self.alternatives), *unwanted])
        # Reads the speakers: a sub-select runs once per statement, not once per row.
        return "(SELECT " + " || ".join(parts) + ")", params


def _any_of(terms: Sequence[str], operator: str = " || ") -> str:
    """SQL for the tsquery of terms joined by operator (or), with a placeholder for each."""
    if not terms:
        return "''::tsquery"
    return "(" + operator.join("confnotes_search_term(%s)" for _ in terms) + ")"


def _wanted_words(alternatives: Iterable[Iterable[Term]]) -> str:
    return " ".join(term.text for terms in alternatives for term in terms if not term.excluded)


def text_search_query(query: str) -> TextSearchQuery | None:
    """The tsquery for what a reader typed, or None when nothing in it can match.

    It also looks for the speakers whose name looks like the query, when it is short enough.
    """
    alternatives = parse_query(query)
    if not alternatives:
        return None
    return TextSearchQuery(
        alternatives,
        speaker_names=len(_wanted_words(alternatives)) in SPEAKER_NAME_LENGTHS,
    )


def highlight_query(query: str) -> TextSearchQuery | None:
    """Any wanted word of the query: a note or an abstract shows the words it has."""
    wanted = tuple((term,) for terms in parse_query(query) for term in terms if not term.excluded)
    return TextSearchQuery(wanted, speaker_names=False) if wanted else None
