"""`costing prices refresh` end to end against the fixture server, and `costing prices info` after it."""

from __future__ import annotations

import json

import pytest

from costing.cache import CACHE_ENV
from costing.cli import main
from tests.refresh_server import FixtureServer, standard_site

KMS_PATH = "/offers/v1.0/aws/awskms/20260901120000/eu-west-1/index.csv"


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return exited.value.code, out, err


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def test_refresh_then_info_shows_the_cache(capsys, cache_dir):
    with FixtureServer(standard_site().routes()) as server:
        code, out, err = run(capsys, "prices", "refresh", "--endpoint", server.url, "--regions", "eu-west-1",
                             "--services", "kms,secretsmanager", "--format", "json")
    assert (code, err) == (0, f"costing: prices saved in the cache {cache_dir / 'prices'}\n")
    assert json.loads(out) == [  # in the order asked for
        {"offer": "awskms", "regions": 1, "prices": 1, "reserved": 0, "rows": 1, "MB": 0.0, "as_of": "2026-09-01",
         "status": "ok"},
        {"offer": "AWSSecretsManager", "regions": 1, "prices": 1, "reserved": 0, "rows": 1, "MB": 0.0,
         "as_of": "2026-09-01", "status": "ok"}]
    code, out, _ = run(capsys, "prices", "info", "--format", "json")
    services = {row["service"]: row for row in json.loads(out)}
    assert code == 0
    assert (services["kms"]["as_of"], services["kms"]["origin"]) == ("2026-09-01", "cache; embedded snapshot")
    assert (services["ec2"]["origin"], services["ec2"]["items_with_gaps"]) == ("embedded snapshot", 1303)
    code, out, _ = run(capsys, "prices", "lookup", "kms", "key", "--region", "eu-west-1", "--format", "json")
    assert json.loads(out)[0]["source"] == f"{server.url}{KMS_PATH}"


def test_refresh_table_names_the_cache(capsys, cache_dir):
    with FixtureServer(standard_site().routes()) as server:
        code, out, _ = run(capsys, "prices", "refresh", "--endpoint", server.url, "--regions", "eu-west-1",
                           "--services", "awskms")
    assert code == 0
    assert out.splitlines()[0] == f"Price refresh from {server.url}"
    assert out.splitlines()[-1] == " awskms         1        1          0      1   0.0   2026-09-01   ok"


def test_a_failed_refresh_exits_2_naming_the_offer_and_keeps_the_cache(capsys, cache_dir):
    routes = standard_site().routes()
    del routes[KMS_PATH]
    with FixtureServer(routes) as server:
        code, out, err = run(capsys, "prices", "refresh", "--endpoint", server.url, "--regions", "eu-west-1",
                             "--services", "kms")
    assert code == 2
    assert out.splitlines()[-1] == (" awskms         0        0          0      0   0.0           "
                                    "failed (previous prices kept)")
    assert err == (f"costing: nothing saved: the previous prices are kept in the cache {cache_dir / 'prices'}\n"
                   f"costing: error: price refresh failed for awskms: {server.url}{KMS_PATH}: HTTP 404 Not Found\n")
    assert list(cache_dir.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (["--services", "lambda"], "costing: error: --services 'lambda': not a service the rules price; use offer codes "
                               "(AmazonCloudWatch, AmazonEC2, AmazonGrafana, AmazonRDS and 16 more) or catalog services "
                               "(acm-pca, cloudformation, cloudhsm, cloudtrail and 19 more)"),
    (["--services", "rds-storge"], "costing: error: --services 'rds-storge': not a service the rules price (closest: "
                                   "rds-storage); use offer codes (AmazonCloudWatch, AmazonEC2, AmazonGrafana, "
                                   "AmazonRDS and 16 more) or catalog services (acm-pca, cloudformation, cloudhsm, "
                                   "cloudtrail and 19 more)"),
    (["--regions", "eu-west-1,"], "costing: error: --regions 'eu-west-1,': expected comma-separated region codes "
                                  "such as us-east-1,eu-west-1, or all"),
    (["--endpoint", "ftp://mirror"], "costing: error: --endpoint 'ftp://mirror': expected an http(s) URL such as "
                                     "https://pricing.us-east-1.amazonaws.com"),
])
def test_bad_options_exit_2_with_one_line(capsys, cache_dir, args, message):
    code, out, err = run(capsys, "prices", "refresh", *args)
    assert (code, out, err) == (2, "", message + "\n")
