"""The usage file: per-type defaults, per-resource overrides, and one clear error per mistake."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costing.errors import InputError
from costing.rules import RULE_MODULES, usage_keys
from costing.usage import Usage, load_usage
from tests.pricing_helpers import frame, resource, urn

NAT = "aws:ec2/natGateway:NatGateway"
LB = "aws:lb/loadBalancer:LoadBalancer"
DB = "aws:rds/instance:Instance"
DOCDB = "aws:docdb/cluster:Cluster"
# The types whose lines read usage keys, in short form, sorted: derived, as every service merge adds some.
TYPES_WITH_USAGE = sorted(type_token.rsplit(":", 1)[0] for type_token in RULE_MODULES if usage_keys(type_token))


def write(tmp_path, text: str):
    path = tmp_path / "usage.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_accept_full_short_and_alias_type_tokens_and_older_key_names(tmp_path):
    usage = load_usage(write(tmp_path, """
defaults:
  aws:ec2/natGateway:NatGateway:
    monthly_gb_processed: 500
  aws:alb/loadBalancer:
    lcu_per_hour: 2.5
  aws:rds/instance:
    backup_storage_gb: 1e3
"""))
    assert usage.defaults == {NAT: {"monthly_data_processed_gb": 500.0}, LB: {"lcu_per_hour": 2.5},
                              DB: {"additional_backup_storage_gb": 1000.0}}
    assert usage.path == str(tmp_path / "usage.yaml")


def test_a_key_name_that_is_also_another_keys_older_name_means_both_for_an_entry_naming_both_types(tmp_path):
    # backup_storage_gb: DocumentDB's key, and the older name of RDS's additional_backup_storage_gb
    usage = load_usage(write(tmp_path, f"""
resources:
  catalog:
    backup_storage_gb: 20
  orders:
    backup_storage_gb: 30
    additional_backup_storage_gb: 40
  "{urn(DB, 'billing')}":
    backup_storage_gb: 50
"""))
    stack = frame(resource(DB, "catalog"), resource(DOCDB, "catalog"), resource(DB, "orders"), resource(DB, "billing"))
    checked = usage.checked_against(stack, "the test stack")
    assert checked.resources["catalog"] == {"additional_backup_storage_gb": 20.0, "backup_storage_gb": 20.0}
    assert checked.resources["orders"] == {"additional_backup_storage_gb": 40.0}  # its own name wins
    assert checked.resources[urn(DB, "billing")] == {"additional_backup_storage_gb": 50.0}


def test_a_resource_value_wins_over_the_default_and_a_urn_over_a_name(tmp_path):
    web_urn = urn(LB, "web")
    usage = load_usage(write(tmp_path, f"""
defaults:
  aws:lb/loadBalancer:
    lcu_per_hour: 1
    monthly_data_transfer_out_gb: 10
resources:
  web:
    lcu_per_hour: 5
  "{web_urn}":
    monthly_data_transfer_out_gb: 70
  api:
    lcu_per_hour: 3
"""))
    resources = frame(resource(LB, "web"), resource(LB, "api"), resource(LB, "admin"))
    checked = usage.checked_against(resources, "the test stack")
    quantities = checked.quantities(resources).set_index(["urn", "usage_key"])["quantity"].to_dict()
    assert quantities == {
        (web_urn, "lcu_per_hour"): 5.0, (web_urn, "monthly_outbound_internet_gb"): 70.0,
        (urn(LB, "api"), "lcu_per_hour"): 3.0, (urn(LB, "api"), "monthly_outbound_internet_gb"): 10.0,
        (urn(LB, "admin"), "lcu_per_hour"): 1.0, (urn(LB, "admin"), "monthly_outbound_internet_gb"): 10.0,
    }


def test_an_empty_file_means_no_usage(tmp_path):
    usage = load_usage(write(tmp_path, "# nothing yet\n"))
    assert usage.quantities(frame(resource(NAT, "nat"))).empty


@pytest.mark.parametrize(("text", "message"), [
    ("defaults:\n  aws:ec2/natGateway:\n    gb_processed: 5\n",
     "usage.yaml: defaults.aws:ec2/natGateway.gb_processed: unknown usage key (closest: monthly_data_processed_gb) "
     "(allowed: monthly_data_processed_gb, monthly_outbound_internet_gb)"),
    ("defaults:\n  aws:ec2/natGateway:\n    monthly_gb_processed: -5\n",
     "usage.yaml: defaults.aws:ec2/natGateway.monthly_gb_processed: must be a number from 0 to "
     "1,000,000,000,000,000, got -5"),
    ("resources:\n  nat:\n    monthly_gb_processed: lots\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000,000,000, got 'lots'"),
    ("resources:\n  nat:\n    monthly_gb_processed: true\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000,000,000, got True"),
    ("resources:\n  nat:\n    monthly_gb_processed: .nan\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000,000,000, got nan"),
    ("defaults:\n  aws:iam/role:Role:\n    monthly_gb_processed: 5\n",
     "usage.yaml: defaults.aws:iam/role:Role: no usage keys for this resource type (types with usage: "
     f"{', '.join(TYPES_WITH_USAGE)})"),
    ("defaults:\n  aws:s3/buckt:\n    monthly_gb_processed: 5\n",
     "usage.yaml: defaults.aws:s3/buckt: no usage keys for this resource type (closest: aws:s3/bucket, "
     f"aws:s3/bucketV2) (types with usage: {', '.join(TYPES_WITH_USAGE)})"),
    ("default:\n  aws:ec2/natGateway:\n    monthly_gb_processed: 5\n",
     "usage.yaml: unknown section 'default' (allowed: defaults, resources)"),
    ("- monthly_gb_processed: 5\n",
     "usage.yaml: a usage file is a mapping with `defaults` and/or `resources`, got list"),
    ("defaults: 5\n", "usage.yaml: defaults: must be a mapping, got int"),
    ("resources:\n  nat: [1, 2]\n", "usage.yaml: resources.nat: must be a mapping, got list"),
    ("defaults:\n  aws:ec2/natGateway: {monthly_gb_processed: 5\n",
     "usage.yaml: not valid YAML: expected ',' or '}', but got '<stream end>' (line 3, column 1)"),
    ("defaults:\n  aws:cloudfront/distribution:\n    monthly_https_requests:\n      us: lots\n",
     "usage.yaml: defaults.aws:cloudfront/distribution.monthly_https_requests.us: must be a number from 0 to "
     "1,000,000,000,000,000, got 'lots'"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_usage("usage.yaml")
    assert str(error.value) == message


def test_the_types_with_usage_are_those_whose_rules_read_keys():
    assert {"aws:ec2/natGateway", "aws:lb/loadBalancer", "aws:s3/bucket", "aws:dynamodb/table", "aws:lambda/function",
            "aws:glue/job", "aws:rds/cluster", "aws:elasticache/serverlessCache", "aws:sqs/queue", "aws:sns/topic",
            "aws:kinesis/stream", "aws:cloudfront/distribution", "aws:route53/record"} < set(TYPES_WITH_USAGE)
    assert not {"aws:iam/role", "aws:ec2/eip", "aws:ecs/service"} & set(TYPES_WITH_USAGE)  # free, or no usage lines


STACK = frame(resource(NAT, "nat-a"), resource(LB, "web"), resource("aws:ec2/eip:Eip", "ip"),
              resource("aws:cloudfront/function:Function", "fn"))


@pytest.mark.parametrize("text, message", [
    ("resources:\n  nat-b:\n    monthly_data_processed_gb: 5\n",
     "usage.yaml: resources.nat-b: no resource of that name or URN in the test stack (closest: nat-a)"),
    ("resources:\n  database:\n    storage_gb: 5\n",
     "usage.yaml: resources.database: no resource of that name or URN in the test stack"),
    ("resources:\n  nat-a:\n    monthly_gb: 5\n",
     "usage.yaml: resources.nat-a.monthly_gb: unknown usage key (closest: monthly_data_processed_gb) (allowed: "
     "monthly_data_processed_gb, monthly_outbound_internet_gb)"),
    ("resources:\n  nat-a:\n    storage: 5\n",
     "usage.yaml: resources.nat-a.storage: unknown usage key (allowed: monthly_data_processed_gb, "
     "monthly_outbound_internet_gb)"),
    ("resources:\n  web:\n    lcu_per_hours: 5\n",
     "usage.yaml: resources.web.lcu_per_hours: unknown usage key (closest: lcu_per_hour, nlcu_per_hour) (allowed: "
     "lcu_per_hour, monthly_outbound_internet_gb, nlcu_per_hour)"),
    (f"resources:\n  {urn('aws:ec2/eip:Eip', 'ip')}:\n    monthly_data_processed_gb: 5\n",
     f"usage.yaml: resources.{urn('aws:ec2/eip:Eip', 'ip')}.monthly_data_processed_gb: unknown usage key (allowed: "
     f"none: this resource type has no usage lines)"),
    (f"resources:\n  {urn('aws:cloudfront/function:Function', 'fn')}:\n    monthly_requests: {{us: 5}}\n",
     f"usage.yaml: resources.{urn('aws:cloudfront/function:Function', 'fn')}.monthly_requests.us: unknown usage key "
     f"(closest: monthly_requests) (allowed: monthly_requests)"),
])
def test_a_resource_entry_must_name_a_resource_and_keys_its_type_reads(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_usage("usage.yaml").checked_against(STACK, "the test stack")
    assert str(error.value) == message


def test_null_means_no_value_yet_and_older_key_names_read_as_the_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "resources:\n  nat-a:\n    monthly_gb_processed: 5\n    monthly_outbound_internet_gb: null\n")
    usage = load_usage("usage.yaml").checked_against(STACK, "the test stack")
    assert usage.resources == {"nat-a": {"monthly_data_processed_gb": 5.0}}


def test_an_unreadable_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError) as error:
        load_usage(missing)
    assert str(error.value) == f"{missing}: file not found"


@settings(max_examples=60, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_a_value_is_kept_when_it_is_a_number_from_0_to_a_billion_and_refused_otherwise(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("usage") / "usage.yaml"
    path.write_text(f"defaults:\n  aws:ec2/natGateway:\n    monthly_gb_processed: {value!r}\n", encoding="utf-8")
    if 0 <= value <= 1e15:
        assert load_usage(path).defaults[NAT]["monthly_data_processed_gb"] == float(value)
    else:
        with pytest.raises(InputError, match=r"monthly_gb_processed: must be a number from 0 to "
                                             r"1,000,000,000,000,000, got "):
            load_usage(path)


def test_quantities_of_no_resource_is_an_empty_table():
    quantities = Usage("usage.yaml", defaults={NAT: {"monthly_gb_processed": 1.0}}).quantities(frame())
    assert list(quantities.columns) == ["urn", "usage_key", "quantity"] and quantities.empty


def test_a_value_nested_one_level_reads_as_its_dotted_key_as_infracost_writes_region_groups(tmp_path):
    usage = load_usage(write(tmp_path, """
defaults:
  aws:cloudfront/distribution:
    monthly_https_requests:
      us: 2000000
resources:
  site:
    monthly_https_requests.europe: 300
    monthly_data_transfer_to_internet_gb: {us: 1e3}
"""))
    assert usage.defaults == {"aws:cloudfront/distribution:Distribution": {"monthly_https_requests.us": 2_000_000.0}}
    assert usage.resources == {"site": {"monthly_https_requests.europe": 300.0,
                                        "monthly_data_transfer_to_internet_gb.us": 1000.0}}


def test_an_s3_bucket_reads_infracosts_nested_storage_classes_as_its_dotted_keys(tmp_path, monkeypatch):
    # S3's keys were named `class.key` so that infracost's nested usage files carry over: they now read as written
    usage = load_usage(write(tmp_path, """
defaults:
  aws:s3/bucket:
    standard:
      storage_gb: 100
      monthly_tier_1_requests: 2000
resources:
  logs:
    standard_infrequent_access: {storage_gb: 50}
    standard.storage_gb: 10
"""))
    assert usage.defaults == {"aws:s3/bucket:Bucket": {"standard.storage_gb": 100.0,
                                                       "standard.monthly_tier_1_requests": 2000.0}}
    assert usage.resources == {"logs": {"standard_infrequent_access.storage_gb": 50.0, "standard.storage_gb": 10.0}}
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "defaults:\n  aws:s3/bucket:\n    standard: {storage_gbs: 1}\n")
    with pytest.raises(InputError) as error:
        load_usage("usage.yaml")
    allowed = ", ".join(sorted(key.name for key in usage_keys("aws:s3/bucket:Bucket")))
    assert str(error.value) == ("usage.yaml: defaults.aws:s3/bucket.standard.storage_gbs: unknown usage key "
                                "(closest: standard.storage_gb, standard_infrequent_access.storage_gb) "
                                f"(allowed: {allowed})")
