"""Linking talks as versions of one talk, unlinking them, dismissing candidates, and the
candidates suggested."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from talks.models import Talk, TalkStatus, VersionDismissal, Work
from talks.services.versions import (
    talk_version_unlink,
    talk_versions_link,
    version_candidate_dismiss,
)
from talks.version_selectors import talk_versions, version_candidates
from tests.factories import EventFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _work_of(*talks) -> set:
    return {Talk.objects.get(pk=talk.pk).work_id for talk in talks}


def test_linking_two_talks_without_versions_creates_their_work(editor):
    talk, other = TalkFactory(), TalkFactory()

    work = talk_versions_link(talk=talk, other=other, editor=editor)

    assert Work.objects.get() == work
    assert _work_of(talk, other) == {work.pk}
    assert LogEntry.objects.filter(user=editor).count() == 2


def test_linking_a_talk_to_one_with_versions_adds_it_to_their_work(editor):
    first, second, third = TalkFactory(), TalkFactory(), TalkFactory()
    work = talk_versions_link(talk=first, other=second, editor=editor)

    assert talk_versions_link(talk=third, other=second, editor=editor) == work

    assert _work_of(first, second, third) == {work.pk}
    assert Work.objects.count() == 1


def test_linking_talks_of_two_works_merges_them_into_the_older(editor):
    first, second, third, fourth = (TalkFactory() for _ in range(4))
    older = talk_versions_link(talk=first, other=second, editor=editor)
    newer = talk_versions_link(talk=third, other=fourth, editor=editor)

    assert talk_versions_link(talk=fourth, other=first, editor=editor) == older

    assert _work_of(first, second, third, fourth) == {older.pk}
    assert not Work.objects.filter(pk=newer.pk).exists()


def test_linking_two_versions_again_changes_nothing(editor):
    talk, other = TalkFactory(), TalkFactory()
    work = talk_versions_link(talk=talk, other=other, editor=editor)

    assert talk_versions_link(talk=other, other=talk, editor=editor) == work
    assert Work.objects.count() == 1
    assert LogEntry.objects.count() == 2


def test_a_talk_cannot_be_a_version_of_itself(editor):
    talk = TalkFactory()

    with pytest.raises(ValidationError) as error:
        talk_versions_link(talk=talk, other=talk, editor=editor)

    assert error.value.messages == ["A talk cannot be a version of itself."]
    assert Work.objects.count() == 0


def test_two_talks_of_one_event_cannot_be_versions(editor):
    event = EventFactory(name="DevFest Nantes 2025")
    talk = TalkFactory(event=event, title="Terraform at scale")
    other = TalkFactory(event=event, title="Terraform at scale, again")

    with pytest.raises(ValidationError) as error:
        talk_versions_link(talk=talk, other=other, editor=editor)

    assert error.value.messages == [
        "“Terraform at scale” and “Terraform at scale, again” are two talks of the same event "
        "(DevFest Nantes 2025): they cannot be versions of one talk."
    ]
    assert _work_of(talk, other) == {None}


def test_merging_two_works_with_talks_of_one_event_is_refused(editor):
    event = EventFactory()
    first, second = TalkFactory(event=event), TalkFactory()
    third, fourth = TalkFactory(event=event), TalkFactory()
    talk_versions_link(talk=first, other=second, editor=editor)
    talk_versions_link(talk=third, other=fourth, editor=editor)

    with pytest.raises(ValidationError):
        talk_versions_link(talk=second, other=fourth, editor=editor)

    assert len(_work_of(first, second, third, fourth)) == 2


def test_the_refusal_is_in_the_editors_language(editor):
    talk = TalkFactory()

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        talk_versions_link(talk=talk, other=talk, editor=editor)

    assert error.value.messages == [
        "Une présentation ne peut pas être une version d\u2019elle-même."
    ]


def test_linking_forgets_a_dismissal_of_the_pair(editor):
    talk, other = TalkFactory(), TalkFactory()
    version_candidate_dismiss(talk=other, other=talk, editor=editor)

    talk_versions_link(talk=talk, other=other, editor=editor)

    assert VersionDismissal.objects.count() == 0


def test_unlinking_one_of_three_versions_keeps_the_others_linked(editor):
    first, second, third = TalkFactory(), TalkFactory(), TalkFactory()
    talk_versions_link(talk=first, other=second, editor=editor)
    work = talk_versions_link(talk=first, other=third, editor=editor)

    talk_version_unlink(talk=third, editor=editor)

    assert _work_of(first, second) == {work.pk}
    assert _work_of(third) == {None}


def test_unlinking_one_of_two_versions_deletes_their_work(editor):
    talk, other = TalkFactory(), TalkFactory()
    talk_versions_link(talk=talk, other=other, editor=editor)

    talk_version_unlink(talk=talk, editor=editor)

    assert _work_of(talk, other) == {None}
    assert Work.objects.count() == 0


def test_unlinking_a_talk_without_versions_is_refused(editor):
    with pytest.raises(ValidationError) as error:
        talk_version_unlink(talk=TalkFactory(), editor=editor)

    assert error.value.messages == [
        "This talk is not linked to other versions: nothing was changed."
    ]


def test_a_dismissal_is_stored_once_smaller_id_first(editor):
    talk, other = TalkFactory(), TalkFactory()

    first = version_candidate_dismiss(talk=other, other=talk, editor=editor)
    again = version_candidate_dismiss(talk=talk, other=other, editor=editor)

    assert first == again
    assert list(VersionDismissal.objects.values_list("talk_id", "other_id", "dismissed_by")) == [
        (talk.pk, other.pk, editor.pk)
    ]


def test_a_talk_cannot_be_dismissed_as_a_version_of_itself(editor):
    talk = TalkFactory()

    with pytest.raises(ValidationError):
        version_candidate_dismiss(talk=talk, other=talk, editor=editor)


def test_talk_versions_lists_the_whole_work_oldest_event_first(editor):
    later = TalkFactory(event=EventFactory(start_date="2024-03-19", end_date="2024-03-22"))
    earlier = TalkFactory(event=EventFactory(start_date="2023-03-07", end_date="2023-03-07"))
    talk_versions_link(talk=later, other=earlier, editor=editor)
    later.refresh_from_db()

    assert list(talk_versions(later)) == [earlier, later]
    assert list(talk_versions(TalkFactory())) == []


# Candidates


def test_candidates_are_talks_titled_alike_or_sharing_a_speaker(editor):
    speaker = SpeakerFactory(name="Alexandre Buisine")
    talk = TalkFactory(title="Database operators in Kubernetes: a deep dive", speakers=[speaker])
    alike = TalkFactory(title="Database operators in Kubernetes")
    same_speaker = TalkFactory(title="We Tested and Compared 6 Operators", speakers=[speaker])
    TalkFactory(title="Observability with OpenTelemetry")

    candidates = version_candidates(talk)

    assert candidates == [same_speaker, alike]
    assert candidates[0].shared_speaker_names == ["Alexandre Buisine"]
    assert candidates[1].shared_speaker_names == []
    assert 0.3 < candidates[1].title_similarity < 1


def test_a_shared_speaker_and_a_close_title_come_first(editor):
    speaker = SpeakerFactory()
    talk = TalkFactory(title="Platform engineering in practice", speakers=[speaker])
    close_title = TalkFactory(title="Platform engineering in practice")
    shared_speaker = TalkFactory(title="Something else entirely", speakers=[speaker])
    both = TalkFactory(title="Platform engineering in practice!", speakers=[speaker])

    assert version_candidates(talk) == [both, shared_speaker, close_title]


def test_candidates_leave_out_versions_dismissed_the_same_event_and_rejected(editor):
    talk = TalkFactory(title="Kubernetes networking with eBPF")
    version = TalkFactory(title="Kubernetes networking with eBPF")
    dismissed = TalkFactory(title="Kubernetes networking with eBPF")
    TalkFactory(title="Kubernetes networking with eBPF", event=talk.event)
    TalkFactory(title="Kubernetes networking with eBPF", status=TalkStatus.REJECTED)
    kept = TalkFactory(title="Kubernetes networking with eBPF")
    talk_versions_link(talk=talk, other=version, editor=editor)
    version_candidate_dismiss(talk=dismissed, other=talk, editor=editor)
    talk.refresh_from_db()

    assert version_candidates(talk) == [kept]


def test_dismissing_a_candidate_stops_suggesting_it(editor):
    talk = TalkFactory(title="Rust for Kubernetes controllers")
    other = TalkFactory(title="Rust for Kubernetes controllers")
    assert version_candidates(talk) == [other]

    version_candidate_dismiss(talk=talk, other=other, editor=editor)

    assert version_candidates(talk) == []
    assert version_candidates(other) == []


def test_candidates_are_limited(editor):
    talk = TalkFactory(title="GitOps with Argo CD")
    for _ in range(4):
        TalkFactory(title="GitOps with Argo CD")

    assert len(version_candidates(talk, limit=3)) == 3


@pytest.mark.parametrize("size", [1, 8])
def test_candidates_take_one_query_whatever_their_number(django_assert_num_queries, size):
    speakers = [SpeakerFactory(), SpeakerFactory()]
    talk = TalkFactory(title="Observability for everyone", speakers=speakers)
    for _ in range(size):
        TalkFactory(title="Observability for everyone", speakers=speakers)
    talk_versions_link(talk=talk, other=TalkFactory(title="Observability"), editor=None)
    talk.refresh_from_db()

    with django_assert_num_queries(1):
        candidates = version_candidates(talk)
        names = [candidate.event.name for candidate in candidates]

    assert len(names) == size
    assert all(candidate.shared_speaker_names for candidate in candidates)
