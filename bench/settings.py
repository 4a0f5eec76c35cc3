"""Production settings for the load test on 127.0.0.1 (bench/load_test.py), and nowhere else.

Every load-test client comes from the same address and writes many notes a minute, which the
rate limits rightly refuse; they are raised here so that the run measures the server, not the
limiter. Everything else is production's.
"""

from confnotes.settings.production import *  # noqa: F403
from confnotes.settings.production import RATE_LIMITS

RATE_LIMITS = {
    scope: {kind: (1_000_000, seconds) for kind, (_, seconds) in limits.items()}
    for scope, limits in RATE_LIMITS.items()
}
