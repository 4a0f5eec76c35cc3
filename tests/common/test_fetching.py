"""Fetching by address: only public http(s) addresses, redirects checked, size and time limited,
against a real HTTP server on 127.0.0.1."""

import gzip
import time

import pytest

from common.fetching import MAX_BYTES, FetchError, fetch
from tests.http_server import answer, late, redirect, trickle

SCHEDULE = b'{"schedule": {}}'


def refusal(url: str, **limits) -> str:
    with pytest.raises(FetchError) as error:
        fetch(url, **limits)
    return str(error.value)


def test_the_loopback_server_itself_is_refused_without_a_request(http_server):
    http_server.routes["/schedule.json"] = answer(SCHEDULE)
    url = http_server.url("/schedule.json")

    assert refusal(url) == (
        f"{url} points to a private address: only public addresses are fetched."
    )
    assert http_server.requested == []


def test_a_name_whose_dns_answer_is_loopback_is_refused(http_server):
    http_server.routes["/schedule.json"] = answer(SCHEDULE)
    url = f"http://localhost:{http_server.server_port}/schedule.json"

    assert refusal(url) == (
        f"{url} points to a private address: only public addresses are fetched."
    )
    assert http_server.requested == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/schedule.json",
        "http://172.16.0.1/schedule.json",
        "http://192.168.1.1/schedule.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://240.0.0.1/",
        "https://127.0.0.2/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_private_link_local_and_reserved_addresses_are_refused(url):
    assert refusal(url) == (
        f"{url} points to a private address: only public addresses are fetched."
    )


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/schedule.json", "gopher://example.org/", "http://"],
)
def test_other_schemes_and_addresses_without_a_host_are_refused(url):
    assert refusal(url) == f"Only http:// and https:// addresses can be fetched: {url}"


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_public_document_is_fetched_whole(http_server):
    body = SCHEDULE * 1000
    http_server.routes["/schedule.json"] = answer(body)

    fetched = fetch(http_server.url("/schedule.json"))

    assert (fetched.url, fetched.content) == (http_server.url("/schedule.json"), body)


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_compressed_answer_is_decompressed(http_server):
    http_server.routes["/schedule.json"] = answer(
        gzip.compress(SCHEDULE), headers={"Content-Encoding": "gzip"}
    )

    assert fetch(http_server.url("/schedule.json")).content == SCHEDULE


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_redirects_are_followed_to_the_document(http_server):
    http_server.routes["/old"] = redirect("/older")
    http_server.routes["/older"] = redirect(http_server.url("/schedule.json"), status=301)
    http_server.routes["/schedule.json"] = answer(SCHEDULE)

    fetched = fetch(http_server.url("/old"))

    assert (fetched.url, fetched.content) == (http_server.url("/schedule.json"), SCHEDULE)
    assert http_server.requested == ["/old", "/older", "/schedule.json"]


@pytest.mark.usefixtures("loopback_fetching_allowed")
@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://192.168.0.1:8080/",
        "http://[fe80::1]/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(http_server, target):
    http_server.routes["/schedule.json"] = redirect(target)

    assert refusal(http_server.url("/schedule.json")) == (
        f"{target} points to a private address: only public addresses are fetched."
    )


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_redirect_to_another_scheme_is_refused(http_server):
    http_server.routes["/schedule.json"] = redirect("file:///etc/passwd")

    assert refusal(http_server.url("/schedule.json")) == (
        "Only http:// and https:// addresses can be fetched: file:///etc/passwd"
    )


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_endless_redirects_stop_after_five(http_server):
    http_server.routes["/loop"] = redirect("/loop")

    assert refusal(http_server.url("/loop")) == "The address redirects more than 5 times."
    assert http_server.requested == ["/loop"] * 6


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_an_error_status_is_named(http_server):
    assert refusal(http_server.url("/missing.json")) == (
        "The address answered 404 instead of the document."
    )


@pytest.mark.usefixtures("loopback_fetching_allowed")
@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_a_document_larger_than_5_mb_is_refused(http_server, length):
    http_server.routes["/big.json"] = answer(b"x" * (MAX_BYTES + 1), length=length)
    http_server.routes["/just.json"] = answer(b"x" * MAX_BYTES, length=length)

    assert refusal(http_server.url("/big.json")) == "The document is larger than 5 MB."
    assert len(fetch(http_server.url("/just.json")).content) == MAX_BYTES


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_compressed_answer_larger_than_the_limit_once_decompressed_is_refused(http_server):
    bomb = gzip.compress(b"\0" * (MAX_BYTES * 4))
    http_server.routes["/bomb.json"] = answer(bomb, headers={"Content-Encoding": "gzip"})

    assert len(bomb) < MAX_BYTES
    assert refusal(http_server.url("/bomb.json")) == "The document is larger than 5 MB."


@pytest.mark.usefixtures("loopback_fetching_allowed")
@pytest.mark.parametrize(
    ("respond", "timeout"),
    [
        (late(3, answer(SCHEDULE)), 0.5),
        # Each byte comes well within the limit; the whole would take 4 s.
        (trickle(4, pieces=40), 1),
    ],
    ids=["silent", "trickling"],
)
def test_a_server_too_slow_is_left_at_the_time_limit(http_server, respond, timeout):
    http_server.routes["/slow.json"] = respond

    started = time.monotonic()
    message = refusal(http_server.url("/slow.json"), timeout=timeout)

    assert message == f"The address timed out after {timeout:g} s."
    assert time.monotonic() - started < timeout + 1


@pytest.mark.usefixtures("loopback_fetching_allowed")
def test_a_redirect_to_a_malformed_address_is_refused(http_server):
    http_server.routes["/schedule.json"] = redirect("http://[::1/")

    assert refusal(http_server.url("/schedule.json")) == (
        "This is not a valid address: http://[::1/"
    )
