"""Lambda functions and provisioned concurrency to the cent on hand-checked us-east-1 prices
(aws-pricing-pages/lambda.json): requests 0.20 per million; duration x86 0.0000166667 / 0.000015 /
0.0000133334 per GB-second by tier, arm64 0.0000133334 / 0.0000120001 / 0.0000106667; ephemeral storage
0.0000000309; provisioned concurrency 0.0000041667 (x86); duration on it 0.0000097222 (x86)."""

from __future__ import annotations

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, resource, with_prices

FUNCTION = "aws:lambda/function:Function"
PROVISIONED = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
TABLE = with_prices(
    ("lambda", "us-east-1", "requests", "x86_64", "1M requests", 0.20),
    ("lambda", "us-east-1", "requests", "arm64", "1M requests", 0.20),
    ("lambda", "us-east-1", "duration", "x86_64|tier1", "GB-second", 0.0000166667),
    ("lambda", "us-east-1", "duration", "x86_64|tier2", "GB-second", 0.000015),
    ("lambda", "us-east-1", "duration", "x86_64|tier3", "GB-second", 0.0000133334),
    ("lambda", "us-east-1", "duration", "arm64|tier1", "GB-second", 0.0000133334),
    ("lambda", "us-east-1", "ephemeral-storage", "x86_64", "GB-second", 0.0000000309),
    ("lambda", "us-east-1", "provisioned-concurrency", "x86_64", "GB-second", 0.0000041667),
    ("lambda", "us-east-1", "duration-provisioned", "x86_64", "GB-second", 0.0000097222),
)


def usage(**by_name: dict) -> Usage:
    return Usage("usage.yaml", resources=by_name)


def test_a_function_with_no_settings_is_128_mb_x86_and_costs_only_what_it_is_used():
    result = priced(resource(FUNCTION, "fn", {"runtime": "python3.12"}), table=TABLE)
    lines = lines_of(result, "fn")
    assert list(lines.index) == ["requests", "duration at 128 MB, x86_64 (first 6 billion GB-seconds)"]
    assert set(lines["reason"]) == {"depends on usage"}
    assert (of(result, "fn")["status"], of(result, "fn")["monthly_usd"]) == ("priced", 0.0)


def test_duration_splits_across_the_x86_tiers():
    # 4e9 requests x 2 s x 2 GB = 16 billion GB-seconds: 6 + 9 + 1 billion
    result = priced(resource(FUNCTION, "fn", {"memorySize": 2048}), table=TABLE,
                    usage=usage(fn={"monthly_requests": 4e9, "request_duration_ms": 2000}))
    lines = lines_of(result, "fn")["monthly_usd"]
    assert lines["requests"] == cents(800.00)  # 4,000 M x 0.20
    assert lines["duration at 2048 MB, x86_64 (first 6 billion GB-seconds)"] == cents(100_000.20)  # 6e9 x 0.0000166667
    assert lines["duration at 2048 MB, x86_64 (next 9 billion GB-seconds)"] == cents(135_000.00)  # 9e9 x 0.000015
    assert lines["duration at 2048 MB, x86_64 (over 15 billion GB-seconds)"] == cents(13_333.40)  # 1e9 x 0.0000133334


def test_ephemeral_storage_is_billed_above_512_mb_only():
    both = priced(resource(FUNCTION, "small", {"ephemeralStorage": {"size": 512}}),
                  resource(FUNCTION, "big", {"ephemeralStorage": {"size": 2560}}), table=TABLE,
                  usage=usage(big={"monthly_requests": 1e6, "request_duration_ms": 1000}))
    assert list(lines_of(both, "small").index) == ["requests",
                                                   "duration at 128 MB, x86_64 (first 6 billion GB-seconds)"]
    # 1e6 requests x 1 s x (2,560 - 512) / 1,024 = 2 GB -> 2,000,000 GB-s x 0.0000000309
    assert lines_of(both, "big").loc["ephemeral storage above 512 MB (2 GB)", "monthly_usd"] == cents(0.06)


def test_what_a_function_cannot_be_priced_without():
    result = priced(resource(FUNCTION, "unknown-memory", {"memorySize": UNKNOWN}),
                    resource(FUNCTION, "sparc", {"architectures": ["sparc"]}),
                    resource(FUNCTION, "managed", {"capacityProviderConfig": {"x": 1}}), table=TABLE)
    assert of(result, "unknown-memory")["reason"] == "memory size unknown until apply"
    assert of(result, "sparc")["reason"] == "architecture 'sparc' is not priced (priced: x86_64, arm64)"
    assert of(result, "managed")["reason"] == ("functions on a Lambda capacity provider (Lambda Managed Instances) "
                                               "are not priced")


def test_provisioned_concurrency_is_billed_all_month_at_its_functions_memory():
    fn = resource(FUNCTION, "fn", {"name": "checkout", "memorySize": 2048})
    by_arn = resource(PROVISIONED, "by-arn", {"functionName": "arn:aws:lambda:us-east-1:123456789012:function:checkout",
                                              "provisionedConcurrentExecutions": 10})
    result = priced(fn, by_arn, table=TABLE, usage=usage(**{"by-arn": {"monthly_requests": 2e6,
                                                                       "request_duration_ms": 50}}))
    lines = lines_of(result, "by-arn")["monthly_usd"]
    # 10 x 2 GB x 730 h x 3,600 s = 52,560,000 GB-s x 0.0000041667
    assert lines["provisioned concurrency (10 x 2048 MB, x86_64, 730 hours)"] == cents(219.00)
    assert lines["requests"] == cents(0.40)  # 2 M x 0.20
    # 2e6 x 0.05 s x 2 GB = 200,000 GB-s x 0.0000097222
    assert lines["duration on provisioned concurrency at 2048 MB, x86_64"] == cents(1.94)


def test_provisioned_concurrency_needs_its_function_and_a_count():
    fn = resource(FUNCTION, "fn", {"name": "checkout"})
    result = priced(fn, resource(PROVISIONED, "unknown", {"functionName": UNKNOWN,
                                                          "provisionedConcurrentExecutions": 1}),
                    resource(PROVISIONED, "uncounted", {"functionName": "checkout"}), table=TABLE)
    assert of(result, "unknown")["reason"] == "function name unknown until apply"
    assert of(result, "uncounted")["reason"] == "provisioned concurrent executions not set"
