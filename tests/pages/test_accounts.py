"""Accounts: sign up, log in and out (with lockout), passwords, my contributions."""

import datetime
import os
import re
import subprocess
import sys
import time

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.urls import reverse, reverse_lazy

from events.models import EventStatus
from people.models import User
from people.sign_up import SIGN_UP_SALT
from talks.models import NoteStatus, TalkStatus
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import EventFactory, NoteFactory, ReviewFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SIGNUP_URL = reverse("signup")
LOGIN_URL = reverse("login")


def sign_up_data(**overrides):
    return {"username": "grace", "email": "grace@example.org", "website": ""} | overrides


def finish_data(**overrides):
    password = "a sturdy passphrase 42"
    return {"username": "grace", "password1": password, "password2": password} | overrides


def mailed_link(message) -> str:
    return re.search(r"http://testserver(/accounts/\S+)", message.body).group(1)


def main_part(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_sign_up_mails_a_link_and_creates_nothing_yet(client):
    response = client.post(SIGNUP_URL, sign_up_data())
    assert response.status_code == 302
    assert response.url == reverse("signup-sent")
    assert User.objects.count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@example.org"]
    assert mail.outbox[0].subject == "Finish creating your confnotes account"
    assert mail.outbox[0].body.startswith(
        "Someone, hopefully you, asked to create a confnotes account with this email address."
        "\n\nChoose your password here to finish, within 3 days:\nhttp://testserver/accounts/"
    )


def test_sign_up_link_lets_the_owner_choose_a_password_and_logs_in(client):
    client.post(SIGNUP_URL, sign_up_data())
    link = mailed_link(mail.outbox[0])

    page = client.get(link)
    done = client.post(link, finish_data())

    user = User.objects.get()
    assert page.status_code == 200
    assert page.context["form"]["username"].value() == "grace"
    assert "Your address is confirmed: grace@example.org." in page.content.decode()
    assert done.status_code == 302
    assert done.url == reverse("my-contributions")
    assert (user.username, user.email, user.is_staff) == ("grace", "grace@example.org", False)
    assert user.check_password("a sturdy passphrase 42")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_up_link_lets_the_username_change(client):
    client.post(SIGNUP_URL, sign_up_data())
    client.post(mailed_link(mail.outbox[0]), finish_data(username="grace_h"))
    assert User.objects.get().username == "grace_h"


def test_sign_up_link_refuses_a_username_taken_meanwhile_and_keeps_the_form(client):
    client.post(SIGNUP_URL, sign_up_data())
    UserFactory(username="GRACE", email="someone.else@example.org")
    response = client.post(mailed_link(mail.outbox[0]), finish_data())
    assert response.context["form"].errors == {
        "username": ["A user with that username already exists."]
    }
    assert response.context["form"]["username"].value() == "grace"
    assert User.objects.count() == 1


def test_sign_up_returns_to_a_safe_next_page_only(client):
    talk = TalkFactory()
    client.post(SIGNUP_URL, sign_up_data(next=talk.get_absolute_url()))
    client.post(
        SIGNUP_URL, sign_up_data(username="eve", email="eve@x.org", next="https://evil.example/")
    )
    safe = client.post(mailed_link(mail.outbox[0]), finish_data())
    client.logout()
    unsafe = client.post(mailed_link(mail.outbox[1]), finish_data(username="eve"))
    assert safe.url == talk.get_absolute_url()
    assert unsafe.url == reverse("my-contributions")


def test_sign_up_with_an_address_in_use_looks_the_same_and_tells_its_owner(client):
    owner = UserFactory(username="Ada", email="ADA@example.org")
    new = client.post(SIGNUP_URL, sign_up_data(), follow=True)
    taken = client.post(
        SIGNUP_URL, sign_up_data(username="ada2", email="ada@example.org"), follow=True
    )

    assert (taken.status_code, taken.redirect_chain) == (new.status_code, new.redirect_chain)
    assert [t.name for t in taken.templates] == [t.name for t in new.templates]
    assert main_part(taken) == main_part(new)
    assert "Check your email" in main_part(taken)
    assert list(User.objects.values_list("username", flat=True)) == ["Ada"]
    assert len(mail.outbox) == 2
    to_owner = mail.outbox[1]
    assert (to_owner.to, to_owner.subject) == (
        ["ADA@example.org"],
        "You already have a confnotes account",
    )
    assert to_owner.body.startswith(
        "Someone, hopefully you, tried to sign up on confnotes with this email address. It "
        "already has an account, under the username Ada, so no other account was created."
        "\n\nLog in here:\nhttp://testserver/accounts/login/\n"
    )
    reset_link = re.search(r"http://testserver(/accounts/reset/\S+)", to_owner.body).group(1)
    assert client.get(reset_link).url == f"/accounts/reset/{reset_link.split('/')[3]}/set-password/"
    assert owner.check_password(PASSWORD)


def test_sign_up_link_followed_again_says_the_account_exists(client):
    client.post(SIGNUP_URL, sign_up_data())
    link = mailed_link(mail.outbox[0])
    client.post(link, finish_data())
    client.logout()

    again = client.get(link)
    posted_again = client.post(link, finish_data(username="grace2"))

    assert "<h1>An account already uses this address</h1>" in again.content.decode()
    assert "<h1>An account already uses this address</h1>" in posted_again.content.decode()
    assert User.objects.count() == 1


def test_sign_up_link_altered_or_expired_asks_to_sign_up_again(client):
    class SignedFourDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)

    client.post(SIGNUP_URL, sign_up_data())
    altered = mailed_link(mail.outbox[0])[:-2] + "x/"
    old_token = SignedFourDaysAgo(salt=SIGN_UP_SALT).sign_object(
        ["grace", "grace@example.org", ""], compress=True
    )

    for link in [altered, reverse("signup-finish", args=[old_token])]:
        response = client.post(link, finish_data())
        assert "<h1>This link has expired or is incomplete</h1>" in response.content.decode()
    assert User.objects.count() == 0


def test_sign_up_honeypot_refuses_and_keeps_the_typed_fields(client):
    response = client.post(SIGNUP_URL, sign_up_data(website="https://spam.example"))
    assert response.context["form"].errors == {
        "website": ["This field must stay empty: it is here to catch spam robots."]
    }
    assert response.context["form"]["username"].value() == "grace"
    assert len(mail.outbox) == 0


def test_sign_up_refuses_a_taken_username_whatever_its_case(client):
    UserFactory(username="Grace")
    response = client.post(SIGNUP_URL, sign_up_data())
    assert response.context["form"].errors == {
        "username": ["A user with that username already exists."]
    }
    assert len(mail.outbox) == 0


def test_sign_up_page_hides_the_honeypot_from_people(client):
    html = client.get(SIGNUP_URL).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_login_and_logout(client):
    user = UserFactory(username="ada")
    response = client.post(LOGIN_URL, {"username": "ada", "password": PASSWORD})
    assert response.url == reverse("my-contributions")
    assert client.session[SESSION_KEY] == str(user.pk)
    logout = client.post(reverse("logout"))
    assert logout.url == reverse("home")
    assert SESSION_KEY not in client.session


def test_login_locks_out_after_five_failures_for_that_username_and_address(client):
    UserFactory(username="ada")
    failures = [
        client.post(LOGIN_URL, {"username": username, "password": "wrong"}).status_code
        for username in ["ada", "ADA", "Ada", "ada", "aDa"]
    ]
    locked = client.post(LOGIN_URL, {"username": "ada", "password": PASSWORD})
    elsewhere = client.post(
        LOGIN_URL, {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Try again in 15 minutes." in locked.content.decode()
    assert elsewhere.status_code == 302
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("login_url", [LOGIN_URL, reverse_lazy("admin:login")])
def test_overlong_username_is_refused_and_counted_towards_the_lockout(client, login_url):
    failures = [
        client.post(login_url, {"username": "a" * 256, "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert failures == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().username == "a" * 255


def test_four_failures_do_not_lock_out(client):
    UserFactory(username="ada")
    for _ in range(4):
        client.post(LOGIN_URL, {"username": "ada", "password": "wrong"})
    assert client.post(LOGIN_URL, {"username": "ada", "password": PASSWORD}).status_code == 302


def test_lockout_settings():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds()) == (5, 900)


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another sturdy passphrase",
            "new_password2": "another sturdy passphrase",
        },
    )
    user.refresh_from_db()
    assert response.url == reverse("password_change_done")
    assert user.check_password("another sturdy passphrase")


def test_password_reset_mails_a_working_link(client):
    user = UserFactory(email="ada@example.org")
    response = client.post(reverse("password_reset"), {"email": "ada@example.org"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your confnotes password"
    assert mail.outbox[0].to == ["ada@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    done = client.post(
        form_url, {"new_password1": "a new passphrase 7", "new_password2": "a new passphrase 7"}
    )
    user.refresh_from_db()
    assert done.url == reverse("password_reset_complete")
    assert user.check_password("a new passphrase 7")


def test_mail_settings_come_from_the_environment():
    environment = os.environ | {
        "EMAIL_URL": "smtp+tls://mailer:s3cret@mail.example.org:587",
        "EMAIL_PORT": "2525",
        "DEFAULT_FROM_EMAIL": "notes@example.org",
    }
    code = (
        "from confnotes.settings import base as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
        "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "2525",
        "mailer",
        "s3cret",
        "True",
        "notes@example.org",
    ]


def test_my_contributions_lists_everything_i_wrote_with_its_status(client):
    me = UserFactory()
    proposal = programme_propose(
        proposer=me,
        event=EventFactory(),
        talks=[ProposedTalk(title="My proposal", speaker_names=["Ada"], languages=["en"])],
    )
    NoteFactory(author=me, body="draft", status=NoteStatus.DRAFT, published_at=None)
    NoteFactory(author=me, status=NoteStatus.REJECTED, moderation_reason="Off topic")
    NoteFactory(author=me)
    ReviewFactory(author=me, rating=5)
    NoteFactory(body="someone else's")
    client.force_login(me)

    response = client.get(reverse("my-contributions"))
    html = response.content.decode()
    contributions = response.context["contributions"]

    assert sorted(note.status for note in contributions.notes) == ["draft", "published", "rejected"]
    assert [review.rating for review in contributions.reviews] == [5]
    assert list(contributions.proposals) == [proposal]
    assert "Off topic" in html and "Awaiting review" in html and "Draft" in html


@time_machine.travel(datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC), tick=False)
def test_my_contributions_link_public_talks_and_write_dates_as_the_site_does(client):
    me = UserFactory()
    published = NoteFactory(author=me, talk=TalkFactory(title="Public talk", event__name="DevFest"))
    pending = NoteFactory(
        author=me, status=NoteStatus.PENDING, talk=TalkFactory(title="Another public talk")
    )
    NoteFactory(author=me, talk=TalkFactory(title="Proposed talk", status=TalkStatus.PENDING))
    review = ReviewFactory(author=me, talk=TalkFactory(title="Reviewed talk"))
    programme_propose(
        proposer=me,
        event=EventFactory(status=EventStatus.PENDING),
        talks=[ProposedTalk(title="My proposal", speaker_names=["Ada"], languages=["en"])],
    )
    client.force_login(me)

    html = client.get(reverse("my-contributions")).content.decode()

    # Each title in its own language, English here.
    assert f'<a href="{published.get_absolute_url()}" lang="en">Public talk</a>' in html
    another = pending.talk.get_absolute_url()
    assert f'<a href="{another}" lang="en">Another public talk</a>' in html
    assert f'<a href="{review.talk.get_absolute_url()}" lang="en">Reviewed talk</a>' in html
    assert '<td><span lang="en">Proposed talk</span> ' in html
    assert '<span class="talk-meta">DevFest</span>' in html and "· DevFest" not in html
    assert html.count("<td>Dec. 4, 2026</td>") == 3 and "12/04/2026" not in html
    assert "Sent on Dec. 4, 2026, 1 talk" in html
    # The pending note and the proposed talk.
    assert html.count("Awaiting review") == 2 and "Pending review" not in html


def _fill_contributions(user, count):
    for _ in range(count):
        proposal = programme_propose(
            proposer=user,
            event=EventFactory(),
            talks=[
                ProposedTalk(title=title, speaker_names=["Ada"], languages=["en"])
                for title in ("First", "Second")
            ],
        )
        talk = proposal.talks.first()
        NoteFactory(author=user, talk=talk)
        ReviewFactory(author=user, talk=talk)


@pytest.mark.parametrize("count", [1, 12])
def test_my_contributions_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    me = UserFactory()
    _fill_contributions(me, count)
    client.force_login(me)
    # Session, user, notes, reviews, proposals with their events, their talks.
    with django_assert_num_queries(6):
        response = client.get(reverse("my-contributions"))
    assert len(response.context["contributions"].notes) == count


def form_notice(response) -> str:
    html = main_part(response)
    notice = html[html.index('<div class="notice notice-error" role="alert">') :]
    return re.sub(r"[ \t\n]+", " ", notice[: notice.index("</div>")])


def test_failed_login_asks_for_the_password_again(client):
    UserFactory(username="ada")
    response = client.post(LOGIN_URL, {"username": "ada", "password": "wrong"})
    notice = form_notice(response)
    assert response.status_code == 200
    assert (
        "<p>You are not logged in. Your username is still below: type your password again.</p>"
    ) in notice
    assert "Everything you typed is still here" not in notice
    assert 'value="ada"' in main_part(response)


def test_failed_login_asks_for_the_password_again_in_french(client):
    response = client.post(
        LOGIN_URL, {"username": "ada", "password": "wrong"}, headers={"Accept-Language": "fr"}
    )
    assert (
        "<p>Vous n’êtes pas connecté. Votre nom d’utilisateur est toujours là, plus bas\xa0: "  # noqa: RUF001
        "tapez à nouveau votre mot de passe.</p>"
    ) in form_notice(response)


def test_failed_password_change_says_the_passwords_must_be_typed_again(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    notice = form_notice(response)
    assert (
        "Nothing was saved yet: please correct what is marked below. The other fields are "
        "still filled in, but passwords are never shown again: type them again."
    ) in notice
    assert "Everything you typed is still here" not in notice


def test_failed_sign_up_keeps_saying_everything_typed_is_still_here(client):
    response = client.post(SIGNUP_URL, sign_up_data(email="not an address"))
    assert (
        "Nothing was saved yet: please correct what is marked below. "
        "Everything you typed is still here."
    ) in form_notice(response)
