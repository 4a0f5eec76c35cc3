"""Atom feeds of new talks: of a search (any query string of the finder, `/talks/`), and of an
event, a series, a topic, a speaker and a language, which are the finder's with that filter.

A feed's entries are the talks that the finder's page shows for the same parameters, in its
order (newest first unless a sort or a text search says otherwise), `page` included.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import Event, Series
from pages.feeds.atom import EntryLanguageAtomFeed, site_title
from pages.finder.filters import TalkFilter
from pages.finder.pipeline import Finding, find_talks, pages_of_results, talk_finder
from pages.reading import former_slug_redirect
from pages.views.talks import TALKS_PER_PAGE
from people.models import Speaker, SpeakerAlias
from talks.languages import LANGUAGE_NAMES, language_name
from talks.models import Talk, Topic, TopicAlias
from talks.search import SearchTimeout
from talks.selectors import talks_with_people_and_topics


def talks_by_id_with_people_and_topics(ids: list[int]) -> dict[int, Talk]:
    """The talks of `ids` by id, with their event, speakers and topics (three queries)."""
    return talks_with_people_and_topics(Talk.objects.all()).in_bulk(ids)


def search_timeout() -> HttpResponse:
    """What a feed or a calendar of a search answers when its text search took too long."""
    return HttpResponse(
        _("This search took too long and was stopped. Try fewer or more specific words."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def finder_parameters(**values: str) -> QueryDict:
    parameters = QueryDict(mutable=True)
    parameters.update(values)
    return parameters


@dataclass(frozen=True)
class FoundTalks:
    """What a talk feed shows: its subject, the page that lists its talks, its own address,
    and the talks."""

    subject: str
    page_url: str
    feed_url: str
    talks: list[Talk]


def found_talks(
    request: HttpRequest, parameters: QueryDict, *, page_url: str, subject: str | None = None
) -> FoundTalks:
    """The talks of the finder's page for `parameters`, as feed entries; the subject is, unless
    given, what the search looks for."""
    filterset = talk_finder(parameters, request=request)
    finding = find_talks(filterset)
    pages = pages_of_results(finding, TALKS_PER_PAGE, fetch=talks_by_id_with_people_and_topics)
    return FoundTalks(
        subject=subject or search_subject(filterset, finding),
        page_url=page_url,
        feed_url=request.get_full_path(),
        talks=list(pages.get_page(parameters.get("page"))),
    )


def search_subject(filterset: TalkFilter, finding: Finding) -> str:
    """What a search looks for, in words: "Talks (Topics: Kubernetes; Languages: French)"."""
    described = []
    for name, value in finding.values.items():
        if name == "sort":
            continue
        if name == "q":
            shown = [_("“%(text)s”") % {"text": value}]
        elif name == "speaker":
            shown = [filterset.names.get("speaker", {}).get(value, value)]
        else:
            options = finding.facets.options.get(name, [])
            shown = [option.label for option in options if option.selected] or [str(value)]
        described.append(
            _("%(filter)s: %(values)s")
            % {"filter": filterset.filters[name].label, "values": ", ".join(shown)}
        )
    if not described:
        return _("New talks")
    # Translators: between the filters of a search, in a feed's title.
    separator = _("; ")
    return _("Talks (%(search)s)") % {"search": separator.join(described)}


class TalkFeed(Feed):
    """New talks, as `get_object` finds them (a `FoundTalks`)."""

    feed_type = EntryLanguageAtomFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except SearchTimeout:
            return search_timeout()

    def title(self, found: FoundTalks) -> str:
        return site_title(found.subject)

    def link(self, found: FoundTalks) -> str:
        return found.page_url

    def feed_url(self, found: FoundTalks) -> str:
        return found.feed_url

    def items(self, found: FoundTalks) -> list[Talk]:
        return found.talks

    def item_title(self, talk: Talk) -> str:
        return talk.title

    def item_description(self, talk: Talk) -> None:
        """No summary: the entry's content is the whole abstract."""
        return None

    def item_pubdate(self, talk: Talk):
        return talk.created_at

    def item_updateddate(self, talk: Talk):
        return talk.updated_at

    def item_author_name(self, talk: Talk) -> str | None:
        return ", ".join(speaker.name for speaker in talk.listed_speakers) or None

    def item_categories(self, talk: Talk) -> list[str]:
        return sorted(topic.name for topic in talk.listed_topics)

    def item_extra_kwargs(self, talk: Talk) -> dict[str, str]:
        # The entry is in its title's language, when known, else the first the talk is
        # given in; its content, the abstract (sanitized HTML), may be in another.
        language = talk.text_language or talk.languages[0]
        return {
            "language": language,
            "content": talk.abstract_html,
            "content_language": talk.abstract_text_language or language,
        }


class SearchTalkFeed(TalkFeed):
    """The talks of any search of the finder: `/talks/feed.atom?<the finder's query string>`."""

    def get_object(self, request: HttpRequest) -> FoundTalks:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return found_talks(request, request.GET, page_url=reverse("talks:list") + query)


class EventTalkFeed(TalkFeed):
    def get_object(self, request: HttpRequest, slug: str) -> FoundTalks:
        event = get_object_or_404(Event.objects.published(), slug=slug)
        return found_talks(
            request,
            finder_parameters(event=event.slug),
            subject=_("Talks at %(event)s") % {"event": event.name},
            page_url=event.get_absolute_url(),
        )


class SeriesTalkFeed(TalkFeed):
    def get_object(self, request: HttpRequest, slug: str) -> FoundTalks:
        series = get_object_or_404(Series.objects.public(), slug=slug)
        return found_talks(
            request,
            finder_parameters(series=series.slug),
            subject=_("Talks at %(event)s") % {"event": series.name},
            page_url=series.get_absolute_url(),
        )


class FormerSlugFeedMixin:
    """A feed of a thing found by slug that also answers to its former slugs (its aliases) with
    a permanent redirect to its current feed, as its page does (pages.reading)."""

    alias_model: type[Model]
    # The alias's foreign key to the object it stands for.
    alias_target: str
    # The current feed's URL name, which takes the object's slug.
    feed_url_name: str

    def public(self) -> QuerySet:
        raise NotImplementedError

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            moved = former_slug_redirect(
                request,
                kwargs["slug"],
                alias_model=self.alias_model,
                alias_target=self.alias_target,
                among=self.public(),
                url_of=lambda target: reverse(self.feed_url_name, kwargs={"slug": target.slug}),
            )
            if moved is None:
                raise
            return moved


class TopicTalkFeed(FormerSlugFeedMixin, TalkFeed):
    alias_model = TopicAlias
    alias_target = "topic"
    feed_url_name = "talks:topic-feed"

    def public(self) -> QuerySet[Topic]:
        return Topic.objects.public()

    def get_object(self, request: HttpRequest, slug: str) -> FoundTalks:
        topic = get_object_or_404(self.public(), slug=slug)
        return found_talks(
            request,
            finder_parameters(topic=topic.slug),
            subject=_("Talks about %(topic)s") % {"topic": topic.name},
            page_url=topic.get_absolute_url(),
        )


class SpeakerTalkFeed(FormerSlugFeedMixin, TalkFeed):
    alias_model = SpeakerAlias
    alias_target = "speaker"
    feed_url_name = "people:speaker-feed"

    def public(self) -> QuerySet[Speaker]:
        return Speaker.objects.public()

    def get_object(self, request: HttpRequest, slug: str) -> FoundTalks:
        speaker = get_object_or_404(self.public(), slug=slug)
        return found_talks(
            request,
            finder_parameters(speaker=speaker.slug),
            subject=_("Talks by %(name)s") % {"name": speaker.name},
            page_url=speaker.get_absolute_url(),
        )


class LanguageTalkFeed(TalkFeed):
    def get_object(self, request: HttpRequest, code: str) -> FoundTalks:
        if code not in LANGUAGE_NAMES:
            raise Http404
        return found_talks(
            request,
            finder_parameters(language=code),
            subject=_("Talks in %(language)s") % {"language": language_name(code)},
            page_url=reverse("talks:language-detail", kwargs={"code": code}),
        )
