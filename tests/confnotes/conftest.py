from contextlib import contextmanager

import pytest
from django.db import connection


@pytest.fixture
def database_outage(django_db_blocker, tmp_path):
    """A context manager during which the database server cannot be reached.

    The connection is pointed at an empty directory instead of the server's socket, so every
    attempt to connect fails the way it does while PostgreSQL restarts. Tests using it within
    a test database need `django_db(transaction=True)`: the connection is closed on entry.
    """

    @contextmanager
    def outage():
        settings_dict = connection.settings_dict
        real_host = settings_dict["HOST"]
        with django_db_blocker.unblock():
            connection.close()
            settings_dict["HOST"] = str(tmp_path)
            try:
                yield
            finally:
                connection.close()
                settings_dict["HOST"] = real_host

    return outage
