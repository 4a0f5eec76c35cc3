"""Atom feeds of newly published notes: the site's, and a talk's."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from pages.feeds.atom import EntryLanguageAtomFeed, site_title
from talks.models import Note, Talk
from talks.selectors import latest_notes

# The newest notes a feed holds.
FEED_ENTRIES = 20


@dataclass(frozen=True)
class FoundNotes:
    subject: str
    page_url: str
    notes: list[Note]


class NoteFeed(Feed):
    """Published notes on published talks, newest first, as `get_object` finds them."""

    feed_type = EntryLanguageAtomFeed

    def title(self, found: FoundNotes) -> str:
        return site_title(found.subject)

    def link(self, found: FoundNotes) -> str:
        return found.page_url

    def items(self, found: FoundNotes) -> list[Note]:
        return found.notes

    def item_title(self, note: Note) -> str:
        return _("Notes by %(author)s on %(talk)s") % {
            "author": note.author.username,
            "talk": note.talk.title,
        }

    def item_description(self, note: Note) -> None:
        """No summary: the entry's content is the whole note."""
        return None

    def item_pubdate(self, note: Note):
        return note.published_at

    def item_updateddate(self, note: Note):
        return note.updated_at

    def item_author_name(self, note: Note) -> str:
        return note.author.username

    def item_extra_kwargs(self, note: Note) -> dict[str, str]:
        # The body was sanitized when the note was saved (talks.markdown.render_markdown).
        return {"language": note.language, "content": note.body_html}


class LatestNoteFeed(NoteFeed):
    """The newest notes of the site, as its home page lists them."""

    def get_object(self, request) -> FoundNotes:
        return FoundNotes(
            subject=_("New notes"), page_url=reverse("home"), notes=list(latest_notes(FEED_ENTRIES))
        )


class TalkNoteFeed(NoteFeed):
    """The newest notes on a talk."""

    def get_object(self, request, event_slug: str, slug: str) -> FoundNotes:
        talk = get_object_or_404(
            Talk.objects.published().select_related("event"), event__slug=event_slug, slug=slug
        )
        notes = list(
            Note.objects.published()
            .filter(talk=talk)
            .select_related("author")
            .order_by("-published_at", "-pk")[:FEED_ENTRIES]
        )
        for note in notes:
            note.talk = talk
        return FoundNotes(
            subject=_("Notes on %(talk)s") % {"talk": talk.title},
            page_url=talk.get_absolute_url(),
            notes=notes,
        )
