"""Why a cost moved, said in the words of the cost lines: "instance class db.t4g.micro -> db.m6g.large",
"storage (gp3) 20 GB -> 100 GB", "desired capacity 1 -> 3", and per type, "NAT gateways 1 -> 3".

Only the estimates are compared, never the programs: the lines the rules wrote already name what a
price depends on (a class, a size, a count), so the explanation works the same for a stack, a git
revision, a preview or a state file. Lines of two versions of a resource are paired by their price
identity (service, item, variant, with the same unit and role; among lines of one price, the same
description first), else within the same service, unit and role (an instance type or a storage type
changed), in order; what differs between the paired descriptions
(the words), quantities and unit prices is what changed; unpaired lines were added or dropped.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from typing import NamedTuple

import pandas as pd

from costing.report.common import quantity, short_type, unit_price
from costing.result import BILLABLE
from costing.rules.index import RULE_MODULES

# Readable plural names of the first billable types; the others read as their AWS service and their kind
# ("SNS topics", type_label).
TYPE_LABELS = {
    "aws:ec2/natGateway:NatGateway": "NAT gateways",
    "aws:ec2/eip:Eip": "Elastic IPs",
    "aws:rds/instance:Instance": "DB instances",
    "aws:ec2/instance:Instance": "EC2 instances",
    "aws:autoscaling/group:Group": "Auto Scaling groups",
    "aws:lb/loadBalancer:LoadBalancer": "load balancers",
    "aws:elb/loadBalancer:LoadBalancer": "classic load balancers",
    "aws:ebs/volume:Volume": "EBS volumes",
    "aws:ec2/vpnConnection:VpnConnection": "VPN connections",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "VPC endpoints",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "CloudWatch alarms",
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": "CloudWatch composite alarms",
    "aws:cloudwatch/logGroup:LogGroup": "log groups",
    "aws:secretsmanager/secret:Secret": "secrets",
    "aws:kms/key:Key": "KMS keys",
    "aws:kms/replicaKey:ReplicaKey": "KMS replica keys",
}
TYPE_COUNT_COLUMNS = ["type", "label", "base", "head"]
# How a quantity in a line's unit reads: sizes keep a unit, hourly and per-item lines are counts.
_SHOWN_UNITS = {"GB-month": "GB", "GB": "GB", "IOPS-month": "IOPS", "MiBps-month": "MiB/s"}
_WORD = re.compile(r"[^\s(),]+")
_DB_CLASS = re.compile(r"^db\.[a-z0-9-]+\.[a-z0-9]+$")
_EC2_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$")


class Line(NamedTuple):
    description: str
    unit: str
    quantity: float
    unit_usd: float
    usage: bool
    service: str = ""
    item: str = ""
    variant: str = ""


_KIND_WORD = re.compile(r"V\d+$|[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+")
# Words of a kind that read capitalized ("API Gateway REST APIs", "EKS Fargate profiles").
_ACRONYMS = {"api": "API", "apis": "APIs", "acl": "ACL", "acls": "ACLs", "ip": "IP", "ips": "IPs", "hsm": "HSM",
             "hsms": "HSMs", "rest": "REST", "graph": "Graph", "vpc": "VPC", "fargate": "Fargate",
             "lustre": "Lustre", "ontap": "ONTAP", "windows": "Windows", "open": "Open", "zfs": "ZFS"}
_JOINED = {"Graph QL": "GraphQL", "Open ZFS": "OpenZFS"}
# Pulumi modules whose types a service's name alone would not tell apart from others of that service
# (Client VPN and Transit Gateway types bill under VPC, an Auto Scaling policy's alarms under EC2, ACM's
# private certificates under Private CA, WAF Classic's web ACLs under WAF, Elasticsearch domains under
# OpenSearch Service); a module ending in v2
# (apigatewayv2, wafv2, sesv2) adds "(V2)", as a type ending in V2 does.
_MODULE_NAMES = {"ec2clientvpn": "Client VPN", "ec2transitgateway": "Transit Gateway", "autoscaling": "Auto Scaling",
                 "acm": "ACM", "waf": "WAF Classic", "wafregional": "WAF Classic (regional)",
                 "elasticsearch": "OpenSearch Service (Elasticsearch)"}
_MODULE_VERSION = re.compile(r"(?<=[a-z])v(\d+)$")


def type_label(type_token: str) -> str:
    """What a billable type is called in a summary ("NAT gateways 1 -> 3"): its own label, else its AWS
    service (the one its rule module declares: report.charts.service_of) and its kind in plural words
    ("aws:sns/topic:Topic" -> "SNS topics", "aws:eks/nodeGroup:NodeGroup" -> "EKS node groups"); a type no
    rule module prices, its short token."""
    if type_token in TYPE_LABELS:
        return TYPE_LABELS[type_token]
    if type_token not in RULE_MODULES:
        return short_type(type_token)
    from costing.report.charts import service_of  # here: charts imports this module (through diff_common)

    module = type_token.split(":")[1].split("/")[0]
    service = _MODULE_NAMES.get(module) or service_of(type_token)
    words = _KIND_WORD.findall(type_token.rsplit(":", 1)[-1])
    version = f" ({words.pop()})" if len(words) > 1 and re.fullmatch(r"V\d+", words[-1]) else ""
    if not version and (found := _MODULE_VERSION.search(module)):
        version = f" (V{found.group(1)})"
    named = {word.casefold() for word in service.split()}
    while len(words) > 1 and words[0].casefold() in named:  # "VPC vpc attachments" -> "VPC attachments"
        words.pop(0)
    words = [word if word.isupper() else word.lower() for word in words[:-1]] + [_plural(words[-1].lower())]
    kind = " ".join(_ACRONYMS.get(word, word) for word in words)
    for spaced, joined in _JOINED.items():
        kind = kind.replace(spaced, joined)
    return f"{service} {kind}{version}"


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def type_counts(base: pd.DataFrame, head: pd.DataFrame) -> pd.DataFrame:
    """TYPE_COUNT_COLUMNS: billable resources (result.BILLABLE: not free, not another provider's) per type on each side, for
    the types whose number changed, in label order."""
    def counted(resources: pd.DataFrame) -> pd.Series:
        return resources.loc[resources["status"].isin(BILLABLE), "type"].value_counts()

    table = pd.concat([counted(base).rename("base"), counted(head).rename("head")], axis=1).fillna(0).astype(int)
    table = table[table["base"] != table["head"]].rename_axis("type").reset_index()
    table.insert(1, "label", table["type"].map(type_label))
    return table.sort_values("label", kind="stable").reset_index(drop=True)[TYPE_COUNT_COLUMNS]


def count_changes(counts: pd.DataFrame) -> list[str]:
    """`NAT gateways 1 -> 3`, one per row of a type_counts table."""
    return [f"{row.label} {row.base:,} -> {row.head:,}" for row in counts.itertuples(index=False)]


def lines_by_urn(lines: pd.DataFrame, urns: set[str]) -> dict[str, list[Line]]:
    """The Estimate.lines rows of the resources `urns` as Lines, per URN, in one pass (no groupby:
    fast with 100,000 resources)."""
    wanted = lines[lines["urn"].isin(urns)]
    found: dict[str, list[Line]] = {}
    for urn, *values in zip(wanted["urn"].tolist(), wanted["description"].tolist(), wanted["unit"].tolist(),
                            wanted["quantity"].tolist(), wanted["unit_usd"].tolist(),
                            wanted["usage"].astype(bool).tolist(), wanted["service"].tolist(),
                            wanted["item"].tolist(), wanted["variant"].tolist()):
        found.setdefault(urn, []).append(Line(*values))
    return found


def summary(lines: list[Line], status: str, reason: str) -> str:
    """What an added or removed resource costs, in one phrase: its first baseline line."""
    if status == "free":
        return "no charge"
    if status == "not-aws":
        return "not AWS"
    if status == "unpriced":
        return f"unpriced: {reason}" if reason else "unpriced"
    baseline = [line for line in lines if not line.usage]
    if not baseline:
        return f"{lines[0].description} (depends on usage)" if lines else ""
    first = baseline[0]
    if first.unit.endswith("hour") and first.quantity != 1 and not _missing(first.quantity):
        return f"{quantity(first.quantity)} x {first.description}"
    if first.unit in _SHOWN_UNITS:
        return f"{first.description} {_amount(first.quantity, first.unit)}"
    return first.description


def resource_change(base: list[Line], head: list[Line], capacity: tuple[float, float] | None = None) -> str:
    """What changed between two versions of one resource's lines, `; `-separated, most telling first.

    `capacity` is an Auto Scaling group's desired capacity (base, head): when it moved, it is said once
    and the per-instance lines that scaled with it are not repeated.
    """
    parts = []
    scale = None
    if capacity is not None and capacity[0] != capacity[1] and not any(map(_missing, capacity)):
        parts.append(f"desired capacity {quantity(capacity[0])} -> {quantity(capacity[1])}")
        scale = capacity
    pairs, dropped, added = _paired(base, head)
    for old, new in pairs:
        parts += _line_change(old, new, scale)
    parts += [f"dropped {line.description}" for line in dropped]
    parts += [f"added {line.description}" + (f" {_amount(line.quantity, line.unit)}"
                                              if line.unit in _SHOWN_UNITS and not _missing(line.quantity) else "")
              for line in added]
    return "; ".join(dict.fromkeys(parts))


def _paired(base: list[Line], head: list[Line]) -> tuple[list[tuple[Line, Line]], list[Line], list[Line]]:
    """(pairs, base lines left, head lines left): the same price identity, unit and role first (with the same
    description before another: two lines of one price, logs ingested from two sources), then the same
    service, unit and role, each in the order the lines come."""
    matched: dict[int, int] = {}  # base index -> head index
    for key in (_described, _identity, _family):
        taken = set(matched.values())
        for index, line in enumerate(base):
            if index in matched:
                continue
            match = next((other_index for other_index, other in enumerate(head)
                          if other_index not in taken and key(other) == key(line)), None)
            if match is not None:
                matched[index] = match
                taken.add(match)
    pairs = [(base[index], head[matched[index]]) for index in sorted(matched)]
    return (pairs, [line for index, line in enumerate(base) if index not in matched],
            [line for index, line in enumerate(head) if index not in set(matched.values())])


def _described(line: Line) -> tuple:
    return (*_identity(line), line.description)


def _identity(line: Line) -> tuple:
    return line.service, line.item, line.variant, line.unit, line.usage


def _family(line: Line) -> tuple:
    return line.service, line.unit, line.usage


def _line_change(old: Line, new: Line, scale: tuple[float, float] | None) -> list[str]:
    parts = _word_changes(old.description, new.description)
    if _moved(old.quantity, new.quantity) and not _scaled(old.quantity, new.quantity, scale):
        parts.append(f"{new.description} {_amount(old.quantity, old.unit)} -> {_amount(new.quantity, new.unit)}")
    if not parts and _moved(old.unit_usd, new.unit_usd):
        parts.append(f"{new.description} {unit_price(old.unit_usd, old.unit)} -> {unit_price(new.unit_usd, new.unit)}")
    return parts


def _word_changes(old: str, new: str) -> list[str]:
    """`instance class db.t4g.micro -> db.m6g.large`, `single-az -> multi-az`: the words that differ."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    changes = []
    for tag, start, end, other_start, other_end in SequenceMatcher(None, before, after).get_opcodes():
        if tag == "equal":
            continue
        was, now = " ".join(before[start:end]) or "none", " ".join(after[other_start:other_end]) or "none"
        changes.append(f"{_word_label(was, now)}{was} -> {now}")
    return changes


def _word_label(was: str, now: str) -> str:
    if _DB_CLASS.match(was) and _DB_CLASS.match(now):
        return "instance class "
    if _EC2_TYPE.match(was) and _EC2_TYPE.match(now):
        return "instance type "
    return ""


def _amount(value: float, unit: str) -> str:
    shown = _SHOWN_UNITS.get(unit)
    return f"{quantity(value)} {shown}" if shown else quantity(value)


def _moved(old: float, new: float) -> bool:
    if _missing(old) and _missing(new):
        return False
    return _missing(old) or _missing(new) or not math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12)


def _scaled(old: float, new: float, scale: tuple[float, float] | None) -> bool:
    """True when a quantity moved exactly with the group's capacity (the instances' hours and volumes)."""
    if scale is None or _missing(old) or _missing(new) or not all(scale):
        return False
    return math.isclose(old / scale[0], new / scale[1], rel_tol=1e-9)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
