"""Settings for the test suite."""

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
