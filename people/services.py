"""Writes on people: signing up, giving someone the editor role, folding duplicate speakers."""

from dataclasses import dataclass, field
from itertools import groupby
from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from common.curation.merging import finish_merge, lock_for_merge
from people.models import Speaker, SpeakerAlias, User
from people.selectors import accounts_using
from people.sign_up import SIGN_UP_LINK_MAX_AGE, SignUpRequest, sign_up_token
from talks.models import Talk, TalkSpeaker

# Created with its permissions by people/migrations/0002_editors_group.py.
EDITORS_GROUP_NAME = "Editors"

# Details that a merge copies onto the kept speaker when the kept speaker has none.
SPEAKER_DETAILS = ("affiliation", "bio", "website")


def _mail(*, to: str, template: str, context: dict) -> None:
    """Send the mail of registration/<template>_subject.txt and <template>_email.txt."""
    subject = "".join(
        render_to_string(f"registration/{template}_subject.txt", context).splitlines()
    )
    body = render_to_string(f"registration/{template}_email.txt", context)
    send_mail(subject, body, None, [to])


def user_sign_up_start(*, sign_up: SignUpRequest, site_url: str) -> None:
    """Mail the address a link to finish signing up, or, if an account uses it, tell its owner.

    Whoever asked sees the same either way, so that signing up never tells whether an address
    has an account; its owner learns how to log in or reset the password instead.
    """
    owners = list(accounts_using(sign_up.email))
    if not owners:
        link = reverse("signup-finish", kwargs={"token": sign_up_token(sign_up)})
        context = {"link": f"{site_url}{link}", "days": SIGN_UP_LINK_MAX_AGE.days}
        _mail(to=sign_up.email, template="signup_link", context=context)
    login_query = f"?{urlencode({'next': sign_up.next_url})}" if sign_up.next_url else ""
    for owner in owners:
        reset_path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
                "token": default_token_generator.make_token(owner),
            },
        )
        context = {
            "username": owner.get_username(),
            "login_url": f"{site_url}{reverse('login')}{login_query}",
            "reset_url": f"{site_url}{reset_path}",
        }
        _mail(to=owner.email, template="signup_account_exists", context=context)


def user_sign_up_finish(*, username: str, email: str, password: str) -> User:
    """Create the account of an address whose owner followed the sign-up link."""
    with transaction.atomic():
        if accounts_using(email).exists():
            raise ValidationError(
                _("An account already uses this email address."), code="email_taken"
            )
        user = User(username=username, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
    return user


def user_make_editor(*, user: User) -> None:
    """Let the user curate in the admin: staff status and the Editors group's permissions."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITORS_GROUP_NAME))


@dataclass
class SpeakerMergePlan:
    """What merging `duplicates` into `keep` changes; speaker_merge returns what it did."""

    keep: Speaker
    duplicates: list[Speaker]
    # Talks of a duplicate that the kept speaker takes over.
    talks_moved: list[Talk] = field(default_factory=list)
    # Talks with several of the merged speakers on stage: one entry remains, the first place.
    talks_shared: list[Talk] = field(default_factory=list)
    # Former slugs and names that become aliases, so that old links redirect to `keep`.
    aliases_created: list[SpeakerAlias] = field(default_factory=list)
    # The duplicates' own aliases, which now point to `keep`.
    aliases_moved: list[SpeakerAlias] = field(default_factory=list)
    # Details that `keep` lacks, copied from the first duplicate that has them.
    details_filled: dict[str, str] = field(default_factory=dict)


def _entries_by_talk(keep: Speaker, duplicates: list[Speaker]) -> list[list[TalkSpeaker]]:
    """The merged speakers' entries on the duplicates' talks, one list per talk, keep's first."""
    duplicate_talks = TalkSpeaker.objects.filter(speaker__in=duplicates).values("talk_id")
    entries = (
        TalkSpeaker.objects.filter(talk__in=duplicate_talks, speaker__in=[keep, *duplicates])
        .select_related("talk__event")
        .order_by("talk__event__start_date", "talk__title", "talk_id", "order")
    )
    by_talk = [list(group) for _, group in groupby(entries, key=lambda entry: entry.talk_id)]
    for group in by_talk:
        group.sort(key=lambda entry: (entry.speaker_id != keep.pk, entry.order))
    return by_talk


def speaker_merge_plan(*, keep: Speaker, duplicates: list[Speaker]) -> SpeakerMergePlan:
    """What speaker_merge would change, without changing anything."""
    plan = SpeakerMergePlan(keep=keep, duplicates=duplicates)
    for group in _entries_by_talk(keep, duplicates):
        (plan.talks_shared if len(group) > 1 else plan.talks_moved).append(group[0].talk)
    plan.aliases_created = [
        SpeakerAlias(speaker=keep, slug=duplicate.slug, name=duplicate.name)
        for duplicate in duplicates
    ]
    plan.aliases_moved = list(SpeakerAlias.objects.filter(speaker__in=duplicates))
    for detail in SPEAKER_DETAILS:
        if not getattr(keep, detail):
            values = [getattr(duplicate, detail) for duplicate in duplicates]
            if value := next((value for value in values if value), ""):
                plan.details_filled[detail] = value
    return plan


def _merge_talk_entries(keep: Speaker, duplicates: list[Speaker]) -> None:
    shared = [group for group in _entries_by_talk(keep, duplicates) if len(group) > 1]
    for group in shared:
        survivor, others = group[0], group[1:]
        first_place = min(entry.order for entry in group)
        # Delete first: (talk, speaker) and (talk, order) are unique.
        TalkSpeaker.objects.filter(pk__in=[entry.pk for entry in others]).delete()
        survivor.speaker = keep
        survivor.order = first_place
        survivor.save(update_fields=["speaker", "order"])
    TalkSpeaker.objects.filter(speaker__in=duplicates).update(speaker=keep)


def speaker_merge(*, keep: Speaker, duplicates: list[Speaker], editor: User) -> SpeakerMergePlan:
    """Fold `duplicates` into `keep` and delete them.

    Their talks move to `keep`, their slugs and names become aliases of `keep` (so that their
    old pages redirect), their own aliases follow, and `keep`'s blank details are filled in.
    """
    with transaction.atomic():
        keep, duplicates = lock_for_merge(keep, duplicates)
        plan = speaker_merge_plan(keep=keep, duplicates=duplicates)
        _merge_talk_entries(keep, duplicates)
        SpeakerAlias.objects.filter(speaker__in=duplicates).update(speaker=keep)
        for alias in plan.aliases_created:
            SpeakerAlias.objects.update_or_create(
                slug=alias.slug, defaults={"speaker": keep, "name": alias.name}
            )
        for detail, value in plan.details_filled.items():
            setattr(keep, detail, value)
        keep.full_clean()
        keep.save()
        finish_merge(keep=keep, duplicates=duplicates, editor=editor, summary=_summary(plan))
    return plan


def _summary(plan: SpeakerMergePlan) -> str:
    summary = (
        f"Talks moved: {len(plan.talks_moved)}; "
        f"shared talks kept once: {len(plan.talks_shared)}; "
        f"aliases moved: {len(plan.aliases_moved)}."
    )
    if plan.details_filled:
        summary += f" Filled in: {', '.join(plan.details_filled)}."
    return summary
