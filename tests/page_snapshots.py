"""Record the HTML of the site's pages, and compare a later version of the code with it.

For changes that must not alter what anyone sees (moving code between apps, say):

    .venv/bin/python -m tests.page_snapshots record /tmp/pages   # before the change
    .venv/bin/python -m tests.page_snapshots compare /tmp/pages  # after it: every difference

Each run loads the demo write-ups into a database of its own (on the embedded server, or on
the server DATABASE_URL names), adds an attendee with a pending proposal and an editor, and
renders every kind of page, with and without filters, in English and French, as an
anonymous reader, the attendee and the editor would see it. The only parts left out of the
comparison are the ones that differ on every request: CSRF tokens and CSP nonces.
"""

import argparse
import datetime
import difflib
import os
import re
import sys
from io import StringIO
from pathlib import Path

import time_machine

DATABASE_NAME = "confnotes_page_snapshots"
# The clock stands still at this moment while the data is loaded and the pages rendered, so
# that dates, "upcoming" events and time stamps come out the same whenever the script runs.
NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
LANGUAGES = ("en", "fr")
# Values that change from one request to the next, whatever the code.
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1<csrf>"),
    (re.compile(r'("X-CSRFToken": ?")[^"]+'), r"\1<csrf>"),
    (re.compile(r'(nonce=")[^"]+'), r"\1<nonce>"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)

    pages = render_pages()
    if args.action == "record":
        record(pages, args.directory)
        return 0
    return compare(pages, args.directory)


def record(pages: dict[str, str], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (directory / name).write_text(html)
    print(f"{len(pages)} pages recorded in {directory}")


def compare(pages: dict[str, str], directory: Path) -> int:
    recorded = {path.name: path.read_text() for path in directory.iterdir()}
    names = sorted(recorded.keys() | pages.keys())
    differing = 0
    for name in names:
        before, after = recorded.get(name), pages.get(name)
        if before == after:
            continue
        differing += 1
        if before is None or after is None:
            print(f"{name}: {'new' if before is None else 'missing'}")
            continue
        diff = difflib.unified_diff(
            before.splitlines(), after.splitlines(), "before/" + name, "after/" + name, lineterm=""
        )
        print("\n".join(list(diff)[:40]))
    print(f"{len(names) - differing} of {len(names)} pages identical, {differing} differ")
    return 1 if differing else 0


def render_pages() -> dict[str, str]:
    """The pages, rendered in a database of their own that is dropped afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confnotes.settings.test")
    import django

    from confnotes.embedded_db import start_unless_external

    start_unless_external()
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    settings.DATABASES["default"]["TEST"]["NAME"] = DATABASE_NAME
    settings.ALLOWED_HOSTS = ["testserver"]
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with time_machine.travel(NOW, tick=False):
            return render_as_everyone()
    finally:
        teardown_databases(databases, verbosity=0)


def render_as_everyone() -> dict[str, str]:
    """Every page of the list below, in each language: file name → normalised HTML."""
    clients = signed_in_clients()
    spread_time_stamps()
    pages = {}
    for index, (who, path) in enumerate(page_list()):
        for language in LANGUAGES:
            response = clients[who].get(path, headers={"accept-language": language})
            html = f"<!-- {response.status_code} {who} {path} -->\n"
            html += response.content.decode()
            for pattern, replacement in VOLATILE:
                html = pattern.sub(replacement, html)
            pages[f"{index:02}-{who}-{language}.html"] = html
    return pages


def spread_time_stamps() -> None:
    """Rows written under the stopped clock share one time stamp: a minute apart by id
    instead, so that "newest first" has one order, whatever the query that sorts."""
    from django.apps import apps
    from django.db import connection, models

    with connection.cursor() as cursor:
        for app in ("events", "people", "talks"):
            # A proxy's rows are its concrete model's: spread once.
            for model in apps.get_app_config(app).get_models():
                if model._meta.proxy:
                    continue
                for field in model._meta.concrete_fields:
                    if isinstance(field, models.DateTimeField):
                        column, table = field.column, model._meta.db_table
                        cursor.execute(
                            f'UPDATE "{table}" SET "{column}" = "{column}" '
                            f"+ id * interval '1 minute' WHERE \"{column}\" IS NOT NULL"
                        )


def signed_in_clients() -> dict:
    """Clients for an anonymous reader, an attendee with a pending proposal, and an editor."""
    from django.core.management import call_command
    from django.test import Client

    from events.models import Event
    from people.models import User
    from people.services import user_make_editor
    from talks.services.programmes import ProposedTalk, talk_propose

    call_command("load_demo", stdout=StringIO())
    attendee = User.objects.create_user("attendee", "attendee@example.org", "-")
    editor = User.objects.create_user("editor", "editor@example.org", "-")
    user_make_editor(user=editor)
    talk_propose(
        proposer=attendee,
        event=Event.objects.order_by("slug").first(),
        talk=ProposedTalk(
            title="Pending proposal", languages=["en"], speaker_names=["Proposed Speaker"]
        ),
        note_body="Notes on the pending proposal.",
        note_language="en",
    )
    clients = {"anonymous": Client(), "attendee": Client(), "editor": Client()}
    clients["attendee"].force_login(attendee)
    clients["editor"].force_login(editor)
    return clients


def page_list() -> list[tuple[str, str]]:
    """(who, path) for every kind of page, addresses taken from the demo data."""
    from events.models import Event, Series
    from talks.models import Note, Proposal, Talk, Topic

    event = Event.objects.order_by("slug").first()
    series = Series.objects.order_by("slug").first()
    talk = Talk.objects.published().order_by("event__slug", "slug").first()
    talk_with_notes = Note.objects.published().order_by("pk").last().talk
    topic = Topic.objects.order_by("slug").first()
    speaker = talk.talk_speakers.order_by("order").first().speaker
    own_note = Note.objects.filter(author__username="attendee").get()
    proposal = Proposal.objects.filter(proposer__username="attendee").get()
    # The demo's talk given at KCD France, then at KubeCon: its versions and candidates.
    versioned = Talk.objects.filter(work__isnull=False).order_by("event__start_date").last()
    talk_path = f"/talks/{talk.event.slug}/{talk.slug}/"
    return [
        ("anonymous", "/"),
        ("anonymous", "/events/"),
        ("anonymous", "/events/?country=FR"),
        ("anonymous", f"/events/{event.slug}/"),
        ("anonymous", f"/series/{series.slug}/"),
        ("anonymous", "/talks/"),
        ("anonymous", "/talks/?page=2"),
        ("anonymous", f"/talks/?topic={topic.slug}&language=fr"),
        ("anonymous", f"/talks/?speaker={speaker.slug}"),
        ("anonymous", "/talks/?q=kubernetes&year=2024"),
        ("anonymous", "/talks/?page=999"),
        # The finder's pipeline with every step at work: filters, text, sort, facets.
        ("anonymous", "/talks/?q=kubernetes&topic=kubernetes&topic=ai&language=en&sort=rating"),
        ("anonymous", f"/talks/?event={event.slug}&series={series.slug}&has_notes=true"),
        ("anonymous", "/talks/?format=talk&min_rating=3&sort=title&language=fr&language=en"),
        ("anonymous", "/talks/?q=xyz-no-match"),
        ("anonymous", "/talks/?q=the"),
        ("anonymous", "/talks/?year=abc&topic=bad%20slug&min_rating=9"),
        ("anonymous", "/search/?q=kubernetes&page=2"),
        ("anonymous", f"/search/?q=kubernetes&language=en&speaker={speaker.slug}"),
        ("anonymous", talk_path),
        ("anonymous", f"/talks/{talk_with_notes.event.slug}/{talk_with_notes.slug}/"),
        ("anonymous", "/talks/no-such-event/no-such-talk/"),
        # A talk's address with a letter missing: talks with a close title.
        ("anonymous", f"{talk_path[:-2]}/"),
        ("anonymous", "/topics/"),
        ("anonymous", f"/topics/{topic.slug}/"),
        ("anonymous", f"/topics/{topic.slug}/trends/"),
        ("anonymous", "/trends/"),
        ("anonymous", "/languages/fr/"),
        ("anonymous", "/speakers/"),
        ("anonymous", "/speakers/?q=an"),
        ("anonymous", f"/speakers/{speaker.slug}/"),
        ("anonymous", "/search/?q=observabilit%C3%A9"),
        ("anonymous", "/search/?q=%22platform+engineering%22+-kubernetes"),
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/accounts/signup/"),
        ("anonymous", "/accounts/password_reset/"),
        ("attendee", "/"),
        ("attendee", talk_path),
        ("attendee", "/accounts/contributions/"),
        ("attendee", "/propose/"),
        ("attendee", "/propose/conference/"),
        ("attendee", f"/propose/conference/?event={event.slug}"),
        ("attendee", f"{talk_path}notes/new/"),
        ("attendee", f"{talk_path}review/"),
        ("attendee", f"/notes/{own_note.pk}/edit/"),
        ("attendee", "/propose/speakers/?speakers=Kelsey"),
        ("editor", "/admin/"),
        ("editor", "/admin/talks/talk/"),
        ("editor", "/admin/talks/talk/?status__exact=pending"),
        ("editor", f"/admin/talks/talk/{talk.pk}/change/"),
        ("editor", "/admin/talks/note/"),
        ("editor", "/admin/talks/note/?status__exact=pending"),
        ("editor", "/admin/events/event/"),
        ("editor", "/admin/people/speaker/"),
        ("editor", "/admin/talks/scheduleupload/add/"),
        ("editor", "/admin/talks/proposal/"),
        ("editor", f"/admin/talks/proposal/{proposal.pk}/change/"),
        ("editor", f"/admin/talks/talk/{versioned.pk}/change/"),
        ("editor", "/admin/talks/talk/?versions=yes"),
        # What crawlers read, last so that the pages above keep their numbers.
        ("anonymous", "/robots.txt"),
        ("anonymous", "/sitemap.xml"),
        ("anonymous", "/sitemap-pages.xml"),
        ("anonymous", "/sitemap-talks.xml"),
        ("anonymous", "/sitemap-languages.xml"),
        # Feeds and calendars (docs/api.md).
        ("anonymous", "/talks/feed.atom"),
        ("anonymous", f"/talks/feed.atom?q=kubernetes&topic={topic.slug}&language=en"),
        ("anonymous", f"/topics/{topic.slug}/talks.atom"),
        ("anonymous", f"/events/{event.slug}/talks.atom"),
        ("anonymous", f"/speakers/{speaker.slug}/talks.atom"),
        ("anonymous", "/notes/feed.atom"),
        ("anonymous", f"/talks/{talk_with_notes.event.slug}/{talk_with_notes.slug}/notes.atom"),
        ("anonymous", f"/events/{event.slug}/programme.ics"),
        ("anonymous", f"/talks/calendar.ics?topic={topic.slug}"),
    ]


if __name__ == "__main__":
    sys.exit(main())
