"""A price refresh against servers that misbehave on purpose or by accident: a gzip-compressed body, a file
cut at a row boundary with a matching Content-Length, bytes trickled one at a time, an index pointing at
a local file or another host, a server asking to retry later. Each refresh ends, in bounded time, with
the prices right or the offer failed and the previous prices kept.
"""

from __future__ import annotations

import json

import pytest

from costing.catalog import load_catalog
from costing.refresh import RetryPolicy, refresh_prices
from costing.refresh import download as download_module
from tests.refresh_server import Body, FixtureServer, fast_retries, files_under, kms_rows, offer_csv, standard_site

KMS_PATH = "/offers/v1.0/aws/awskms/20260901120000/us-east-1/index.csv"
EC2_PATH = "/offers/v1.0/aws/AmazonEC2/20260901120000/us-east-1/index.csv"
REGION_INDEX = "/offers/v1.0/aws/awskms/current/region_index.json"
ON_DEMAND = "linux-ondemand-shared"


def refresh(server, services=("kms",), retry=None):
    return refresh_prices(regions=["us-east-1"], services=list(services), endpoint=server.url, progress=False,
                          retry=retry or fast_retries())


def test_a_gzip_compressed_offer_file_is_decompressed(costing_script):
    routes = standard_site().routes()
    routes[EC2_PATH].gzip = True
    with FixtureServer(routes) as server:
        done = costing_script("prices", "refresh", "--endpoint", server.url, "--regions", "us-east-1",
                              "--services", "ec2", "-f", "json")
        lookup = costing_script("prices", "lookup", "ec2", "t3.micro", "--region", "us-east-1", "--variant",
                                ON_DEMAND, "-f", "json")
    assert done.returncode == 0, done.stderr
    assert [(row["offer"], row["prices"], row["status"]) for row in json.loads(done.stdout)] == [
        ("AmazonEC2", 11, "ok")]
    assert json.loads(lookup.stdout)[0]["usd"] == 0.0104


def test_a_gzip_body_cut_short_is_read_again_from_its_start(cache_dir):
    routes = standard_site().routes()
    route = routes[EC2_PATH]
    route.gzip, route.drop_after, route.drops = True, 500, 2
    with FixtureServer(routes) as server:
        report = refresh(server, services=("ec2",))
    assert report.ok, report.failures
    assert [request["range"] for request in route.requests] == [None, None, None]
    assert load_catalog().lookup("ec2", "t3.micro", "us-east-1", ON_DEMAND).loc[0, "usd"] == 0.0104


def test_an_encoding_costing_cannot_decode_fails_in_one_line(costing_script):
    routes = standard_site().routes()
    routes[KMS_PATH].content_encoding = "br"
    with FixtureServer(routes) as server:
        done = costing_script("prices", "refresh", "--endpoint", server.url, "--regions", "us-east-1",
                              "--services", "kms")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        f"costing: error: price refresh failed for awskms: {server.url}{KMS_PATH}: the server sent the file with "
        f"Content-Encoding 'br', which costing does not decode (identity or gzip); use another endpoint or mirror")


def test_a_file_cut_at_a_row_boundary_fails_when_it_lost_most_of_its_rows(cache_dir):
    with FixtureServer(standard_site().routes()) as server:
        assert refresh(server, services=("ec2",)).ok
    before = files_under(cache_dir / "prices")
    routes = standard_site().routes()
    body = routes[EC2_PATH].body
    lines = body.head.decode().splitlines(keepends=True)
    body.head = "".join(lines[:8]).encode()  # metadata, header and the first two rows: whole lines
    with FixtureServer(routes) as server:
        report = refresh(server, services=("ec2",))
    assert report.failures == [f"AmazonEC2: {server.url}{EC2_PATH}: 1 ec2 price(s) in us-east-1 where the last "
                               f"refresh kept 3: most of its rows are missing (a file cut short?)"]
    assert files_under(cache_dir / "prices") == before


def test_a_server_that_trickles_bytes_fails_on_the_minimum_rate(cache_dir):
    routes = standard_site().routes()
    routes[KMS_PATH].trickle = 0.05  # 20 bytes a second, each byte well inside the socket timeout
    policy = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.01, timeout=5, min_rate=1000, rate_window=0.5)
    with FixtureServer(routes) as server:
        report = refresh(server, retry=policy)
    [failure] = report.failures
    assert failure.startswith(f"awskms: {server.url}{KMS_PATH}: too slow: ")
    assert failure.endswith(" bytes a second over the last 1 s (at least 1,000 expected)")
    assert report.generation is None


def test_a_download_has_a_deadline(cache_dir):
    routes = standard_site().routes()
    routes[KMS_PATH].trickle = 0.05
    policy = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.01, timeout=5, min_rate=0, deadline=0.5)
    with FixtureServer(routes) as server:
        report = refresh(server, retry=policy)
    [failure] = report.failures
    assert failure.startswith(f"awskms: {server.url}{KMS_PATH}: not complete after 1 s (the deadline of a download "
                              f"is 0 s); ")


def test_bytes_dribbled_between_drops_do_not_reset_the_failure_count(cache_dir):
    routes = standard_site().routes()
    route = routes[EC2_PATH]
    route.drop_after, route.drops = 10, 1000  # 10 bytes, then the connection drops, again and again
    with FixtureServer(routes) as server:
        report = refresh(server, services=("ec2",))
    assert report.failures[0].endswith("(3 attempts)")
    assert len(route.requests) == 3


@pytest.mark.parametrize("url, refused", [
    ("file://{folder}/offer.json", "'file://{folder}/offer.csv' is not an http(s) URL on {host}: refused"),
    ("http://example.invalid/offer.json", "'http://example.invalid/offer.csv' is not an http(s) URL on {host}: "
                                          "refused"),
])
def test_an_index_pointing_elsewhere_is_refused(cache_dir, tmp_path, url, refused):
    (tmp_path / "offer.csv").write_bytes(offer_csv("awskms", kms_rows("us-east-1")))  # a local file that would do
    routes = standard_site().routes()
    routes[REGION_INDEX].body = Body(json.dumps({"regions": {"us-east-1": {
        "currentVersionUrl": url.format(folder=tmp_path)}}}).encode())
    with FixtureServer(routes) as server:
        report = refresh(server)
        host = server.url.removeprefix("http://")
    assert report.failures == [f"awskms: {server.url}{REGION_INDEX}: region us-east-1: "
                               + refused.format(folder=tmp_path, host=host)]
    assert report.generation is None


def test_retry_after_is_honoured(cache_dir, monkeypatch):
    waits = []
    monkeypatch.setattr(download_module.time, "sleep", waits.append)
    routes = standard_site().routes()
    routes[KMS_PATH].fail_first, routes[KMS_PATH].retry_after = 2, "3"
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.ok and waits == [3.0, 3.0]


def test_a_retry_after_beyond_the_policy_fails_at_once(cache_dir, monkeypatch):
    monkeypatch.setattr(download_module.time, "sleep", lambda seconds: pytest.fail(f"slept {seconds} s"))
    routes = standard_site().routes()
    routes[KMS_PATH].fail_first, routes[KMS_PATH].retry_after = 1, "86400"
    with FixtureServer(routes) as server:
        report = refresh(server)
    assert report.failures == [f"awskms: {server.url}{KMS_PATH}: HTTP 503 Service Unavailable, and the server asks "
                               f"to retry after 86,400 s (more than 300 s): try again later"]


def test_backoff_has_jitter():
    policy = RetryPolicy(backoff=1.0, max_backoff=30.0)
    assert policy.delay(3, uniform=lambda low, high: low) == 2.0  # half of 4 s fixed ...
    assert policy.delay(3, uniform=lambda low, high: high) == 4.0  # ... half random
    assert policy.delay(9, uniform=lambda low, high: high) == 30.0  # capped
    delays = {policy.delay(3) for _ in range(20)}
    assert len(delays) > 10 and all(2.0 <= delay <= 4.0 for delay in delays)
    assert policy.delay(1, retry_after=7.0) == 7.0
