"""Production settings for the benchmarks on 127.0.0.1 (bench/run.py, bench/load_test.py),
and nowhere else.

Every benchmark client comes from the same address, writes many notes a minute and reads the
JSON API thousands of times, which the rate limits rightly refuse; they are raised here so
that the runs measure the server, not the limiter. The URLs add the hello-world view that
bench/run.py compares every page with. Everything else is production's.
"""

from confnotes.settings.production import *  # noqa: F403
from confnotes.settings.production import RATE_LIMITS

ROOT_URLCONF = "bench.urls"
RATE_LIMITS = {
    scope: {kind: (1_000_000, seconds) for kind, (_, seconds) in limits.items()}
    for scope, limits in RATE_LIMITS.items()
}
API_ANONYMOUS_RATE = "1000000/minute"
