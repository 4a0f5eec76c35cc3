"""Fetching a document from an address that someone typed, without letting the address reach
into the server's own network.

The rule, in one place:

- only `http` and `https` addresses;
- each connection goes to a public address: requests-hardened resolves the host name once,
  refuses a private, loopback, link-local, reserved, multicast or carrier-grade NAT address
  (whether typed as such or given by DNS), and connects to the very address it checked, so
  that a second DNS answer cannot differ from the first;
- redirects are followed here, at most `MAX_REDIRECTS` of them, each one checked as above;
- the answer must be a 200, at most `max_bytes` long once decompressed, and the whole fetch
  takes at most `timeout` seconds: a server that stops sending, or sends slowly, is cut off;
- no proxy, no .netrc credentials, no cookies: nothing of the server's environment is used.

`settings.FETCH_ALLOW_LOOPBACK` lets loopback addresses through. It exists for the tests, whose
HTTP server listens on 127.0.0.1 (the `loopback_fetching_allowed` fixture turns it on); it is
off in every environment.
"""

import contextlib
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress
from urllib3.exceptions import HTTPError as Urllib3Error

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """Why an address gave no document, said for the person who typed it."""


@dataclass(frozen=True)
class Fetched:
    # The address the document came from, after redirects.
    url: str
    content: bytes
    # The media type the answer declared (`application/pdf`), without its parameters.
    content_type: str = ""


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """The document at `url`; raises FetchError."""
    deadline = time.monotonic() + timeout
    with _session() as session:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_scheme(url)
            response = _get(session, url, deadline, timeout)
            with response:
                target = session.get_redirect_target(response)
                if target is not None:
                    url = _redirect_address(url, target)
                    continue
                if response.status_code != 200:
                    raise FetchError(
                        _("The address answered %(status)d instead of the document.")
                        % {"status": response.status_code}
                    )
                content = _read(response, max_bytes, deadline, timeout)
                content_type = response.headers.get("Content-Type", "").split(";")[0]
                return Fetched(url=url, content=content, content_type=content_type.strip().lower())
    raise FetchError(
        _("The address redirects more than %(count)d times.") % {"count": MAX_REDIRECTS}
    )


def _session() -> HTTPSession:
    session = HTTPSession(
        Config(
            ip_filter_enable=True,
            ip_filter_allow_loopback_ips=settings.FETCH_ALLOW_LOOPBACK,
            # Redirects are followed by fetch(), which checks each one and limits what it reads.
            never_redirect=True,
            default_timeout=(TIMEOUT_SECONDS, TIMEOUT_SECONDS),
            user_agent_override="confnotes",
        )
    )
    session.trust_env = False
    return session


def _check_scheme(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
    if not host or parts.scheme not in ("http", "https"):
        raise FetchError(
            _("Only http:// and https:// addresses can be fetched: %(url)s") % {"url": url}
        )


def _redirect_address(url: str, target: str) -> str:
    try:
        return requests.utils.requote_uri(urljoin(url, target))
    except ValueError:
        raise FetchError(_("This is not a valid address: %(url)s") % {"url": target}) from None


def _get(session: HTTPSession, url: str, deadline: float, timeout: float) -> requests.Response:
    """The answer's status and headers; its body is left to read."""
    remaining = max(deadline - time.monotonic(), 0.001)
    try:
        request = session.prepare_request(requests.Request("GET", url))
        # Sent by the adapter alone: Session.send would read a redirect's whole body itself.
        return session.get_adapter(url).send(
            request, stream=True, timeout=(remaining, remaining), verify=True
        )
    except InvalidIPAddress:
        raise FetchError(
            _("%(url)s points to a private address: only public addresses are fetched.")
            % {"url": url}
        ) from None
    except requests.Timeout:
        raise _timed_out(timeout) from None
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, ValueError):
        raise FetchError(_("This is not a valid address: %(url)s") % {"url": url}) from None
    except requests.RequestException:
        raise FetchError(_("%(url)s could not be reached.") % {"url": url}) from None


def _read(response: requests.Response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, decompressed; cut off past `max_bytes` or at the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    # A blocked read ends when the socket is shut at the deadline, however slowly bytes come.
    alarm = threading.Timer(max(deadline - time.monotonic(), 0), _cut_off, [response])
    alarm.start()
    chunks, size = [], 0
    try:
        for chunk in response.raw.stream(CHUNK_BYTES, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
    except (Urllib3Error, OSError):
        if time.monotonic() >= deadline:
            raise _timed_out(timeout) from None
        raise FetchError(_("The answer was cut off or malformed.")) from None
    finally:
        alarm.cancel()
    if time.monotonic() >= deadline:
        raise _timed_out(timeout)
    return b"".join(chunks)


def _cut_off(response: requests.Response) -> None:
    # The answer may have ended meanwhile: then there is nothing left to cut off.
    with contextlib.suppress(ValueError, RuntimeError, OSError):
        response.raw.shutdown()


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(
        _("The document is larger than %(size)s MB.") % {"size": f"{max_bytes / 1024 / 1024:g}"}
    )


def _timed_out(timeout: float) -> FetchError:
    return FetchError(_("The address timed out after %(seconds)s s.") % {"seconds": f"{timeout:g}"})
