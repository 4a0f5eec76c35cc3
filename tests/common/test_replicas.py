"""Read replicas in one process: which database each request reads, read-your-writes, a
replica that does not answer or fails mid-request. The replica is the test settings' mirror
of the test database; tests/common/test_replicas_streaming.py uses a real streaming one."""

import pytest
import time_machine
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from common.replicas import health
from common.replicas.middleware import READ_YOUR_WRITES_COOKIE
from tests.factories import NoteFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_0"])


@pytest.fixture
def replica(settings):
    """replica_0 in use, measured afresh, with the connections' queries captured."""
    settings.DATABASE_REPLICAS = ["replica_0"]
    health.forget_states()
    yield connections["replica_0"]
    health.forget_states()
    connections["replica_0"].close()


@pytest.fixture
def note():
    return NoteFactory(body="- what the **replica** serves")


class Queries:
    """The queries each database received within the block."""

    def __enter__(self):
        self.on_primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.on_replica = CaptureQueriesContext(connections["replica_0"]).__enter__()
        return self

    def __exit__(self, *exc_info):
        self.on_replica.__exit__(*exc_info)
        self.on_primary.__exit__(*exc_info)


def test_anonymous_page_reads_from_the_replica(client, replica, note):
    assert health.usable_replicas() == ["replica_0"]

    with Queries() as queries:
        response = client.get(note.talk.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>replica</strong>" in response.content.decode()
    assert len(queries.on_replica) > 0
    assert queries.on_primary.captured_queries == []


def test_signed_in_reader_reads_from_the_primary(client, replica, note):
    client.force_login(UserFactory())
    health.usable_replicas()

    with Queries() as queries:
        response = client.get(note.talk.get_absolute_url())

    assert "<strong>replica</strong>" in response.content.decode()
    assert queries.on_replica.captured_queries == []
    assert len(queries.on_primary) > 0


def test_client_that_wrote_reads_from_the_primary_for_a_while(client, replica, settings, note):
    settings.DATABASE_READ_YOUR_WRITES_SECONDS = 15
    health.usable_replicas()
    with time_machine.travel("2026-03-01 10:00:00Z", tick=False) as clock:
        posted = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert posted.cookies[READ_YOUR_WRITES_COOKIE]["max-age"] == 15
        assert posted.cookies[READ_YOUR_WRITES_COOKIE]["httponly"] is True

        clock.shift(14)
        with Queries() as soon_after:
            client.get(note.talk.get_absolute_url())
        clock.shift(2)
        health.forget_states()
        health.usable_replicas()
        with Queries() as later:
            client.get(note.talk.get_absolute_url())

    assert soon_after.on_replica.captured_queries == []
    assert len(soon_after.on_primary) > 0
    assert len(later.on_replica) > 0
    assert later.on_primary.captured_queries == []


def test_forged_read_your_writes_cookie_is_ignored(client, replica, note):
    client.cookies[READ_YOUR_WRITES_COOKIE] = "1"
    health.usable_replicas()

    with Queries() as queries:
        client.get(note.talk.get_absolute_url())

    assert len(queries.on_replica) > 0
    assert queries.on_primary.captured_queries == []


def test_replica_that_does_not_answer_is_skipped(client, replica, note, tmp_path):
    replica.close()
    replica.settings_dict["HOST"], real_host = str(tmp_path), replica.settings_dict["HOST"]
    try:
        assert health.usable_replicas() == []
        with CaptureQueriesContext(connections["default"]) as on_primary:
            response = client.get(note.talk.get_absolute_url())
    finally:
        replica.close()
        replica.settings_dict["HOST"] = real_host

    assert response.status_code == 200
    assert "<strong>replica</strong>" in response.content.decode()
    assert len(on_primary) > 0


def test_replica_lost_mid_request_is_read_again_from_the_primary(client, replica, note):
    assert health.usable_replicas() == ["replica_0"]
    replica.ensure_connection()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [replica.connection.info.backend_pid])

    with Queries() as queries:
        response = client.get(note.talk.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>replica</strong>" in response.content.decode()
    assert len(queries.on_primary) > 0
    # Left aside until its next check.
    assert health.usable_replicas() == []


def test_replica_of_the_primary_itself_is_not_behind(replica):
    assert health.replica_lag("replica_0") == 0.0


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "talks", model_name="note") is True
    assert router.allow_migrate("replica_0", "talks", model_name="note") is False
