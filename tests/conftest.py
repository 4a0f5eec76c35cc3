import pytest

from confnotes.embedded_db import start_unless_external
from people.services import user_make_editor
from tests.factories import UserFactory


def pytest_configure(config):
    # Django's test database lives on the embedded server unless DATABASE_URL names one.
    start_unless_external()


@pytest.fixture
def editor(db):
    """A staff member in the Editors group, as editors are in production."""
    user = UserFactory(username="editor")
    user_make_editor(user=user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def attendee(db):
    return UserFactory(username="attendee")
