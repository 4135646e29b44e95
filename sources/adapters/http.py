"""Fetching a feed body: the network half of the adapter contract.

One conditional GET with everything a scheduled fetch of somebody else's server needs:
connect and read timeouts plus a deadline for the whole download (a server that drips one
byte a second never trips a read timeout), a size cap counted on the decoded bytes (so a
gzip bomb stops at the cap too), at most three redirects, a content-type check, and no
private, loopback or link-local addresses unless FEEDS_ALLOW_PRIVATE_ADDRESSES is set.

The address check happens where the socket is opened, on the address actually dialled,
for the first request and every redirect: checking a name before the request would let
DNS answer differently a moment later (DNS rebinding).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass

import httpcore
import httpx
from django.conf import settings

from sources.adapters.base import ContentRejected, FetchFailed, NetworkError

MAX_REDIRECTS = 3
USER_AGENT = "release-tracker-feeds/1.0 (scheduled refresh of public counts)"


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back. ``body`` is empty when ``not_modified`` (HTTP 304)."""

    url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str
    last_modified: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class AddressRefused(FetchFailed):
    pass


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses non-public addresses, dials the checked address."""

    def __init__(self, *, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise NetworkError(f"cannot resolve {host}: {exc.strerror}") from None
        addresses = [info[4][0] for info in infos]
        if not self.allow_private:
            for address in addresses:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
                if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                    ip = ip.ipv4_mapped
                if not ip.is_global or ip.is_multicast:
                    raise AddressRefused(
                        f"{host} resolves to {ip}, a private or local address; feeds may only "
                        "use public addresses (FEEDS_ALLOW_PRIVATE_ADDRESSES is off)"
                    )
        # TLS still verifies and sends the host name: httpcore passes the origin's host
        # to start_tls, not the address we dial.
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private: bool):
        super().__init__(trust_env=False, retries=0)
        # httpx has no public hook for the network backend; its own pool is replaced
        # with an identical one that dials through the guard.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=2,
            network_backend=_GuardedBackend(allow_private=allow_private),
        )


def fetch(url: str, *, accept: tuple[str, ...], etag: str = "", last_modified: str = "") -> Fetched:
    """GET ``url`` conditionally; raise a FeedError subclass saying what went wrong."""
    timeout = settings.FEEDS_TIMEOUT_SECONDS
    max_bytes = settings.FEEDS_MAX_BYTES
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ", */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + 3 * timeout
    transport = _GuardedTransport(allow_private=settings.FEEDS_ALLOW_PRIVATE_ADDRESSES)
    try:
        with (
            httpx.Client(
                transport=transport,
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _read(response, accept=accept, max_bytes=max_bytes, deadline=deadline)
    except httpx.TooManyRedirects:
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects from {url}") from None
    except httpx.TimeoutException as exc:
        raise NetworkError(
            f"timed out after {timeout} s ({type(exc).__name__}) fetching {url}"
        ) from None
    except httpx.UnsupportedProtocol:
        raise FetchFailed(f"only http and https URLs can be fetched, not {url}") from None
    except httpx.TransportError as exc:
        raise NetworkError(f"network error fetching {url}: {exc or type(exc).__name__}") from None


def _read(
    response: httpx.Response, *, accept: tuple[str, ...], max_bytes: int, deadline: float
) -> Fetched:
    url = str(response.url)
    if response.status_code == 304:
        return Fetched(
            url,
            304,
            b"",
            "",
            None,
            response.headers.get("ETag", ""),
            response.headers.get("Last-Modified", ""),
        )
    if response.status_code >= 400:
        error = (
            NetworkError
            if response.status_code >= 500 or response.status_code == 429
            else FetchFailed
        )
        raise error(f"HTTP {response.status_code} {response.reason_phrase} from {url}")
    if response.status_code != 200:
        raise FetchFailed(
            f"HTTP {response.status_code} {response.reason_phrase} from {url}: expected 200"
        )
    raw_type = response.headers.get("Content-Type", "")
    media_type = raw_type.split(";", 1)[0].strip().lower()
    if media_type not in accept:
        raise ContentRejected(
            f"content type {media_type or '(none)'!r} from {url} is not one this adapter reads "
            f"({', '.join(accept)}); add it to the config's content_types if the server is wrong"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ContentRejected(
            f"body of {declared} bytes from {url} is over the {max_bytes}-byte limit"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ContentRejected(
                f"body from {url} is over the {max_bytes}-byte limit; stopped reading"
            )
        if time.monotonic() > deadline:
            raise NetworkError(f"download from {url} took too long; stopped after {size} bytes")
        chunks.append(chunk)
    return Fetched(
        url=url,
        status=200,
        body=b"".join(chunks),
        content_type=media_type,
        charset=response.charset_encoding,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
    )
