"""Settings for the test suite."""

import copy

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files from the apps and static/ directly, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests assert behaviour, never speed: an ordinary search must not time out on a busy machine.
# The tests of the time limit set their own, and hold a lock so that the search waits.
SEARCH_TIMEOUT_MS = 600_000
# Tests page through the JSON API many times over; the tests of its rate limit set their own.
API_ANONYMOUS_RATE = "100000/minute"

# One replica, a mirror of the test database (Django's TEST MIRROR): the same database through
# a connection of its own, so that no test database is created for it. The ordinary tests read
# from the primary, within their transaction; the replica tests list it in DATABASE_REPLICAS.
# The tests against a real streaming replica run a server of their own
# (tests/common/test_replicas_streaming.py).
DATABASES["replica_0"] = {  # noqa: F405
    **copy.deepcopy(DATABASES["default"]),  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
DATABASE_REPLICAS = []
