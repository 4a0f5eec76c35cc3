"""`make run`'s local account shows the real editor experience: staff, Editors, no superuser."""

import io

import pytest
from django.core.management import call_command

from people.models import User
from people.services import EDITORS_GROUP_NAME
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_settings(settings):
    settings.DEBUG = True
    settings.EMBEDDED_DATABASE = True
    # An event already there: the demo data is not loaded again.
    EventFactory()


def _local_editor():
    editor = User.objects.get(username="editor")
    groups = list(editor.groups.values_list("name", flat=True))
    return editor.is_staff, editor.is_superuser, groups, editor.check_password("editor")


def test_prepare_local_creates_an_editor_who_is_not_a_superuser(local_settings):
    call_command("prepare_local", stdout=io.StringIO())

    assert _local_editor() == (True, False, [EDITORS_GROUP_NAME], True)


def test_prepare_local_turns_an_older_superuser_editor_into_an_editor(local_settings):
    UserFactory(username="editor", password="editor", is_staff=True, is_superuser=True)

    call_command("prepare_local", stdout=io.StringIO())

    assert _local_editor() == (True, False, [EDITORS_GROUP_NAME], True)
