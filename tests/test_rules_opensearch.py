"""OpenSearch and Elasticsearch domains: the provider's defaults, data, master and UltraWarm nodes, EBS per
data node with what gp3 includes, and why a domain is unpriced."""

from __future__ import annotations

import pandas as pd
import pytest

from costing.rules import opensearch
from costing.schema import UNKNOWN
from tests.pricing_helpers import frame, resource


def rule_lines(type_token: str = opensearch.DOMAIN, **inputs) -> pd.DataFrame:
    inventory = frame(resource(type_token, "domain", {"domainName": "domain", **inputs}))
    return opensearch.lines(inventory, inventory)


def test_a_domain_without_a_cluster_config_is_one_m3_medium_node_without_ebs():
    lines = rule_lines()
    assert list(zip(lines["item"], lines["quantity"], lines["description"])) == [
        ("m3.medium.search", 1.0, "m3.medium.search data nodes")]


def test_elasticsearch_types_are_priced_as_the_search_types_they_are_now():
    lines = rule_lines(opensearch.ELASTICSEARCH_DOMAIN, clusterConfig={
        "instanceType": "r5.large.elasticsearch", "instanceCount": 2, "dedicatedMasterEnabled": True})
    assert list(zip(lines["item"], lines["quantity"], lines["description"])) == [
        ("r5.large.search", 2.0, "r5.large.search data nodes"),
        ("r5.large.search", 3.0, "r5.large.search dedicated master nodes")]  # 3 masters of the data type


def test_ebs_is_per_data_node_and_gp3_charges_iops_and_throughput_above_what_it_includes():
    lines = rule_lines(clusterConfig={"instanceType": "r6g.large.search", "instanceCount": 3},
                       ebsOptions={"ebsEnabled": True, "volumeType": "gp3", "volumeSize": 200, "iops": 5000,
                                   "throughput": 250})
    assert list(zip(lines["item"], lines["variant"], lines["quantity"])) == [
        ("r6g.large.search", "", 3.0), ("storage", "gp3", 600.0),
        ("gp3-iops", "", 6000.0), ("gp3-throughput", "", 375.0)]  # (5,000 - 3,000) x 3; (250 - 125) x 3
    assert lines["note"].iloc[2] == "the shared price data (aws-pricing-pages/es.json) has no OpenSearch gp3 " \
                                    "provisioned IOPS price"


def test_io1_adds_its_provisioned_iops_and_gp2_is_the_default_volume_type():
    io1 = rule_lines(ebsOptions={"ebsEnabled": True, "volumeType": "io1", "volumeSize": 100, "iops": 1000})
    assert list(io1["item"]) == ["m3.medium.search", "storage", "io1-iops"]
    default = rule_lines(ebsOptions={"ebsEnabled": True, "volumeSize": 10})
    assert list(default["variant"]) == ["", "gp2"]
    assert list(rule_lines(ebsOptions={"ebsEnabled": False, "volumeSize": 10})["item"]) == ["m3.medium.search"]


def test_ultrawarm_nodes_are_priced_by_their_type():
    lines = rule_lines(clusterConfig={"warmEnabled": True, "warmType": "ultrawarm1.large.search", "warmCount": 2})
    assert list(zip(lines["item"], lines["quantity"], lines["description"]))[-1] == (
        "ultrawarm1.large.search", 2.0, "ultrawarm1.large.search UltraWarm nodes")


@pytest.mark.parametrize("inputs, message", [
    ({"clusterConfig": {"instanceType": "large"}},
     "data nodes instance type large is not an OpenSearch instance type"),
    ({"clusterConfig": {"instanceCount": UNKNOWN}}, "data node count unknown until apply"),
    ({"clusterConfig": {"warmEnabled": True}}, "UltraWarm enabled without warmType and warmCount"),
    ({"ebsOptions": {"ebsEnabled": True, "volumeSize": 10, "volumeType": "st1"}},
     "EBS volume type st1 is not priced (priced: gp2, gp3, io1, standard)"),
    ({"clusterConfig": UNKNOWN}, "cluster configuration unknown until apply"),
])
def test_reasons_a_domain_is_unpriced(inputs, message):
    assert list(rule_lines(**inputs)["reason"]) == [message]


@pytest.mark.parametrize("size, reason", [(None, "EBS enabled without a volume size"),
                                          (UNKNOWN, "EBS volume size unknown until apply")])
def test_a_volume_size_not_known_leaves_the_storage_a_line_of_unknown_quantity(size, reason):
    options = {"ebsEnabled": True, "volumeType": "gp3", **({} if size is None else {"volumeSize": size})}
    lines = rule_lines(clusterConfig={"instanceType": "r6g.large.search", "instanceCount": 2}, ebsOptions=options)
    assert list(zip(lines["item"], lines["variant"], lines["reason"])) == [
        ("r6g.large.search", "", ""), ("storage", "gp3", reason)]  # the nodes priced, the domain partly
    assert lines["quantity"].iloc[0] == 2.0 and pd.isna(lines["quantity"].iloc[1])
    assert lines["description"].iloc[1] == "gp3 storage (2 data nodes, volume size unknown)"
