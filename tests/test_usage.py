"""The usage file: per-type defaults, per-resource overrides, and one clear error per mistake."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costing.errors import InputError
from costing.usage import Usage, load_usage
from tests.pricing_helpers import frame, resource, urn

NAT = "aws:ec2/natGateway:NatGateway"
LB = "aws:lb/loadBalancer:LoadBalancer"
DB = "aws:rds/instance:Instance"


def write(tmp_path, text: str):
    path = tmp_path / "usage.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_accept_full_short_and_alias_type_tokens(tmp_path):
    usage = load_usage(write(tmp_path, """
defaults:
  aws:ec2/natGateway:NatGateway:
    monthly_gb_processed: 500
  aws:alb/loadBalancer:
    lcu_per_hour: 2.5
  aws:rds/instance:
    backup_storage_gb: 1e3
"""))
    assert usage.defaults == {NAT: {"monthly_gb_processed": 500.0}, LB: {"lcu_per_hour": 2.5},
                              DB: {"backup_storage_gb": 1000.0}}
    assert usage.path == str(tmp_path / "usage.yaml")


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
    quantities = usage.quantities(resources).set_index(["urn", "usage_key"])["quantity"].to_dict()
    assert quantities == {
        (web_urn, "lcu_per_hour"): 5.0, (web_urn, "monthly_data_transfer_out_gb"): 70.0,
        (urn(LB, "api"), "lcu_per_hour"): 3.0, (urn(LB, "api"), "monthly_data_transfer_out_gb"): 10.0,
        (urn(LB, "admin"), "lcu_per_hour"): 1.0, (urn(LB, "admin"), "monthly_data_transfer_out_gb"): 10.0,
    }


def test_an_empty_file_means_no_usage(tmp_path):
    usage = load_usage(write(tmp_path, "# nothing yet\n"))
    assert usage.quantities(frame(resource(NAT, "nat"))).empty


@pytest.mark.parametrize(("text", "message"), [
    ("defaults:\n  aws:ec2/natGateway:\n    gb_processed: 5\n",
     "usage.yaml: defaults.aws:ec2/natGateway.gb_processed: unknown usage key "
     "(allowed: monthly_gb_processed, monthly_data_transfer_out_gb)"),
    ("defaults:\n  aws:ec2/natGateway:\n    monthly_gb_processed: -5\n",
     "usage.yaml: defaults.aws:ec2/natGateway.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got -5"),
    ("resources:\n  nat:\n    monthly_gb_processed: lots\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got 'lots'"),
    ("resources:\n  nat:\n    monthly_gb_processed: true\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got True"),
    ("resources:\n  nat:\n    monthly_gb_processed: .nan\n",
     "usage.yaml: resources.nat.monthly_gb_processed: must be a number from 0 to 1,000,000,000, got nan"),
    ("resources:\n  urn:pulumi:dev::webstack::aws:ec2/eip:Eip::ip:\n    monthly_gb_processed: 5\n",
     "usage.yaml: resources.urn:pulumi:dev::webstack::aws:ec2/eip:Eip::ip.monthly_gb_processed: unknown usage key "
     "(allowed: none: this resource type has no usage lines)"),
    ("defaults:\n  aws:s3/bucket:Bucket:\n    monthly_gb_processed: 5\n",
     "usage.yaml: defaults.aws:s3/bucket:Bucket: no usage keys for this resource type (types with usage: "
     "aws:autoscaling/group, aws:cloudwatch/logGroup, aws:ec2/instance, aws:ec2/natGateway, aws:ec2/vpcEndpoint, "
     "aws:elb/loadBalancer, aws:lb/loadBalancer, aws:rds/instance)"),
    ("default:\n  aws:ec2/natGateway:\n    monthly_gb_processed: 5\n",
     "usage.yaml: unknown section 'default' (allowed: defaults, resources)"),
    ("- monthly_gb_processed: 5\n",
     "usage.yaml: a usage file is a mapping with `defaults` and/or `resources`, got list"),
    ("defaults: 5\n", "usage.yaml: defaults: must be a mapping, got int"),
    ("resources:\n  nat: [1, 2]\n", "usage.yaml: resources.nat: must be a mapping, got list"),
    ("defaults:\n  aws:ec2/natGateway: {monthly_gb_processed: 5\n",
     "usage.yaml: not valid YAML: expected ',' or '}', but got '<stream end>' (line 3, column 1)"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_usage("usage.yaml")
    assert str(error.value) == message


def test_the_list_of_every_key_is_complete_for_a_name_entry(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "resources:\n  nat:\n    monthly_gb: 5\n")
    with pytest.raises(InputError) as error:
        load_usage("usage.yaml")
    assert str(error.value) == (
        "usage.yaml: resources.nat.monthly_gb: unknown usage key (allowed: backup_storage_gb, lcu_per_hour, "
        "monthly_data_transfer_out_gb, monthly_gb_ingested, monthly_gb_processed, nlcu_per_hour, stored_gb)")


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
    if 0 <= value <= 1e9:
        assert load_usage(path).defaults[NAT]["monthly_gb_processed"] == float(value)
    else:
        with pytest.raises(InputError, match=r"monthly_gb_processed: must be a number from 0 to 1,000,000,000, got "):
            load_usage(path)


def test_quantities_of_no_resource_is_an_empty_table():
    quantities = Usage("usage.yaml", defaults={NAT: {"monthly_gb_processed": 1.0}}).quantities(frame())
    assert list(quantities.columns) == ["urn", "usage_key", "quantity"] and quantities.empty
