"""A real HTTP server on 127.0.0.1, in a thread, for the tests of fetching by address.

Each test says what a path answers: `server.routes["/schedule.json"] = answer(body)`. The
paths asked for are in `server.requested`, in order.
"""

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Respond = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    server: "LocalServer"

    def do_GET(self):
        self.server.requested.append(self.path)
        respond = self.server.routes.get(self.path)
        if respond is None:
            self.send_error(404)
        else:
            respond(self)

    def log_message(self, format, *args):
        pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Respond] = {}
        self.requested: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}{path}"

    def handle_error(self, request, client_address):
        # A client that gave up (a test of the time or size limit) closes the connection
        # while the handler still writes: that is the point, not an error.
        pass

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()


def answer(
    body: bytes, *, status: int = 200, headers: dict[str, str] | None = None, length: bool = True
) -> Respond:
    """Send `body` at once, with a Content-Length unless `length` is false (then the end of the
    body is the end of the connection)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(location: str, status: int = 302) -> Respond:
    return answer(b"", status=status, headers={"Location": location})


def late(seconds: float, then: Respond) -> Respond:
    """Say nothing for `seconds`, then answer."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(handler)

    return respond


def trickle(total_seconds: float, pieces: int) -> Respond:
    """A 200 whose body comes a byte at a time, spread over `total_seconds`."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(pieces))
        handler.end_headers()
        for _ in range(pieces):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(total_seconds / pieces)

    return respond
