"""The data behind each chart of the HTML report, as pure functions of the results: what is added up,
in what order, and what is highlighted. The markup (costing/report/html/svg.py) draws what these give.

An estimate's amounts are baseline monthly costs (usage stays apart, as in every report); a diff's are
baseline plus known usage, what `costing diff` compares. Unpriced resources are left out of every bar
and counted beside the chart: an unknown cost is never drawn as $0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from costing.diff import CostDiff
from costing.regions import region_name
from costing.report import diff_common
from costing.report.common import ROOT_COMPONENT
from costing.result import Estimate, RegionComparison

BREAKDOWN_BARS = 8  # beyond this many groups, the smallest are added up in one "N others" bar
MOVER_BARS = 10

# The AWS service that bills a type, by the type's module (aws:<module>/...), for the types whose
# module is not the service's name; types named here are billed apart from the rest of their module.
SERVICE_BY_TYPE = {
    "aws:ec2/natGateway:NatGateway": "VPC",
    "aws:ec2/eip:Eip": "VPC",
    "aws:ec2/vpnConnection:VpnConnection": "VPC",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "VPC",
    "aws:ebs/volume:Volume": "EBS",
}
SERVICE_BY_MODULE = {
    "ec2": "EC2",
    "autoscaling": "EC2",
    "rds": "RDS",
    "lb": "Elastic Load Balancing",
    "alb": "Elastic Load Balancing",
    "elb": "Elastic Load Balancing",
    "cloudwatch": "CloudWatch",
    "secretsmanager": "Secrets Manager",
    "kms": "KMS",
    "s3": "S3",
}


@dataclass(frozen=True)
class Bar:
    label: str
    monthly_usd: float
    others: int = 0  # the number of smaller groups this one bar adds up; 0 for a group of its own


@dataclass(frozen=True)
class Breakdown:
    """Bars largest first; `total_usd` is their sum (the estimate's baseline monthly total)."""

    bars: tuple[Bar, ...]
    total_usd: float
    unpriced: int  # resources left out, their cost unknown

    def share(self, bar: Bar) -> float:
        return bar.monthly_usd / self.total_usd if self.total_usd else 0.0


def service_of(type_token: str) -> str:
    """`aws:rds/instance:Instance` -> `RDS`; an AWS type of another module gives the module's name, a
    type of another provider the provider's (`random`)."""
    if type_token in SERVICE_BY_TYPE:
        return SERVICE_BY_TYPE[type_token]
    package, _, rest = type_token.partition(":")
    if package != "aws":
        return package
    module = rest.split("/")[0].split(":")[0]
    return SERVICE_BY_MODULE.get(module, module)


def by_component(estimate: Estimate, limit: int = BREAKDOWN_BARS) -> Breakdown:
    """Monthly cost per component; the stack's own resources under ROOT_COMPONENT."""
    components = estimate.resources["component"].fillna("").replace("", ROOT_COMPONENT)
    return _breakdown(estimate.resources, components, limit)


def by_service(estimate: Estimate, limit: int = BREAKDOWN_BARS) -> Breakdown:
    """Monthly cost per AWS service (service_of each resource's type)."""
    return _breakdown(estimate.resources, estimate.resources["type"].map(service_of), limit)


def _breakdown(resources: pd.DataFrame, groups: pd.Series, limit: int) -> Breakdown:
    priced = resources["status"] == "priced"
    sums = resources.loc[priced, "monthly_usd"].groupby(groups[priced]).sum()
    ordered = sorted(((str(label), float(value)) for label, value in sums.items() if value > 0),
                     key=lambda item: (-item[1], item[0]))
    bars = [Bar(label, value) for label, value in ordered]
    if len(bars) > limit:
        rest = bars[limit - 1:]
        bars = bars[:limit - 1] + [Bar(f"{len(rest)} others", sum(bar.monthly_usd for bar in rest), len(rest))]
    return Breakdown(bars=tuple(bars),
                     total_usd=float(resources.loc[priced, "monthly_usd"].sum()),
                     unpriced=int((resources["status"] == "unpriced").sum()))


@dataclass(frozen=True)
class RegionBar:
    region: str
    name: str  # AWS's name of the region, "" when unknown
    monthly_usd: float  # a lower bound when the region is incomplete
    delta_monthly_usd: float | None  # vs the home region; None when either is incomplete
    complete: bool
    unpriced: int
    home: bool


def region_bars(comparison: RegionComparison) -> tuple[RegionBar, ...]:
    """Complete regions cheapest first, then the incomplete ones (their totals are floors, not savings)."""
    table = comparison.regions.sort_values(["complete", "monthly_usd", "region"], ascending=[False, True, True],
                                           kind="stable")
    return tuple(
        RegionBar(region=row.region, name=region_name(row.region), monthly_usd=float(row.monthly_usd),
                  delta_monthly_usd=None if math.isnan(row.delta_monthly_usd) else float(row.delta_monthly_usd),
                  complete=bool(row.complete), unpriced=int(row.unpriced), home=row.region == comparison.home_region)
        for row in table.itertuples(index=False))


@dataclass(frozen=True)
class AsgRange:
    name: str
    min_size: float  # the group's sizes; NaN when unknown until apply, secret or not a count
    desired: float
    max_size: float
    at_min: float  # monthly baseline cost of the group at each size; NaN when an instance is unpriced
    at_desired: float
    at_max: float


def asg_ranges(estimate: Estimate) -> tuple[AsgRange, ...]:
    """Each Auto Scaling group's monthly cost at its minimum, desired and maximum size, in inventory order."""
    return tuple(
        AsgRange(name=row.name, min_size=float(row.min_size), desired=float(row.desired), max_size=float(row.max_size),
                 at_min=float(row.monthly_usd_at_min), at_desired=float(row.monthly_usd_at_desired),
                 at_max=float(row.monthly_usd_at_max))
        for row in estimate.asg_ranges.itertuples(index=False))


@dataclass(frozen=True)
class Mover:
    name: str
    type: str
    change: str  # add | remove | update
    base_monthly_usd: float  # NaN where the resource is absent or unpriced on that side
    head_monthly_usd: float
    delta_monthly_usd: float


def movers(cost_diff: CostDiff, count: int = MOVER_BARS) -> tuple[Mover, ...]:
    """The resources whose monthly cost moved most (a known, non-zero delta), biggest first."""
    return tuple(
        Mover(name=row.name, type=row.type, change=row.change, base_monthly_usd=float(row.base_monthly_usd),
              head_monthly_usd=float(row.head_monthly_usd), delta_monthly_usd=float(row.delta_monthly_usd))
        for row in diff_common.movers(cost_diff, count).itertuples(index=False))


def before_after(cost_diff: CostDiff) -> tuple[Bar, Bar]:
    """The two sides' monthly totals, each labelled with its side (`git:main:prod (1a2b3c4)`)."""
    return (Bar(diff_common.side_label(cost_diff.base.source), cost_diff.base_monthly_usd),
            Bar(diff_common.side_label(cost_diff.head.source), cost_diff.head_monthly_usd))
