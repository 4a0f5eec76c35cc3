"""The talk finder, step by step: what `/talks/` and `/search/` do with their parameters.

1. The filters (`TalkFilter`) validate the parameters and narrow the published talks: the
   facets (topic, language, event...) and the speaker.
2. The text `q`, if any, chooses its best matches among the talks they leave and ranks them
   (`talks.selectors.talks_matching`): adding a filter searches the talks it leaves, rather
   than narrowing the matches already kept.
3. With `versions=one`, a talk given several times keeps only the latest of its versions
   found (`talks.selectors.latest_versions`).
4. The sort orders the results, unless the best matches come first.
5. The facets count, in one query, what each option of each filter would give
   (`pages/finder/facets.py`), and the results with them when they can; with
   `versions=one`, they count talks rather than versions.

The view then reads one page of the results (`pages.reading.IdsFirstPaginator`), as list
items (`pages/list_items.py`). A step that needs what an earlier one found reads it from
`Finding`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from pages.finder.facets import Facets, talk_facets
from pages.finder.filters import ONE_PER_TALK, TalkFilter
from pages.reading import IdsFirstPaginator
from talks.models import Talk
from talks.search import TextMatches
from talks.selectors import NEWEST_FIRST, SORT_ORDERINGS, latest_versions, talks_matching

# The sort that keeps the text search's order: the best matches first.
BEST_MATCH_FIRST = "relevance"


@dataclass(frozen=True)
class Finding:
    """What each step of the finder found."""

    # The parameters given with a valid value, by name; invalid ones are left out.
    values: dict[str, Any]
    # The text search among the filtered talks; None without a text.
    matches: TextMatches | None
    # The talks found, in their order.
    results: QuerySet[Talk]
    facets: Facets
    # How many talks were found, when the facet query counted them; None otherwise.
    count: int | None

    @property
    def ranked_ids(self) -> list[int] | None:
        """The ids of all the results in their order, when the text search gave them."""
        return ranked_ids(self.values, self.matches, self.results)

    @property
    def more_matches(self) -> bool:
        """Whether the text search kept its best matches only: more talks match."""
        return self.matches is not None and self.matches.limit_reached


def talk_finder(data: Mapping[str, Any] | None, request: HttpRequest | None = None) -> TalkFilter:
    """The finder's filters over the published talks, newest first unless a parameter says
    otherwise: what `/talks/` and the JSON API's talk list start from."""
    return TalkFilter(
        data or None, queryset=Talk.objects.published().order_by(*NEWEST_FIRST), request=request
    )


def pages_of_results(
    finding: Finding, per_page: int, *, fetch: Callable[[list[int]], dict[int, Model]]
) -> IdsFirstPaginator:
    """The results in pages, each read as `fetch` reads talks by id."""
    return IdsFirstPaginator(
        finding.results, per_page, fetch=fetch, count=finding.count, ids=finding.ranked_ids
    )


def ranked_ids(
    values: dict[str, Any], matches: TextMatches | None, results: QuerySet[Talk]
) -> list[int] | None:
    """The ids of all the `results` in their order, when the text search gave them: the best
    matches first, unless another sort was asked for."""
    if matches is None or values.get("sort", BEST_MATCH_FIRST) != BEST_MATCH_FIRST:
        return None
    if values.get("versions") == ONE_PER_TALK:
        # The versions kept, in the order of the matches (one query, instead of the page's).
        kept = set(results.values_list("pk", flat=True))
        return [talk_id for talk_id in matches.ids if talk_id in kept]
    return matches.ids


def sorted_results(
    filterset: TalkFilter,
) -> tuple[dict[str, Any], TextMatches | None, QuerySet[Talk]]:
    """The finder's first four steps, without the facets: the valid parameters, the text
    search (None without a text) and the talks found, in their order. The JSON API lists
    these; `find_talks` counts the facets over them."""
    values = filterset.valid_values()
    matches = talks_matching(filterset.qs, values["q"]) if "q" in values else None
    results = _every_version_found(filterset, matches)
    if filterset.one_per_talk():
        results = latest_versions(results)
    sort = values.get("sort", BEST_MATCH_FIRST)
    if sort != BEST_MATCH_FIRST:
        results = results.order_by(*SORT_ORDERINGS[sort])
    return values, matches, results


def _every_version_found(filterset: TalkFilter, matches: TextMatches | None) -> QuerySet[Talk]:
    """The talks that the filters and the text find, each version of a talk included."""
    return matches.talks if matches is not None else filterset.qs


def find_talks(filterset: TalkFilter) -> Finding:
    """Run the finder's steps over the talks of `filterset` (its queryset) in order."""
    values, matches, results = sorted_results(filterset)
    facets, counted = _count_facets(filterset, values, matches)
    return Finding(
        values=values,
        matches=matches,
        results=results,
        facets=facets,
        count=facets.total if counted else None,
    )


def _count_facets(
    filterset: TalkFilter,
    values: dict[str, Any],
    matches: TextMatches | None,
) -> tuple[Facets, bool]:
    """The facets, and whether their total is the number of results.

    The facets count within the talks that the text and the speaker leave, whatever the
    facet filters; with `versions=one`, every version of a talk among them, counted once.
    Without facet filters, these are the talks found, whose text search has run already.
    With them, the text searches all the talks of the speaker again; when either search kept
    only its best matches, the results are the best matches among the talks the filters
    leave, the facet query's among all of them: their numbers differ.
    """
    conditions = filterset.facet_conditions()
    one_per_talk = filterset.one_per_talk()
    if not conditions:
        found = _every_version_found(filterset, matches)
        facets = talk_facets(
            found, conditions, filterset.facet_values(), filterset.names, one_per_talk=one_per_talk
        )
        return facets, True
    scope = filterset.scope(filterset.queryset)
    scope_matches = talks_matching(scope, values["q"]) if "q" in values else None
    if scope_matches is not None:
        scope = scope_matches.talks
    facets = talk_facets(
        scope, conditions, filterset.facet_values(), filterset.names, one_per_talk=one_per_talk
    )
    kept_some = any(found.limit_reached for found in (matches, scope_matches) if found)
    return facets, not kept_some
