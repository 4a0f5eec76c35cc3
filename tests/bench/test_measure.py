"""The harness's cold, warm and 304 rows against a tiny local server: a page with an ETag is
measured answering 304s, a page without one says "no ETag", answers that are not the 304
asked for are counted as errors, and the headers asked for are sent (timings are never
asserted)."""

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.run import NOT_MODIFIED, WARM, Load, Page, measure, measure_not_modified, prime

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by .ci/run")

ETAG = '"v1"'
LOAD = Load(workers=1, connections=2)


class _Handler(BaseHTTPRequestHandler):
    """`/etag/` sends an ETag and honours If-None-Match, `/stale/` sends one and ignores it,
    `/plain/` sends none; `/html-only/` refuses (406) a request that does not accept HTML."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/html-only/" and "text/html" not in self.headers.get("Accept", ""):
            self.send_response(406)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        sends_etag = self.path in ("/etag/", "/stale/")
        if self.path == "/etag/" and self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<p>A page</p>"
        self.send_response(200)
        if sends_etag:
            self.send_header("ETag", ETAG)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextmanager
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_with_an_etag_is_measured_answering_304s():
    page = Page("with an ETag", ["/etag/"])
    with local_server() as base_url:
        etags = prime(base_url, page)
        measured = measure_not_modified(base_url, page, 1, LOAD, etags)

    assert etags == [ETAG]
    assert measured.mode == NOT_MODIFIED
    assert not measured.no_etag
    assert measured.requests_per_second > 0
    assert measured.errors == 0


def test_a_page_without_an_etag_says_so_instead_of_failing():
    page = Page("without an ETag", ["/plain/"])
    with local_server() as base_url:
        etags = prime(base_url, page)
        warm = measure(base_url, page, 1, LOAD, mode=WARM)
        not_modified = measure_not_modified(base_url, page, 1, LOAD, etags)

    assert etags is None
    assert warm.requests_per_second > 0 and warm.errors == 0
    assert not_modified.no_etag
    assert not_modified.errors == 0


def test_a_page_of_several_paths_needs_an_etag_for_each():
    with local_server() as base_url:
        assert prime(base_url, Page("both", ["/etag/", "/stale/"])) == [ETAG, ETAG]
        assert prime(base_url, Page("one missing", ["/etag/", "/plain/"])) is None


def test_answers_other_than_the_304_asked_for_are_errors():
    page = Page("ignores If-None-Match", ["/stale/"])
    with local_server() as base_url:
        measured = measure_not_modified(base_url, page, 1, LOAD, prime(base_url, page))

    assert measured.requests_per_second > 0
    # Every answer was a 200 where a 304 was asked for.
    assert measured.errors > 0


def test_the_headers_given_are_sent_with_every_request():
    page = Page("HTML only", ["/html-only/"])
    with local_server() as base_url:
        without = measure(base_url, page, 1, LOAD, mode=WARM)
        with_accept = measure(base_url, page, 1, LOAD, mode=WARM, headers={"Accept": "text/html"})

    assert without.errors > 0
    assert with_accept.requests_per_second > 0
    assert with_accept.errors == 0
