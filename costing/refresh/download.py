"""HTTP downloads from the Price List Bulk API (or a mirror): streamed, retried, resumed.

Standard library only (urllib), so proxies from the environment work as for any Python tool. A
request that fails with a 5xx status, a connection error or a timeout is retried with exponential
backoff. A body cut short (fewer bytes than Content-Length, or a broken chunked stream) is resumed
where it stopped with a `Range` request guarded by `If-Range`; a server that ignores ranges sends
the whole file again and the bytes already read are skipped, and one whose file changed in between
fails the download rather than splice two versions. Other 4xx statuses fail at once.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Optional

from costing import __version__

USER_AGENT = f"costing/{__version__} (price refresh)"
RETRYABLE_STATUS = frozenset({408, 429})
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class DownloadError(Exception):
    """A download that failed for good; the message names the URL and why."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts per failure streak, backoff base and cap (seconds), socket timeout."""

    attempts: int = 5
    backoff: float = 1.0
    max_backoff: float = 30.0
    timeout: float = 60.0

    def delay(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))


class HttpStream(io.RawIOBase):
    """The body of `url` as a readable raw stream that reconnects and resumes on failures.

    `on_bytes(n)` is called with every chunk's size; `total` is the size once known.
    """

    def __init__(self, url: str, policy: RetryPolicy = RetryPolicy(),
                 on_bytes: Optional[Callable[[int], None]] = None):
        super().__init__()
        self.url = url
        self.policy = policy
        self.total: Optional[int] = None
        self.position = 0
        self._on_bytes = on_bytes
        self._response: Optional[http.client.HTTPResponse] = None
        self._validator: Optional[str] = None
        self._failures = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            try:
                if self._response is None:
                    self._open()
                data = self._response.read1(len(buffer))  # what has arrived: a stall loses nothing received
            except (OSError, http.client.HTTPException) as error:
                self._failed(describe(error))
                continue
            count = len(data)
            if count:
                buffer[:count] = data
                self.position += count
                self._failures = 0
                if self._on_bytes is not None:
                    self._on_bytes(count)
                return count
            if self.total is not None and self.position < self.total:
                self._failed(f"connection closed after {self.position:,} of {self.total:,} bytes")
                continue
            return 0

    def close(self) -> None:
        self._drop()
        super().close()

    def _open(self) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.position:
            headers["Range"] = f"bytes={self.position}-"
            if self._validator:
                headers["If-Range"] = self._validator
        try:
            response = urllib.request.urlopen(urllib.request.Request(self.url, headers=headers),
                                              timeout=self.policy.timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code >= 500 or error.code in RETRYABLE_STATUS:
                raise http.client.HTTPException(f"HTTP {error.code} {error.reason}") from None
            raise DownloadError(f"{self.url}: HTTP {error.code} {error.reason}") from None
        self._response = response
        validator = response.headers.get("ETag") or response.headers.get("Last-Modified")
        if response.status == 206:
            self._check_range(response.headers.get("Content-Range", ""))
        else:
            if self.position and validator != self._validator:
                raise DownloadError(f"{self.url}: the file changed while it was downloaded "
                                    f"({self._validator} -> {validator}); run the refresh again")
            length = response.headers.get("Content-Length")
            self.total = int(length) if length and length.isdigit() else None
            if self.position:
                self._skip(self.position)
        self._validator = validator

    def _check_range(self, content_range: str) -> None:
        match = CONTENT_RANGE.fullmatch(content_range.strip())
        if not match or int(match.group(1)) != self.position:
            raise DownloadError(f"{self.url}: asked for bytes from {self.position:,}, got Content-Range "
                                f"{content_range!r}")
        if match.group(3) != "*":
            self.total = int(match.group(3))

    def _skip(self, count: int) -> None:
        """Read and drop the first `count` bytes of a full response (a server that does not do ranges)."""
        while count:
            chunk = self._response.read(min(count, 1 << 20))
            if not chunk:
                raise http.client.IncompleteRead(b"", count)
            count -= len(chunk)

    def _failed(self, reason: str) -> None:
        """Drop the connection and wait before the next attempt, or give up after too many in a row."""
        self._drop()
        self._failures += 1
        if self._failures >= self.policy.attempts:
            raise DownloadError(f"{self.url}: {reason} ({self._failures} attempts)")
        time.sleep(self.policy.delay(self._failures))

    def _drop(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response = None


def describe(error: BaseException) -> str:
    """A short reason for a network error ("timed out", "HTTP 503 Service Unavailable", ...)."""
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        return f"cannot connect: {error.reason}"
    if isinstance(error, http.client.IncompleteRead):
        return f"connection closed mid-body ({len(error.partial)} bytes of the last chunk read)"
    if isinstance(error, TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__


def fetch_json(url: str, policy: RetryPolicy = RetryPolicy()) -> dict:
    """A small JSON document (an offer or region index), with the same retries as any download."""
    with HttpStream(url, policy) as stream:
        body = stream.readall()
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DownloadError(f"{url}: not JSON ({error})") from None
    if not isinstance(document, dict):
        raise DownloadError(f"{url}: expected a JSON object")
    return document
