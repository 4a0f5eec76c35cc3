"""`also given at` in write-ups: importing links the versions of a talk, exporting writes them."""

import datetime

import pytest
from django.core.management import CommandError

from events.models import Event
from talks.models import Talk, TalkStatus, Work
from talks.services.versions import talk_versions_link
from talks.writeup.parser import TalkReference, WriteupError, parse_writeup
from tests.factories import EventFactory, TalkFactory

pytestmark = pytest.mark.django_db

KUBECON = """\
---
event:
  name: KubeCon + CloudNativeCon Europe 2024
  slug: kubecon-europe-2024
  start: 2024-03-19
  end: 2024-03-22
---

## We Tested and Compared 6 Database Operators. The Results are In!

- speakers: Jérôme Petazzoni, Alexandre Buisine
- languages: en
- also given at: {reference}
"""

KCD = """\
---
event:
  name: Kubernetes Community Days France 2023
  slug: kcd-france-2023
  start: 2023-03-07
---

## Database operators in Kubernetes: a deep dive

- speakers: Alexandre Buisine, David Donchez
- languages: fr
"""

KCD_TALK = "kcd-france-2023/database-operators-in-kubernetes-a-deep-dive"
KUBECON_TALK = "kubecon-europe-2024/we-tested-and-compared-6-database-operators-the-results-are-in"


def _works() -> dict[str, int | None]:
    return {
        f"{event_slug}/{slug}": work_id
        for event_slug, slug, work_id in Talk.objects.values_list("event__slug", "slug", "work")
    }


def test_importing_links_the_talk_named_as_another_version(writeup_file, run_command):
    run_command("import_writeup", writeup_file(KCD, "kcd.md"))
    path = writeup_file(KUBECON.format(reference=KCD_TALK), "kubecon.md")

    output = run_command("import_writeup", path)

    works = _works()
    assert works[KCD_TALK] == works[KUBECON_TALK] == Work.objects.get().pk
    assert output.endswith(f"  versions:\n    {KUBECON_TALK} linked to {KCD_TALK}\n")


def test_importing_again_says_the_versions_are_linked_already(writeup_file, run_command):
    run_command("import_writeup", writeup_file(KCD, "kcd.md"))
    path = writeup_file(KUBECON.format(reference=KCD_TALK), "kubecon.md")
    run_command("import_writeup", path)

    output = run_command("import_writeup", path)

    assert output.endswith(f"  versions:\n    {KUBECON_TALK} already linked to {KCD_TALK}\n")
    assert Work.objects.count() == 1


def test_a_talk_not_here_is_reported_and_the_rest_imported(writeup_file, run_command):
    path = writeup_file(KUBECON.format(reference=KCD_TALK), "kubecon.md")

    output = run_command("import_writeup", path)

    assert Talk.objects.get().slug == KUBECON_TALK.split("/")[1]
    assert Work.objects.count() == 0
    assert output.endswith(
        f"  versions:\n    line 13: {KUBECON_TALK} not linked to {KCD_TALK}: no such talk here "
        "(yet: importing its write-up links them)\n"
    )


def test_the_address_of_a_talks_page_names_it_too(writeup_file, run_command):
    run_command("import_writeup", writeup_file(KCD, "kcd.md"))
    address = f"https://confnotes.example.org/talks/{KCD_TALK}/"

    run_command("import_writeup", writeup_file(KUBECON.format(reference=address), "kubecon.md"))

    works = _works()
    assert works[KCD_TALK] == works[KUBECON_TALK] is not None


def test_several_versions_are_separated_by_commas():
    text = KUBECON.format(reference=f"{KCD_TALK}, devfest-nantes-2025/operators, {KCD_TALK}")

    [talk] = parse_writeup(text, path="kubecon.md").talks

    assert talk.also_given_at == [
        TalkReference(13, "kcd-france-2023", "database-operators-in-kubernetes-a-deep-dive"),
        TalkReference(13, "devfest-nantes-2025", "operators"),
    ]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "database operators",
            "'also given at' takes an event's slug and a talk's slug, such as "
            "'kcd-france-2023/database-operators', or the address of the talk's page on "
            "confnotes; not 'database operators'",
        ),
        (
            "KCD/Operators",
            "'also given at' takes an event's slug and a talk's slug, such as "
            "'kcd-france-2023/database-operators', or the address of the talk's page on "
            "confnotes; not 'KCD/Operators'",
        ),
        (
            "https://confnotes.example.org/topics/kubernetes/",
            "'https://confnotes.example.org/topics/kubernetes/' is not the address of a talk's "
            "page on confnotes",
        ),
        ("https://", "'also given at' must be an http:// or https:// address"),
    ],
)
def test_a_bad_reference_is_refused_with_its_line(reference, message):
    with pytest.raises(WriteupError) as error:
        parse_writeup(KUBECON.format(reference=reference), path="kubecon.md")

    assert (error.value.line, error.value.message) == (13, message)


def test_a_talk_of_the_same_event_is_refused_and_nothing_is_written(writeup_file, run_command):
    text = KUBECON.format(reference="kubecon-europe-2024/keynote") + (
        "\n## Keynote\n\n- languages: en\n"
    )

    with pytest.raises(CommandError) as error:
        run_command("import_writeup", writeup_file(text, "kubecon.md"))

    assert str(error.value).endswith(
        "kubecon.md:13: “We Tested and Compared 6 Database Operators. The Results are In!” and "
        "“Keynote” are two talks of the same event (KubeCon + CloudNativeCon Europe 2024): they "
        "cannot be versions of one talk."
    )
    assert Event.objects.count() == 0


def test_export_writes_the_other_published_versions_oldest_first(run_command):
    kubecon = EventFactory(slug="kubecon-europe-2024", start_date=datetime.date(2024, 3, 19))
    talk = TalkFactory(event=kubecon, title="We Tested and Compared 6 Database Operators")
    kcd = TalkFactory(
        event=EventFactory(slug="kcd-france-2023", start_date=datetime.date(2023, 3, 7)),
        slug="database-operators",
    )
    devoxx = EventFactory(slug="devoxx-2025", start_date=datetime.date(2025, 4, 16))
    later = TalkFactory(event=devoxx)
    rejected = TalkFactory(status=TalkStatus.REJECTED)
    for other in (later, kcd, rejected):
        talk_versions_link(talk=talk, other=other, editor=None)

    exported = run_command("export_writeup", "kubecon-europe-2024")

    assert (
        f"- also given at: kcd-france-2023/database-operators, devoxx-2025/{later.slug}\n"
        in exported
    )


def test_export_of_a_talk_without_versions_leaves_the_key_out(run_command):
    TalkFactory(event=EventFactory(slug="kubecon-europe-2024"))

    assert "also given at" not in run_command("export_writeup", "kubecon-europe-2024")


def test_two_exports_imported_elsewhere_in_either_order_link_the_versions(
    writeup_file, run_command
):
    run_command("import_writeup", writeup_file(KCD, "kcd.md"))
    run_command("import_writeup", writeup_file(KUBECON.format(reference=KCD_TALK), "k.md"))
    exported = {
        slug: run_command("export_writeup", slug)
        for slug in ("kcd-france-2023", "kubecon-europe-2024")
    }
    assert f"- also given at: {KUBECON_TALK}\n" in exported["kcd-france-2023"]
    Event.objects.all().delete()
    Work.objects.all().delete()

    first = run_command("import_writeup", writeup_file(exported["kcd-france-2023"], "a.md"))
    second = run_command("import_writeup", writeup_file(exported["kubecon-europe-2024"], "b.md"))

    assert "not linked" in first
    assert f"{KUBECON_TALK} linked to {KCD_TALK}" in second
    works = _works()
    assert works[KCD_TALK] == works[KUBECON_TALK] is not None
