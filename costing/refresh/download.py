"""HTTP downloads from the Price List Bulk API (or a mirror): streamed, retried, resumed, bounded in time.

Standard library only (urllib), so proxies from the environment work as for any Python tool. A
request that fails with a 5xx status, a 408 or 429, a connection error or a timeout is retried after
an exponential backoff with jitter (clients that failed together do not retry together), or after
the server's Retry-After when that is longer. A body cut short (fewer bytes than Content-Length, or
a broken chunked stream) is resumed where it stopped with a `Range` request guarded by `If-Range`; a
server that ignores ranges sends the whole file again and the bytes already read are skipped, and
one whose file changed in between fails the download rather than splice two versions. Other 4xx
statuses fail at once. Only bytes count as progress: the failures in a row that end a download are
counted again only after RetryPolicy.progress_bytes arrive, so a server that sends a byte and drops
the connection cannot keep it going forever.

Time is bounded too: a download fails when it is not complete after RetryPolicy.deadline seconds,
retries included, or when fewer than RetryPolicy.min_rate bytes a second arrive over a window of
RetryPolicy.rate_window seconds (a server that trickles bytes, each one resetting the socket's timeout).

A body sent gzip-compressed (`Content-Encoding: gzip`, which some servers and proxies send although
`identity` is asked for) is decompressed as it arrives; such a body is resumed by reading it again
from its start and skipping what was already delivered.
"""

from __future__ import annotations

import email.utils
import http.client
import io
import json
import random
import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Callable, Optional

from costing import __version__

USER_AGENT = f"costing/{__version__} (price refresh)"
RETRYABLE_STATUS = frozenset({408, 429})
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
GZIP_ENCODINGS = frozenset({"gzip", "x-gzip"})


class DownloadError(Exception):
    """A download that failed for good; the message names the URL and why."""


class _Retryable(http.client.HTTPException):
    """A status worth another attempt, with the server's Retry-After in seconds (None when absent)."""

    def __init__(self, reason: str, retry_after: float | None):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How hard and how long to try: attempts per failure streak, backoff base and cap (seconds), socket
    timeout; a download's deadline (seconds, retries included), its minimum rate (bytes a second over
    `rate_window` seconds), the longest Retry-After honoured, and the bytes that end a failure streak."""

    attempts: int = 5
    backoff: float = 1.0
    max_backoff: float = 30.0
    timeout: float = 60.0
    deadline: float = 4 * 3600.0  # AmazonEC2's largest regions are a few GB: minutes at a normal rate
    min_rate: float = 10_000.0
    rate_window: float = 60.0
    max_retry_after: float = 300.0
    progress_bytes: int = 1 << 20

    def delay(self, attempt: int, retry_after: float | None = None,
              uniform: Callable[[float, float], float] = random.uniform) -> float:
        """Seconds before attempt `attempt` + 1: the exponential backoff, its second half random, or the
        server's Retry-After when that is longer."""
        backoff = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        return max(backoff / 2 + uniform(0.0, backoff / 2), retry_after or 0.0)


class HttpStream(io.RawIOBase):
    """The body of `url` as a readable raw stream that reconnects and resumes on failures.

    `on_bytes(n)` is called with every chunk's size; `total` is the size once known (None for a
    compressed body); `position` counts the bytes delivered.
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
        self._failed_at = 0  # position at the last failure: progress_bytes beyond it end the streak
        self._started = time.monotonic()
        self._window = (self._started, 0)  # (time, position) where the rate window began
        self._decoder: Optional[zlib._Decompress] = None  # a gzip body's decompressor
        self._skip = 0  # decoded bytes to drop: a gzip body read again from its start
        self._pending = b""  # decoded bytes not yet delivered

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            try:
                if self._response is None:
                    self._open()
                data = self._response.read1(len(buffer))  # what has arrived: a stall loses nothing received
                if not data:
                    if self._body_complete():
                        return 0
                    continue
                self._pending = self._decoded(data)
            except _Retryable as error:
                self._failed(str(error), error.retry_after)
            except (OSError, http.client.HTTPException, zlib.error) as error:
                self._failed(describe(error))
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        self._delivered(count)
        return count

    def close(self) -> None:
        self._drop()
        super().close()

    def _open(self) -> None:
        self._check_deadline()
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        resuming = self.position and self._decoder is None and not self._skip
        if resuming:
            headers["Range"] = f"bytes={self.position}-"
            if self._validator:
                headers["If-Range"] = self._validator
        try:
            response = urllib.request.urlopen(urllib.request.Request(self.url, headers=headers),
                                              timeout=self.policy.timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code >= 500 or error.code in RETRYABLE_STATUS:
                raise _Retryable(f"HTTP {error.code} {error.reason}", retry_after(error.headers)) from None
            raise DownloadError(f"{self.url}: HTTP {error.code} {error.reason}") from None
        self._response = response
        self._window = (time.monotonic(), self.position)
        validator = response.headers.get("ETag") or response.headers.get("Last-Modified")
        if self.position and validator != self._validator:
            raise DownloadError(f"{self.url}: the file changed while it was downloaded "
                                f"({self._validator} -> {validator}); run the refresh again")
        self._validator = validator
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding in GZIP_ENCODINGS:
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._skip, self.total = self.position, None
        elif encoding != "identity":
            raise DownloadError(f"{self.url}: the server sent the file with Content-Encoding {encoding!r}, which "
                                f"costing does not decode (identity or gzip); use another endpoint or mirror")
        elif response.status == 206:
            self._check_range(response.headers.get("Content-Range", ""))
        else:
            length = response.headers.get("Content-Length")
            self.total = int(length) if length and length.isdigit() else None
            if self.position:
                self._skip_raw(self.position)

    def _decoded(self, data: bytes) -> bytes:
        """`data` as delivered: decompressed for a gzip body, less what was delivered before a restart."""
        if self._decoder is not None:
            data = self._decoder.decompress(data)
        if self._skip:
            dropped = min(self._skip, len(data))
            data, self._skip = data[dropped:], self._skip - dropped
        return data

    def _body_complete(self) -> bool:
        """At the end of a response: True when the body is whole, else the failure is counted."""
        if self._decoder is not None and not self._decoder.eof:
            self._failed("connection closed mid-body (the gzip stream is incomplete)")
            return False
        if self._decoder is None and self.total is not None and self.position < self.total:
            self._failed(f"connection closed after {self.position:,} of {self.total:,} bytes")
            return False
        return True

    def _delivered(self, count: int) -> None:
        self.position += count
        if self.position - self._failed_at >= self.policy.progress_bytes:
            self._failures = 0
        if self._on_bytes is not None:
            self._on_bytes(count)
        self._check_rate()

    def _check_rate(self) -> None:
        """A DownloadError when the last rate window brought fewer bytes than the minimum rate."""
        now = time.monotonic()
        self._check_deadline(now)
        since, at = self._window
        if now - since >= self.policy.rate_window:
            rate = (self.position - at) / (now - since)
            if rate < self.policy.min_rate:
                raise DownloadError(f"{self.url}: too slow: {rate:,.0f} bytes a second over the last "
                                    f"{now - since:,.0f} s (at least {self.policy.min_rate:,.0f} expected)")
            self._window = (now, self.position)

    def _check_deadline(self, now: float | None = None) -> None:
        elapsed = (now or time.monotonic()) - self._started
        if elapsed > self.policy.deadline:
            raise DownloadError(f"{self.url}: not complete after {elapsed:,.0f} s (the deadline of a download is "
                                f"{self.policy.deadline:,.0f} s); {self.position:,} bytes read")

    def _check_range(self, content_range: str) -> None:
        match = CONTENT_RANGE.fullmatch(content_range.strip())
        if not match or int(match.group(1)) != self.position:
            raise DownloadError(f"{self.url}: asked for bytes from {self.position:,}, got Content-Range "
                                f"{content_range!r}")
        if match.group(3) != "*":
            self.total = int(match.group(3))

    def _skip_raw(self, count: int) -> None:
        """Read and drop the first `count` bytes of a full response (a server that does not do ranges)."""
        while count:
            chunk = self._response.read(min(count, 1 << 20))
            if not chunk:
                raise http.client.IncompleteRead(b"", count)
            count -= len(chunk)

    def _failed(self, reason: str, retry_after: float | None = None) -> None:
        """Drop the connection and wait before the next attempt, or give up after too many in a row, past
        the deadline, or when the server asks for a wait longer than the policy allows."""
        self._drop()
        self._failures += 1
        self._failed_at = self.position
        if self._failures >= self.policy.attempts:
            raise DownloadError(f"{self.url}: {reason} ({self._failures} attempts)")
        if retry_after is not None and retry_after > self.policy.max_retry_after:
            raise DownloadError(f"{self.url}: {reason}, and the server asks to retry after {retry_after:,.0f} s "
                                f"(more than {self.policy.max_retry_after:,.0f} s): try again later")
        wait = self.policy.delay(self._failures, retry_after)
        if time.monotonic() + wait - self._started > self.policy.deadline:
            raise DownloadError(f"{self.url}: {reason}; no time left to retry before the deadline of a download "
                                f"({self.policy.deadline:,.0f} s)")
        time.sleep(wait)
        if self._decoder is not None:  # a compressed body is read again from its start
            self._decoder, self._skip, self._pending = None, self.position, b""

    def _drop(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response = None


def retry_after(headers) -> float | None:
    """A Retry-After header in seconds (delay-seconds or an HTTP date), None when absent or unreadable."""
    value = (headers.get("Retry-After") or "").strip() if headers is not None else ""
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe(error: BaseException) -> str:
    """A short reason for a network error ("timed out", "HTTP 503 Service Unavailable", ...)."""
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        return f"cannot connect: {error.reason}"
    if isinstance(error, http.client.IncompleteRead):
        return f"connection closed mid-body ({len(error.partial)} bytes of the last chunk read)"
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, zlib.error):
        return f"the gzip-compressed body is corrupt ({error})"
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
