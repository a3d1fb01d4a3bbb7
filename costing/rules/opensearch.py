"""OpenSearch Service domains, and the deprecated Elasticsearch domains they succeed: data nodes,
dedicated master nodes and UltraWarm nodes by instance type and count, and the EBS volume of each data
node (https://aws.amazon.com/opensearch-service/pricing/).

- Data nodes: `clusterConfig.instanceCount` (1 when unset) of `clusterConfig.instanceType`
  (m3.medium.search when unset): the provider's defaults. Elasticsearch's `.elasticsearch` types are
  priced as the `.search` types they are now.
- Dedicated master nodes when `dedicatedMasterEnabled`: `dedicatedMasterCount` (3 when unset, as
  infracost and AWS's recommendation have it) of `dedicatedMasterType` (the data nodes' type when unset).
- UltraWarm nodes when `warmEnabled`: `warmCount` of `warmType`. The shared data has no UltraWarm
  price: their line has none, the domain is partly priced.
- EBS, when `ebsOptions.ebsEnabled`: `volumeSize` GB per data node by `volumeType` (gp2 when unset, the
  API's default), at OpenSearch's own EBS prices. gp3 includes 3,000 IOPS and 125 MiB/s; IOPS and
  throughput above them, and io1's provisioned IOPS, have no price in the shared data: lines without a
  price, the domain partly priced. A volume size unset or unknown until apply leaves the storage a line
  of unknown quantity (partly priced too).

es.json gives the EBS storage prices under opaque keys; each was matched to its volume type by its
us-east-1 price, checked against the Price List as infracost's tests show it (gp2 0.135, io1 0.169,
magnetic 0.067 per GB-month) and against AWS's statement that gp3 costs 9.6% less than gp2 (0.122).

Not priced: cold storage, UltraWarm managed storage, OR1 managed storage, OpenSearch Serverless
(no OCU price in the shared data that says which product it is), reserved instances.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, flag, known, line_or_unknown, number, text
from costing.rules.declare import OfferFilter, Page, Price

DOMAIN = "aws:opensearch/domain:Domain"
ELASTICSEARCH_DOMAIN = "aws:elasticsearch/domain:Domain"
TYPES = (DOMAIN, ELASTICSEARCH_DOMAIN)

_PAGE = "es.json"
# es.json's opaque keys of OpenSearch EBS storage, by volume type (see the module docstring).
STORAGE_KEYS = {"GQX2ebEW77_yQN-wZ2YzGHU-uQWGHDbwN-hxl11MK5Y V2": "gp2",
                "kDvqPcuCwNqSGokjnHCHESVa7jmiq7HMOfrpZWR7np4 V2": "gp3",
                "RtGHXnGTrkyzURG0H7jIUhbWYP6nN2-nklkFffbe3dk V2": "io1",
                "QSlesJbxdJqERdhr-SLF4CoOoM8buL52K5xZdkPfK70 V2": "standard"}
AWS_STORAGE_MEDIA = {"GP2": "gp2", "GP3": "gp3", "PIOPS-Storage": "io1", "Magnetic": "standard"}
_NO_PRICE = "the shared price data (aws-pricing-pages/es.json) has no OpenSearch {what} price"
_VOLUME = "Amazon OpenSearch Service Volume"

INSTANCE_HOURS = Price(
    "opensearch", "{family}.{size}.search", "hour", "{family}.{size}.search nodes",
    sources=[Page(_PAGE, re.compile(r"(?P<family>[a-z0-9]+) (?P<size>[a-z0-9]+)\.search - [^-]+ - OnDemand - .*"))],
    refresh=[OfferFilter("AmazonES", families="Amazon OpenSearch Service Instance",
                         usage_pattern=re.compile("ESInstance"),
                         fill={"family": lambda row: _split(row.instance_type, 0),
                               "size": lambda row: _split(row.instance_type, 1)},
                         reads=("instanceType",),
                         example={"usageType": "ESInstance:m5.large", "instanceType": "m5.large.search"})])
STORAGE = Price(
    "opensearch", "storage", "GB-month", "{volume_type} storage", variant="{volume_type}",
    sources=[Page(_PAGE, re.compile("(?P<volume_type>" + "|".join(map(re.escape, STORAGE_KEYS)) + ")"),
                  values={"volume_type": STORAGE_KEYS})],
    refresh=[OfferFilter("AmazonES", families=_VOLUME, usage_pattern=re.compile(r"ES.+-Storage"),
                         fill={"volume_type": "storageMedia"}, values={"volume_type": AWS_STORAGE_MEDIA},
                         example={"usageType": "ES:GP3-Storage"})])
IO1_IOPS = Price("opensearch", "io1-iops", "IOPS-month", "io1 provisioned IOPS",
                 missing=_NO_PRICE.format(what="io1 IOPS"),
                 refresh=[OfferFilter("AmazonES", families=_VOLUME, usage_pattern=re.compile("ES:PIOPS"),
                                      attributes={"storageMedia": "PIOPS"}, example={"usageType": "ES:PIOPS"})])
GP3_IOPS = Price("opensearch", "gp3-iops", "IOPS-month", "gp3 IOPS above 3,000",
                 missing=_NO_PRICE.format(what="gp3 provisioned IOPS"))
GP3_THROUGHPUT = Price("opensearch", "gp3-throughput", "MiBps-month", "gp3 throughput above 125 MiB/s",
                       missing=_NO_PRICE.format(what="gp3 provisioned throughput"))
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"opensearch": "OpenSearch Service"}
PRICES = (INSTANCE_HOURS, STORAGE, IO1_IOPS, GP3_IOPS, GP3_THROUGHPUT)

DEFAULT_INSTANCE_TYPE = "m3.medium.search"
DEFAULT_MASTER_COUNT = 3.0
DEFAULT_VOLUME_TYPE = "gp2"
GP3_BASELINE_IOPS, GP3_BASELINE_MIBPS = 3000.0, 125.0
VOLUME_TYPES = tuple(STORAGE_KEYS.values())
_TYPE = re.compile(r"^(?P<family>[a-z0-9]+)\.(?P<size>[a-z0-9]+)\.(?:search|elasticsearch)$")


def _split(instance_type: str, part: int) -> str | None:
    found = _TYPE.match(instance_type)
    return found.group(part + 1) if found else None


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {DOMAIN: (_domain, "OpenSearch domain"),
                                 ELASTICSEARCH_DOMAIN: (_domain, "Elasticsearch domain")})


def _nodes(urn: str, instance_type: str, count: float, role: str) -> dict[str, Any]:
    found = _TYPE.match(instance_type)
    if found is None:
        raise Unpriceable(f"{role} instance type {instance_type} is not an OpenSearch instance type")
    return INSTANCE_HOURS.line(urn, count, f"{found['family']}.{found['size']}.search {role}",
                               family=found["family"], size=found["size"])


def _domain(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    config = known(inputs, "clusterConfig", "cluster configuration") or {}
    data_type = text(config, "instanceType", "data node instance type", DEFAULT_INSTANCE_TYPE)
    data_count = number(config, "instanceCount", "data node count", 1.0)
    rows = [_nodes(urn, data_type, data_count, "data nodes")]
    if flag(config, "dedicatedMasterEnabled", "dedicated master nodes"):
        rows.append(_nodes(urn, text(config, "dedicatedMasterType", "dedicated master instance type", data_type),
                           number(config, "dedicatedMasterCount", "dedicated master count", DEFAULT_MASTER_COUNT),
                           "dedicated master nodes"))
    if flag(config, "warmEnabled", "UltraWarm nodes"):
        warm_type = text(config, "warmType", "UltraWarm instance type")
        warm_count = number(config, "warmCount", "UltraWarm node count")
        if not warm_type or not warm_count:
            raise Unpriceable("UltraWarm enabled without warmType and warmCount")
        rows.append(_nodes(urn, warm_type, warm_count, "UltraWarm nodes"))
    return rows + _ebs(urn, known(inputs, "ebsOptions", "EBS options") or {}, data_count)


def _volume_size(options: dict[str, Any]) -> float:
    """A data node's EBS volume in GB; Unpriceable when unset or unknown until apply (its storage line then
    has no quantity: the domain partly priced)."""
    size = number(options, "volumeSize", "EBS volume size")
    if not size:
        raise Unpriceable("EBS enabled without a volume size")
    return size


def _per_node(options: dict[str, Any], data_nodes: float) -> str:
    try:
        return f"{_volume_size(options):g} GB x {data_nodes:g} data nodes"
    except Unpriceable:
        return f"{data_nodes:g} data nodes, volume size unknown"


def _ebs(urn: str, options: dict[str, Any], data_nodes: float) -> list[dict[str, Any]]:
    if not flag(options, "ebsEnabled", "EBS enabled"):
        return []
    volume_type = text(options, "volumeType", "EBS volume type", DEFAULT_VOLUME_TYPE)
    if volume_type not in VOLUME_TYPES:
        raise Unpriceable(f"EBS volume type {volume_type} is not priced (priced: {', '.join(VOLUME_TYPES)})")
    rows = [line_or_unknown(STORAGE, urn, lambda: _volume_size(options) * data_nodes,
                            f"{volume_type} storage ({_per_node(options, data_nodes)})", volume_type=volume_type)]
    iops = number(options, "iops", "EBS IOPS") or 0.0
    throughput = number(options, "throughput", "EBS throughput") or 0.0
    if volume_type == "io1" and iops:
        rows.append(IO1_IOPS.line(urn, iops * data_nodes))
    if volume_type == "gp3" and iops > GP3_BASELINE_IOPS:
        rows.append(GP3_IOPS.line(urn, (iops - GP3_BASELINE_IOPS) * data_nodes))
    if volume_type == "gp3" and throughput > GP3_BASELINE_MIBPS:
        rows.append(GP3_THROUGHPUT.line(urn, (throughput - GP3_BASELINE_MIBPS) * data_nodes))
    return rows
