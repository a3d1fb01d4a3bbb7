"""CodeBuild projects, Lightsail instances and MWAA environments: what picks their price, and what
leaves them unpriced, with the exact reasons."""

from __future__ import annotations


from tests.pricing_helpers import cents, lines_of, of, priced, resource, with_prices

PROJECT = "aws:codebuild/project:Project"
INSTANCE = "aws:lightsail/instance:Instance"
ENVIRONMENT = "aws:mwaa/environment:Environment"
TABLE = with_prices(
    ("codebuild", "us-east-1", "gpu1.small", "linux", "minute", 0.05),
    ("lightsail", "us-east-1", "xlarge", "windows|ipv6", "hour", 0.16129),
    ("mwaa", "us-east-1", "environment", "small", "hour", 0.49),
)


def project(kind: str, compute: str, **environment) -> dict:
    return {"environment": {"type": kind, "computeType": compute, **environment}}


def test_codebuild_prices_ec2_compute_by_family_and_size():
    result = priced(resource(PROJECT, "gpu", project("LINUX_GPU_CONTAINER", "BUILD_GENERAL1_SMALL")), table=TABLE)
    line = lines_of(result, "gpu").iloc[0]
    assert (line.name, line["unit_usd"], line["reason"]) == ("gpu1.small build minutes (linux)", 0.05,
                                                             "depends on usage")


def test_codebuild_reasons():
    result = priced(
        resource(PROJECT, "lambda", project("ARM_LAMBDA_CONTAINER", "BUILD_LAMBDA_2GB")),
        resource(PROJECT, "fleet", project("LINUX_CONTAINER", "BUILD_GENERAL1_SMALL", fleet={"fleetArn": "arn:x"})),
        resource(PROJECT, "mac", project("MAC_ARM", "BUILD_GENERAL1_MEDIUM")),
        resource(PROJECT, "custom", project("LINUX_EC2", "CUSTOM_INSTANCE_TYPE")), table=TABLE)
    assert of(result, "lambda")["reason"] == ("Lambda compute is billed by the second, a unit the pricing data does "
                                              "not state: not priced")
    assert of(result, "fleet")["reason"] == "builds run on a reserved-capacity fleet, billed on the fleet (not priced)"
    assert of(result, "mac")["reason"] == ("environment type MAC_ARM is not priced (priced: the Linux, ARM, GPU and "
                                           "Windows container and EC2 types)")
    assert of(result, "custom")["reason"] == ("compute type CUSTOM_INSTANCE_TYPE is not priced "
                                              "(priced: BUILD_GENERAL1_*)")


def test_lightsail_bundles_by_size_platform_and_network():
    result = priced(resource(INSTANCE, "win6", {"bundleId": "xlarge_win_ipv6_3_0"}),
                    resource(INSTANCE, "old", {"bundleId": "small_2_0"}), table=TABLE)
    assert of(result, "win6")["monthly_usd"] == cents(117.74)  # 0.16129 x 730
    assert of(result, "old")["reason"] == ("bundle 'small_2_0' is not priced (priced: <size>[_win][_ipv6]_3_0, nano to "
                                           "4xlarge)")


def test_an_mwaa_environment_is_mw1_small_by_default():
    result = priced(resource(ENVIRONMENT, "airflow", {}), table=TABLE)
    assert lines_of(result, "airflow").loc["environment (small)", "monthly_usd"] == cents(357.70)  # 0.49 x 730
