"""Who manages accounts, as README.md and docs/editors.md say: a superuser, created with the
command the README gives, adds an attendee to the Trusted group; an editor cannot."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

README = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")


def readme_superuser_command() -> list[str]:
    commands = re.findall(r"^\.venv/bin/python manage\.py (createsuperuser.*)$", README, re.M)
    assert len(commands) == 1, "README.md says how to create a superuser, once"
    return commands[0].split()


def test_the_readme_command_creates_a_superuser_who_adds_an_attendee_to_trusted(
    client, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a sturdy passphrase 42")
    name, *arguments = readme_superuser_command()
    call_command(name, *arguments, "--noinput", "--username", "root", "--email", "root@example.org")
    attendee = UserFactory(username="grace")
    trusted = Group.objects.get(name="Trusted")
    superuser = User.objects.get(username="root")
    assert superuser.is_superuser
    assert superuser.check_password("a sturdy passphrase 42")
    client.force_login(superuser)
    change_url = reverse("admin:people_user_change", args=[attendee.pk])

    response = client.post(
        change_url,
        {
            "username": "grace",
            "email": attendee.email,
            "is_active": "on",
            "groups": [trusted.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302
    assert list(attendee.groups.values_list("name", flat=True)) == ["Trusted"]


def test_an_editor_cannot_open_an_account_in_the_admin(client, editor):
    attendee = UserFactory(username="grace")
    client.force_login(editor)
    response = client.get(reverse("admin:people_user_change", args=[attendee.pk]))
    assert response.status_code == 403
