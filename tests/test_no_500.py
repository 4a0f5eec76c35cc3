"""No input gives a 500: every URL pattern, every parameter and form field, hostile values.

The walk starts from the home page, the admin index and a password reset link as three
visitors (anonymous, a signed-in attendee, a superuser), and follows every link, form,
redirection and htmx address it finds: it reaches each URL pattern with real objects in its
arguments. A pattern no link leads to is tried with the arguments links showed elsewhere; one
still unreached fails the test, so that a new page is covered the day it is added.

Each page then gets a hostile value in each of its parameters, one at a time: its path
arguments, the query parameters its view asked for (watched on Django's QueryDict), those of
the links and GET forms that lead to it, and for admin lists those of their list filters. Each
form found is posted with a hostile value in each field, the others as the page filled them.
Public pages and forms try each parameter with a value of every family of hostile values (empty,
NUL, undecodable, digits that are not ASCII, out of range, huge, query syntax) and every value
on at least one parameter; the admin's, many and alike, each parameter and each value at least
once (see plan()). Every request runs in a transaction
rolled back afterwards, with the visitor's cookies and the cache restored: each one starts
from the same catalogue. The test prints how many patterns, parameters and requests it tried.

The hostile requests are shared out between SHARDS tests, by route and parameter, which
pytest-xdist runs side by side; each one walks the whole site first, and checks that every
pattern was reached.

Below the walk, Hypothesis types any text in the search boxes.
"""

import inspect
import itertools
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import parse_qsl, quote, quote_plus, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
)
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.curation.audit import log_editor_change
from events.services import ProposedEvent
from people.models import SpeakerAlias
from talks.models import NoteRevision, NoteStatus, ReviewStatus, TalkStatus, TopicAlias
from talks.search.query import MAX_TERMS, parse_query
from talks.services.programmes import ProposedTalk, programme_propose
from talks.services.schedule_uploads import schedule_upload_create
from tests.catalogue import make_catalogue
from tests.factories import NoteFactory, NoteReportFactory, ReviewFactory, TalkFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Hostile:
    """A class of hostile value, written as it goes into a query string or a form body."""

    name: str
    encoded: str
    repeat: int = 1

    def pairs(self, parameter: str) -> str:
        return "&".join([f"{quote_plus(parameter)}={self.encoded}"] * self.repeat)


# The hostile values by what they try: a parameter meets one value of each family, read by the
# same code as the family's others, which the route's other parameters meet.
HOSTILE_FAMILIES = (
    (Hostile("empty", ""),),
    (Hostile("NUL", "ab%00cd"),),
    (
        Hostile("invalid percent-encoding", "%ZZ"),
        Hostile("truncated UTF-8", "%C3"),
        Hostile("invalid UTF-8 byte", "%FF"),
        Hostile("lone surrogate", "%ED%A0%80"),
    ),
    (
        Hostile("superscript digit", quote("²")),
        Hostile("Arabic-Indic digit", quote("٣")),
        Hostile("circled digit", quote("①")),
    ),
    (Hostile("10^30", "1" + "0" * 30), Hostile("-1", "-1"), Hostile("0", "0")),
    (Hostile("100 KB", "a" * 100_000), Hostile("repeated 1000 times", "1", repeat=1000)),
    (
        Hostile("SQL", quote_plus("' OR 1=1--")),
        Hostile("tsquery operators", quote_plus("a & | !(b:*")),
        Hostile("tsquery phrase", quote_plus("<->")),
    ),
)
HOSTILE_VALUES = tuple(value for family in HOSTILE_FAMILIES for value in family)
# Two sessions, one by a speaker of the catalogue, in a track: the preview of its upload asks
# about the speaker and the track.
WALKED_SCHEDULE = json.dumps(
    {
        "schedule": {
            "conference": {
                "title": "Walk Conf",
                "acronym": "walk-conf",
                "start": "2025-10-16",
                "end": "2025-10-16",
                "days": [
                    {
                        "rooms": {
                            "Hall": [
                                {
                                    "guid": f"00000000-0000-4000-8000-00000000000{number}",
                                    "title": f"Walked talk {number}",
                                    "date": "2025-10-16T10:00:00+02:00",
                                    "duration": "00:30",
                                    "track": "Walking",
                                    "persons": [{"public_name": name}],
                                }
                                for number, name in enumerate(["Speaker 0x", "New Walker"])
                            ]
                        }
                    }
                ],
            }
        }
    }
).encode()
# Pages under it are sampled (see plan()).
ADMIN_PREFIX = reverse("admin:index").removeprefix("/")


# ---------------------------------------------------------------------------------------------
# The URL patterns


def _join(prefix: str, route: str) -> str:
    # As django.urls.resolvers.URLResolver joins the routes of a ResolverMatch.
    return prefix + route.removeprefix("^") if prefix else route


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def project_routes() -> list[str]:
    """Every URL pattern of the project, by its full route, without the ones shadowed by an
    identical route before them."""
    return list(dict.fromkeys(_routes(get_resolver())))


_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill_route(route: str, arguments: dict[str, str]) -> str:
    """The path of `route` with `arguments` (already percent-encoded) in its place holders."""
    path = _ARGUMENT.sub(lambda match: arguments[match[1] or match[2]], route)
    return "/" + path.replace("^", "").replace("$", "")


def route_of(url: str) -> tuple[str, dict[str, str]] | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.route, match.kwargs


# ---------------------------------------------------------------------------------------------
# Reading pages: links, forms and htmx addresses


# What a person would type in a required field left empty by the page, so that a hostile value
# in another field goes as deep as it can.
PLAUSIBLE = {
    "text": "Walker",
    "email": "walker@example.org",
    "password": "correct horse battery staple",
    "number": "1",
    "url": "https://example.org",
    "date": "2025-10-16",
}


@dataclass
class Form:
    """A form as a browser would send it: its fields in order, with their values."""

    method: str
    action: str
    fields: list[tuple[str, str | None]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)

    def names(self) -> list[str]:
        return list(dict.fromkeys([*(name for name, _ in self.fields), *self.selects]))

    def values(self) -> list[tuple[str, str]]:
        """What is sent as the page filled it; a select without a chosen option sends its first
        option with a value, so that an action form acts."""
        values = [(name, value) for name, value in self.fields if value is not None]
        for name, options in self.selects.items():
            if not any(value for chosen, value in values if chosen == name):
                values = [(chosen, value) for chosen, value in values if chosen != name]
                values.append((name, next((option for option in options if option), "")))
        return values


class PageReader(HTMLParser):
    """Collects the addresses a page leads to, and its forms."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        # GET addresses that htmx calls with fields of the page: (url, field names).
        self.htmx_gets: list[tuple[str, list[str]]] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def _absolute(self, address: str) -> str | None:
        url = urljoin(self.url, address)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
            return None
        if parts.path.startswith("/static/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "option" and self._select is not None:
            self._option(attributes)
            return
        if tag == "a" and "href" in attributes and not attributes["href"].startswith("#"):
            self._link(attributes["href"])
        if "data-ajax--url" in attributes:
            # Django's autocomplete widget asks with the field it fills.
            query = {
                "term": "",
                "app_label": attributes.get("data-app-label", ""),
                "model_name": attributes.get("data-model-name", ""),
                "field_name": attributes.get("data-field-name", ""),
            }
            self._link(
                attributes["data-ajax--url"] + "?" + "&".join(f"{k}={v}" for k, v in query.items())
            )
        if "hx-get" in attributes:
            included = re.findall(r"\[name=([\w-]+)\]", attributes.get("hx-include", ""))
            if not included and self._form is not None:
                included = self._form.names()
            url = self._absolute(attributes["hx-get"])
            if url:
                self.htmx_gets.append((url, included))
                self.links.append(url)
        if "hx-post" in attributes and self._form is not None:
            url = self._absolute(attributes["hx-post"])
            if url:
                form = Form("post", url, list(self._form.fields), dict(self._form.selects))
                form.fields += [
                    (name, str(value))
                    for name, value in json.loads(attributes.get("hx-vals") or "{}").items()
                ]
                self.forms.append(form)
        if tag == "form":
            method = attributes.get("method", "get").lower()
            action = self._absolute(attributes.get("action") or self.url)
            self._form = Form(method, action or self.url)
            self.forms.append(self._form)
        elif self._form is not None and "name" in attributes:
            self._field(tag, attributes)

    def _option(self, attributes: dict[str, str]) -> None:
        value = attributes.get("value", "")
        self._form.selects[self._select].append(value)
        if "selected" in attributes:
            self._form.fields.append((self._select, value))

    def _link(self, address: str) -> None:
        url = self._absolute(address)
        if url:
            self.links.append(url)

    def _field(self, tag: str, attributes: dict[str, str]) -> None:
        name = attributes["name"]
        kind = attributes.get("type", "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            checked = "checked" in attributes
            self._form.fields.append((name, attributes.get("value", "on") if checked else None))
        elif tag == "input" and kind in ("submit", "button", "image", "file", "reset"):
            # Sent only when pressed: a parameter to try, not sent as the page fills it.
            self._form.fields.append((name, None))
        elif tag == "input":
            value = attributes.get("value", "")
            if not value and "required" in attributes:
                value = PLAUSIBLE.get(kind, PLAUSIBLE["text"])
            self._form.fields.append((name, value))
        elif tag == "button":
            self._form.fields.append((name, None))
        elif tag == "textarea":
            self._textarea = name
            self._form.fields.append((name, PLAUSIBLE["text"] if "required" in attributes else ""))
        elif tag == "select":
            self._select = name
            self._form.selects[name] = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None and data.strip():
            name, _ = self._form.fields[-1]
            self._form.fields[-1] = (name, data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_page(url: str, html: str) -> PageReader:
    reader = PageReader(url)
    reader.feed(html)
    return reader


# ---------------------------------------------------------------------------------------------
# Requests


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """The names of the query and form parameters read from any QueryDict meanwhile."""
    read: set[str] = set()

    def recorder(original):
        def method(self, key, *args, **kwargs):
            read.add(key)
            return original(self, key, *args, **kwargs)

        return method

    with ExitStack() as stack:
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, name)
            stack.enter_context(mock.patch.object(QueryDict, name, recorder(original)))
        yield read


@dataclass(frozen=True)
class Failure:
    """A server error: the visitor, the request without its hostile value, and which value
    (by its class) went into which parameter."""

    role: str
    method: str
    url: str
    parameter: str
    value: str
    status: int

    def __str__(self) -> str:
        return f"{self.status}: {self.role} {self.method} {self.url} {self.parameter}={self.value}"


class Visitor:
    """One client, whose every request starts from the same database, cookies and cache."""

    def __init__(self, role: str, user=None):
        self.role = role
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        # The CSRF cookie, which the tokens of every form found will match.
        self.client.get(reverse("login"))
        self.requests = 0

    def request(self, method: str, url: str, body: str = ""):
        cookies = deepcopy(self.client.cookies)
        cache.clear()
        self.requests += 1
        with transaction.atomic():
            if method == "get":
                response = self.client.get(url)
            else:
                response = self.client.post(
                    url, body, content_type="application/x-www-form-urlencoded"
                )
            transaction.set_rollback(True)
        self.client.cookies = cookies
        return response


def with_parameter(url: str, parameter: str, value: Hostile) -> str:
    """`url` with `value` in `parameter`, instead of what it had there; its other parameters
    kept."""
    path, _, query = url.partition("?")
    kept = [
        f"{quote_plus(name)}={quote_plus(old)}"
        for name, old in parse_qsl(query, keep_blank_values=True)
        if name != parameter
    ]
    return f"{path}?{'&'.join([*kept, value.pairs(parameter)])}"


def form_body(form: Form, parameter: str = "", value: Hostile | None = None) -> str:
    """The form as the page filled it, with `value` in `parameter` if given."""
    kept = [
        f"{quote_plus(name)}={quote_plus(old)}" for name, old in form.values() if name != parameter
    ]
    return "&".join([*kept, value.pairs(parameter)] if value else kept)


# A field of a formset's row: its prefix, the row's number and the field's name.
ROW_FIELD = re.compile(r"(?P<prefix>.+)-(?P<row>\d+)-(?P<field>.+)")


def first_rows_only(names: tuple[str, ...]) -> tuple[str, ...]:
    """The form's fields, a formset's rows after its first left out: every row is read by the
    same form class, so a hostile value in the first row's field tries what it would in any."""
    return tuple(
        name
        for name in names
        if _first_row_field(name) == name or _first_row_field(name) not in names
    )


def _first_row_field(name: str) -> str:
    """The same field in the first row of its formset; a field outside a formset is its own."""
    row = ROW_FIELD.fullmatch(name)
    return name if row is None else f"{row['prefix']}-0-{row['field']}"


def plan(route: str, parameters: list[str], thorough: set[str]) -> list[tuple[str, Hostile]]:
    """The (parameter, value) pairs to try on a route. On a public route and for the `thorough`
    parameters: each parameter with a value of every family, and each value of every family on
    at least one parameter. For the other parameters of an admin route: each parameter and each
    value at least once. Values are paired differently from one route to the next (the same in
    every run), so that alike routes try many pairs between them."""
    public = not route.startswith(ADMIN_PREFIX)
    every = [parameter for parameter in parameters if public or parameter in thorough]
    sampled = [parameter for parameter in parameters if parameter not in every]
    offset = random.Random(route).randrange(len(HOSTILE_VALUES))
    pairs = [
        pair
        for family in (HOSTILE_FAMILIES if every else ())
        for pair in _paired(every, family, offset)
    ]
    if sampled:
        pairs += _paired(sampled, HOSTILE_VALUES, offset)
    return pairs


def _paired(parameters: list[str], values: tuple[Hostile, ...], offset: int):
    """Each parameter with a value and each value with a parameter, in turn from `offset`."""
    return [
        (parameters[index % len(parameters)], values[(index + offset) % len(values)])
        for index in range(max(len(parameters), len(values)))
    ]


# ---------------------------------------------------------------------------------------------
# The catalogue and the walk


@pytest.fixture
def visitors(attendee, superuser):
    """Every kind of object the pages show, each listed in the admin, some the attendee's."""
    event, speaker, topic = make_catalogue(1)
    talk = event.talks.get()
    own_note = NoteFactory(talk=talk, author=attendee)
    NoteFactory(talk=talk, author=attendee, status=NoteStatus.DRAFT, published_at=None)
    NoteRevision.objects.create(note=own_note, language="en", body="first", edited_by=attendee)
    NoteReportFactory(note=own_note, reporter=superuser)
    ReviewFactory(talk=talk, author=attendee, status=ReviewStatus.PUBLISHED)
    TalkFactory(event=event, status=TalkStatus.PENDING, proposed_by=attendee)
    # A proposal in the editors' queue, with a topic suggested for its talk.
    programme_propose(
        proposer=attendee,
        event=ProposedEvent(
            name="Proposed conference", start_date=event.start_date, end_date=event.end_date
        ),
        talks=[ProposedTalk("Proposed talk", ["New speaker"], ["en"], suggested_topics=["Kafka"])],
    )
    SpeakerAlias.objects.create(speaker=speaker, name="Old name", slug="old-name")
    TopicAlias.objects.create(topic=topic, name="k8s", slug="k8s")
    log_editor_change(editor=superuser, objects=[talk], message="Walked.")
    # A schedule uploaded in the admin, so that its preview page and form are walked too.
    schedule_upload_create(
        name="schedule.json", content=WALKED_SCHEDULE, event=None, editor=superuser
    )
    # The lockout's records: a failed and a successful login.
    login_url = reverse("login")
    Client().post(login_url, {"username": attendee.username, "password": "wrong"})
    Client().post(
        login_url, {"username": attendee.username, "password": "correct horse battery staple"}
    )
    return [Visitor("anonymous"), Visitor("attendee", attendee), Visitor("superuser", superuser)]


def seed_urls(attendee) -> list[str]:
    """Where the walk starts: the home page, the admin, and a password reset link, which only
    mail leads to."""
    uid = urlsafe_base64_encode(force_bytes(attendee.pk))
    token = default_token_generator.make_token(attendee)
    reset = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return [reverse("home"), reverse("admin:index"), reset]


def written_here(cls: type) -> bool:
    """Whether a class is this project's code rather than a library's."""
    return "site-packages" not in inspect.getfile(cls)


def admin_list_parameters(superuser) -> dict[str, tuple[set[str], set[str]]]:
    """The query parameters of each admin list, by route: its list filters' (whatever their
    kind), the date drill-down's, and the search, order, page and popup ones; and among them
    those of the list filters written here, which read their parameters themselves."""
    parameters = {}
    for model, model_admin in admin.site._registry.items():
        request = RequestFactory().get("/")
        request.user = superuser
        changelist = model_admin.get_changelist_instance(request)
        names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
        own = {
            name
            for spec in changelist.filter_specs
            if written_here(type(spec))
            for name in spec.expected_parameters()
        }
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        names |= {
            SEARCH_VAR,
            ORDER_VAR,
            PAGE_VAR,
            ALL_VAR,
            ERROR_FLAG,
            IS_POPUP_VAR,
            TO_FIELD_VAR,
            IS_FACETS_VAR,
        }
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        parameters[route_of(url)[0]] = (names, own)
    return parameters


@dataclass
class Walk:
    """What the crawl found, and the server errors met on the way."""

    # The first address of each route that each visitor reached, and the status it got.
    pages: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    statuses: dict[tuple[str, str], int] = field(default_factory=dict)
    # The query parameters of each route.
    parameters: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Each form, by the route of its action and its field names, with the first visitor who
    # found it.
    forms: dict[tuple[str, tuple[str, ...]], tuple[Visitor, Form]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def send(self, visitor, method, url, *, page="", parameter="", value="", body=""):
        """Send a request; a server error is noted against `page` (the address without the
        hostile value), `parameter` and the name of `value`."""
        response = visitor.request(method, url, body)
        if response.status_code >= 500:
            self.failures.append(
                Failure(
                    visitor.role,
                    method.upper(),
                    page or url,
                    parameter,
                    value,
                    response.status_code,
                )
            )
        return response

    def crawl(self, visitor: Visitor, seeds: list[str]) -> None:
        """Visit what the links, forms and redirections lead to, one page per route."""
        queue = list(seeds)
        while queue:
            url = queue.pop(0)
            resolved = route_of(url)
            if resolved is None or visitor.role in self.pages.get(resolved[0], {}):
                continue
            route = resolved[0]
            self.pages[route][visitor.role] = url
            with recording_reads() as read:
                response = self.send(visitor, "get", url, value="as linked")
            self.statuses[(route, visitor.role)] = response.status_code
            self.parameters[route] |= {name for name in read if isinstance(name, str)}
            self.parameters[route] |= {name for name, _ in parse_qsl(urlsplit(url).query)}
            if "Location" in response:
                queue.append(urljoin(url, response["Location"]))
            if "html" in response.get("Content-Type", ""):
                queue.extend(self.read(visitor, url, response.content.decode()))

    def read(self, visitor: Visitor, url: str, html: str) -> list[str]:
        """Note the parameters and forms of a page; the addresses it leads to."""
        page = read_page(url, html)
        for target, names in page.htmx_gets:
            if resolved := route_of(target):
                self.parameters[resolved[0]] |= set(names)
        links = list(page.links)
        for form in page.forms:
            resolved = route_of(form.action)
            if resolved is None:
                continue
            if form.method == "get":
                self.parameters[resolved[0]] |= set(form.names())
                links.append(form.action)
            else:
                self.forms.setdefault((resolved[0], tuple(form.names())), (visitor, form))
        return links


def path_arguments(route: str) -> list[str]:
    return [match[1] or match[2] for match in _ARGUMENT.finditer(route)]


def hostile_url(route: str, url: str, parameter: str, value: Hostile) -> str:
    """`url` with `value` in `parameter`: a path argument (`<name>`) or a query parameter."""
    if parameter.startswith("<"):
        arguments = {name: quote(str(old)) for name, old in route_of(url)[1].items()}
        path = fill_route(route, {**arguments, parameter[1:-1]: value.encoded})
        query = urlsplit(url).query
        return path + (f"?{query}" if query else "")
    return with_parameter(url, parameter, value)


def reach_the_rest(walk: Walk, routes: list[str], visitors: list[Visitor]) -> None:
    """Routes no link led to: their arguments filled in with what links showed elsewhere under
    the same names, or with 1."""
    shown = defaultdict(set)
    for by_visitor in walk.pages.values():
        for url in by_visitor.values():
            for name, value in route_of(url)[1].items():
                shown[name].add(quote(str(value)))
    for route in routes:
        names = path_arguments(route)
        for values in itertools.product(*[[*sorted(shown[name]), "1"] for name in names]):
            if route in walk.pages:
                break
            path = fill_route(route, dict(zip(names, values, strict=True)))
            if route_of(path) and route_of(path)[0] == route:
                for visitor in visitors:
                    walk.crawl(visitor, [path])


# The hostile requests are split into this many tests, each trying the routes of its shard.
SHARDS = 4


def in_shard(route: str, parameter: str, shard: int) -> bool:
    """Whether `parameter` of `route` is tried by the test of `shard`: the same in every run.
    Shared out by parameter, not by route, so that a route of many parameters (the finder's)
    spreads over the shards."""
    return random.Random(f"{route} {parameter}").randrange(SHARDS) == shard


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_request_gets_a_server_error(shard, visitors, attendee, superuser, capsys):
    routes = project_routes()
    walk = Walk()
    for visitor in visitors:
        walk.crawl(visitor, seed_urls(attendee))
    reach_the_rest(walk, routes, visitors)
    thorough = defaultdict(set)
    for route, (names, own) in admin_list_parameters(superuser).items():
        walk.parameters[route] |= names
        thorough[route] = own

    parameter_count = 0
    in_turn = itertools.cycle(HOSTILE_VALUES)
    for route, by_visitor in walk.pages.items():
        parameters = [f"<{name}>" for name in path_arguments(route)]
        parameters += sorted(walk.parameters[route])
        mine = [parameter for parameter in parameters if in_shard(route, parameter, shard)]
        if not mine:
            continue
        parameter_count += len(mine)
        served = [
            visitor for visitor in visitors if walk.statuses.get((route, visitor.role)) == 200
        ]
        for visitor in visitors:
            page = by_visitor.get(visitor.role) or next(iter(by_visitor.values()))
            if served and visitor is served[0]:
                # The route's plan, of which this shard sends its parameters' pairs.
                pairs = [
                    (parameter, value)
                    for parameter, value in plan(route, parameters, thorough[route])
                    if parameter in mine
                ]
            else:
                # The page again, as the same code serves it to another visitor, or a
                # redirection before the page reads anything: one hostile value will do, sent
                # by the shard of the route's first parameter.
                pairs = [(parameters[0], next(in_turn))] if parameters[0] in mine else []
            for parameter, value in pairs:
                url = hostile_url(route, page, parameter, value)
                walk.send(visitor, "get", url, page=page, parameter=parameter, value=value.name)

    for (route, names), (visitor, form) in walk.forms.items():
        names = first_rows_only(names)
        mine = [name for name in names if in_shard(route, name, shard)]
        parameter_count += len(mine)
        # The form as filled in, once, by the shard of its first field.
        if names and in_shard(route, names[0], shard):
            walk.send(visitor, "post", form.action, value="as filled", body=form_body(form))
        for parameter, value in plan(route, list(names), set()):
            if parameter not in mine:
                continue
            body = form_body(form, parameter, value)
            walk.send(
                visitor, "post", form.action, parameter=parameter, value=value.name, body=body
            )

    request_count = sum(visitor.requests for visitor in visitors)
    summary = (
        f"shard {shard + 1} of {SHARDS}: {len(routes)} URL patterns reached, "
        f"{parameter_count} of their parameters tried, {request_count} requests"
    )
    with capsys.disabled():
        print(f"\nNo server error walk, {summary}")
    # Each visitor was who it should be: the walk saw what each of them sees.
    assert [
        walk.statuses[(route, role)]
        for route, role in [
            ("admin/", "anonymous"),
            ("admin/", "attendee"),
            ("admin/", "superuser"),
            ("accounts/contributions/", "attendee"),
            # The schedule import's upload form and the preview of the upload made above.
            ("admin/talks/scheduleupload/add/", "superuser"),
            ("admin/talks/scheduleupload/<path:object_id>/change/", "superuser"),
        ]
    ] == [302, 302, 200, 200, 200, 200]
    assert {route for route, _ in walk.forms} >= {
        "admin/talks/scheduleupload/add/",
        "admin/talks/scheduleupload/<path:object_id>/change/",
    }
    assert [route for route in routes if route not in walk.pages] == []
    assert walk.failures == [], "\n".join(
        [f"{summary}; {len(walk.failures)} server errors:", *map(str, walk.failures)]
    )


# ---------------------------------------------------------------------------------------------
# Any text at all, where readers type freely

# A hundred examples each, the same in every run.
ANY_TEXT_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# What the search parser must never keep in a term: NUL, which PostgreSQL refuses in text, other
# control characters, lone surrogates, and the marks of highlighted words.
UNWANTED_IN_A_TERM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000\ue001]")


@ANY_TEXT_SETTINGS
@given(query=st.text(alphabet=st.characters(exclude_categories=()), max_size=400))
def test_any_text_parses_into_at_most_twelve_clean_terms_each_alternative_wanting_one(query):
    alternatives = parse_query(query)

    terms = [term for alternative in alternatives for term in alternative]
    assert len(terms) <= MAX_TERMS
    assert all(term.text and not UNWANTED_IN_A_TERM.search(term.text) for term in terms)
    assert all(any(not term.excluded for term in alternative) for alternative in alternatives)


@pytest.fixture
def catalogue():
    return make_catalogue(2)


@ANY_TEXT_SETTINGS
@given(query=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300))
def test_any_text_typed_in_a_search_box_gets_results_or_the_400_page(client, catalogue, query):
    # Text a browser can send: UTF-8, so no lone surrogate.
    statuses = [
        client.get(reverse(name), {"q": query}).status_code
        for name in ("talks:search", "talks:list", "people:speaker-list")
    ]
    if "\x00" in query:
        assert statuses == [400, 400, 400]
    else:
        # The filtered lists drop an empty parameter from their address, with a redirection.
        expected = 302 if query == "" else 200
        assert statuses == [expected, expected, expected]
