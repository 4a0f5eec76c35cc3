"""Settings shared by every environment; values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from confnotes import embedded_db
from talks.media import frame_origins

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # Django's admin, on confnotes' own site (common/curation/site.py).
    "common.curation.apps.CurationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Its templates for the sitemaps (pages/sitemaps.py); without the sites framework, the
    # addresses are at the request's host.
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    # Country names in the visitor's language, for the country of a proposed event.
    "django_countries",
    "django_htmx",
    "template_partials",
    "taggit",
    "csp",
    "pgtrigger",
    # The JSON API (api/, docs/api.md), its OpenAPI schema and its documentation page.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "confnotes",
    "common",
    "people",
    "events",
    "talks",
    "pages",
    # Last, as django-axes recommends: it wraps the other apps' authentication.
    "axes",
]

MIDDLEWARE = [
    # First: load balancer and container probes come over plain HTTP with any Host header.
    "common.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # In every environment, so that the test suite meets policy violations before production.
    "csp.middleware.CSPMiddleware",
    # Before the session: its 503 page must not need the database the session lives in.
    "common.outage.DatabaseUnavailableMiddleware",
    # Inside the outage page, whose 503 it spares a request that a replica failed: the request
    # is run again on the primary. Outside the page cache, whose content version must be read
    # from the database that the page is (common/replicas/middleware.py).
    "common.replicas.middleware.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ETags of content and 304 answers for every GET (the JSON API's included), using the
    # validators that the page cache below sets when it has set them.
    "django.middleware.http.ConditionalGetMiddleware",
    # After the language, which its key holds; outside the CSRF, messages and session
    # middleware, so that it sees every cookie they set (common/page_cache.py).
    "common.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads a parameter; after the language and the user, for its 400 page.
    "common.unreadable.UnreadableParametersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "confnotes.urls"
WSGI_APPLICATION = "confnotes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # `{% url %}` remembered: every page reverses a dozen addresses or more.
            "builtins": ["common.templatetags.remembered_urls"],
        },
    },
]

# DATABASE_URL selects an external server; without it confnotes runs its own embedded
# PostgreSQL (see confnotes/embedded_db.py), started by manage.py, wsgi.py and the tests.
EMBEDDED_DATABASE = not env.str("DATABASE_URL", default="")
if EMBEDDED_DATABASE:
    DATABASES = {"default": embedded_db.database_settings()}
else:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"

# Read replicas (common/replicas/, docs/scaling.md): DATABASE_REPLICA_URLS lists zero or more
# read-only copies of the database, separated by commas, written as DATABASE_URL is. They
# become the databases replica_0, replica_1, ... Anonymous readers' pages are read from one of
# them; everything else, and every write, goes to the primary ("default").
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    DATABASE_REPLICAS.append(f"replica_{_number}")
    DATABASES[f"replica_{_number}"] = env.db_url_config(_url)
    DATABASES[f"replica_{_number}"]["ENGINE"] = "django.db.backends.postgresql"
DATABASE_ROUTERS = ["common.replicas.routing.ReplicaRouter"]
# A replica further behind the primary than this is left aside until it catches up; how far
# behind each replica is gets measured at most every DATABASE_REPLICA_CHECK_SECONDS, in each
# process.
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=10)
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=5)
# After a write (any POST, PUT, PATCH or DELETE), the client reads from the primary for this
# long: by default, as long as a replica in use may be behind.
DATABASE_READ_YOUR_WRITES_SECONDS = env.float(
    "DATABASE_READ_YOUR_WRITES_SECONDS",
    default=DATABASE_REPLICA_MAX_LAG_SECONDS + DATABASE_REPLICA_CHECK_SECONDS,
)

for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    # A connection broken by a database restart is noticed and replaced at the next request.
    _database["CONN_HEALTH_CHECKS"] = True
    # An unreachable server fails the request quickly (a 503 page, or the primary instead of a
    # replica) instead of tying up a worker.
    _database.setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )

# Redis when REDIS_URL is set, so that every web replica shares the cache (and the rate
# limits kept in it); otherwise each process keeps its own in memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Seconds: a Redis that stops answering must not hang the request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous readers' pages (common/page_cache.py, docs/operations.md). Pages are kept in the
# cache above, keyed by the content version that the database changes with every write to
# what they show, for at most PAGE_CACHE_SECONDS; CONFNOTES_PAGE_CACHE=off turns that off
# (ETags, 304 answers and Cache-Control stay). Shared caches in front of the site (a CDN,
# Varnish) may keep a page PAGE_CACHE_SHARED_MAX_AGE seconds, then serve it for
# PAGE_CACHE_STALE_WHILE_REVALIDATE more while they ask again; browsers always ask again.
PAGE_CACHE = env.bool("CONFNOTES_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_SHARED_MAX_AGE = env.int("PAGE_CACHE_SHARED_MAX_AGE", default=60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=60)
# Left to set their own headers: the JSON API varies on Accept and validates its own content
# (docs/api.md), the admin and the accounts pages are for signed-in users or carry a CSRF
# token, the language switcher only redirects.
PAGE_CACHE_EXCLUDED_PATHS = ["/api/", "/admin/", "/accounts/", "/i18n/"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-contributions"
LOGOUT_REDIRECT_URL = "home"

# A failed CSRF check shows what was posted, so that nothing typed is lost.
CSRF_FAILURE_VIEW = "common.views.csrf_failure"

# Mail (password resets): EMAIL_URL such as smtp+tls://user:password@mail.example.org:587,
# or the separate EMAIL_HOST, EMAIL_PORT, ... variables, which win over EMAIL_URL.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = env.str("EMAIL_HOST", default=_email["EMAIL_HOST"])
EMAIL_PORT = env.int("EMAIL_PORT", default=_email["EMAIL_PORT"])
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default=_email["EMAIL_HOST_USER"] or "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default=_email["EMAIL_HOST_PASSWORD"] or "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=_email.get("EMAIL_USE_SSL", False))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="confnotes <noreply@localhost>")

# A conference's programme is one form of up to 200 talks (pages/forms/programmes.py) of about
# eight fields each: Django's default limit of 1,000 fields would refuse a large one.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_500

# Writes allowed per signed-in user and per client IP address, as (count, seconds), per kind
# of write, counted in the cache (shared by every process once REDIS_URL is set). Generous per
# IP: a whole conference room often shares one address.
RATE_LIMITS = {
    "note": {"user": (30, 3600), "ip": (100, 3600)},
    "review": {"user": (30, 3600), "ip": (100, 3600)},
    # A proposal counts once, whatever it holds: one talk, or a conference with its programme.
    "proposal": {"user": (10, 3600), "ip": (30, 3600)},
    "signup": {"ip": (10, 3600)},
    "password-reset": {"ip": (5, 3600)},
    # Readers' reports on notes (pages/views/reports.py), signed in or not.
    "report": {"user": (10, 3600), "ip": (10, 3600)},
    # Attendees filling the programme form from a schedule file or address: each one reads,
    # or downloads, a file.
    "schedule-read": {"user": (20, 3600), "ip": (60, 3600)},
    # Editors' schedule uploads and fetches in the admin: each one reads, or downloads, a file.
    "schedule-import": {"user": (60, 3600)},
}

# Whether common/fetching.py may fetch from loopback addresses (127.0.0.1, ::1). Only the
# tests turn it on, for their local HTTP server; a server fetching its own ports on someone's
# word is what it must never do.
FETCH_ALLOW_LOOPBACK = False
# How many proxies in front of confnotes append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Login lockout (django-axes): 5 failed attempts for one username from one address lock that
# pair out for 15 minutes. Locking per address alone would lock out a whole conference room.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pages.views.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "common.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "common.ratelimit.login_username"

TAGGIT_CASE_INSENSITIVE = True

# The PeerTube instances whose videos a talk page recognises and plays (talks/media.py): any
# host may run PeerTube, and the Content Security Policy lists each one it lets in.
PEERTUBE_INSTANCES = env.list(
    "PEERTUBE_INSTANCES",
    default=["framatube.org", "peertube.debian.social", "video.blender.org", "tilvids.com"],
)

# Where talks/services/slides.py asks Speaker Deck and SlideShare for a deck's player, when
# slides' addresses are saved; how long each fetch may take, and the largest PDF slides copied.
SPEAKER_DECK_OEMBED_URL = env.str(
    "SPEAKER_DECK_OEMBED_URL", default="https://speakerdeck.com/oembed.json"
)
SLIDESHARE_OEMBED_URL = env.str(
    "SLIDESHARE_OEMBED_URL", default="https://www.slideshare.net/api/oembed/2"
)
SLIDES_FETCH_TIMEOUT = 20
SLIDES_PDF_MAX_BYTES = 20 * 1024 * 1024

# No inline script or style anywhere: JavaScript and CSS are static files. A <script> that
# must stay inline carries nonce="{{ request.csp_nonce }}". Pages frame only the players
# of talks/media.py (the site itself for copies of PDF slides), once the reader asks for one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-src": frame_origins(peertube_instances=PEERTUBE_INSTANCES),
    },
}

# The JSON API (api/, docs/api.md): read-only and anonymous for everyone, so that a password
# is never tried there, out of django-axes' sight.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # `format` is the finder's filter of talk formats, not a choice of renderer.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClientThrottle"],
    # Clients are told apart by the address that the trusted proxies saw.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
}
# Requests per client address, counted in the cache like the site's rate limits.
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "confnotes API",
    "DESCRIPTION": "Conference notes from the community, as open data: read-only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Full-text search (talks/search/, docs/search.md). A backstop: longer searches are
# cancelled.
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=2000)
# A text found in more talks keeps the best of this many whose own text matches, and of this
# many more found anywhere (notes included) when fewer do: below, a search is exhaustive.
SEARCH_MATCHES_KEPT = env.int("SEARCH_MATCHES_KEPT", default=300)
