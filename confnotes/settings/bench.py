"""Settings for `make bench`: production's middleware and DEBUG off, on loopback HTTP."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "benchmark-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
