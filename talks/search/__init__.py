"""Full-text search over talks and their published notes, in French, English and other languages.

PostgreSQL does the work, with the functions of talks/database_functions.py. Each talk has a
TalkSearchDocument that the triggers of talks/triggers.py keep current: `document` holds its
title (weight A), speaker names and topics (B) and abstract (C); `notes` its published notes
(D). Every text is parsed with the configuration of its language: confnotes_fr, confnotes_en
or, for any other language, confnotes_simple, all three with unaccent before the stemmer, so
that "conference", "conférence" and "conférences" match.

query.py reads what a reader types; ranking.py finds and ranks the talks; highlights.py marks
the matching words of the page shown. docs/search.md says what readers can type and how it
stays fast.
"""

from talks.search.highlights import Highlight, search_highlights
from talks.search.query import Term, parse_query, text_search_query
from talks.search.ranking import SearchTimeout, TextMatches, search_talks

__all__ = [
    "Highlight",
    "SearchTimeout",
    "Term",
    "TextMatches",
    "parse_query",
    "search_highlights",
    "search_talks",
    "text_search_query",
]
