"""Inventory -> cost lines (the rules) -> one vectorised merge with the price table -> what each
resource costs, its status, and the totals.

Costs: a line in an hourly unit ("hour", "LCU-hour") costs quantity x price an hour and 730 times
that a month; a line in a monthly unit ("GB-month", "GB", "alarm-month") costs quantity x price a
month and a 730th of it an hour.

Status (result.STATUSES): a resource of another provider than AWS is "not-aws" (never priced, never
unpriced); a resource of a free type, or one its rule gives no line (a gateway endpoint), is "free"
($0). One that has lines is "priced" when every line has a price and a quantity; "partial" when some
lines are gaps, the others known: a quantity the rule could not know (a load balancer's subnets
unknown until apply), or a price missing (none in the snapshot, as for Redshift's RA3 managed storage,
or none in the region). Its cost is that of its known lines, each gap a line of its own with its
reason, and the totals say they are incomplete. A resource is "unpriced", with the reason, its cost
unknown (NaN), never $0, when no rule knows its type, when its rule cannot price it (an Unpriceable
value), and when none of its lines has a price, or none of its fixed (baseline) lines of a declared
price: a Direct Connect port whose hourly price is missing is unpriced, not $0 and a rate for its
data. A usage line without a value from the usage file keeps its unit price, costs nothing yet, and
says "depends on usage" (not a gap). Component resources group others and are not counted. Totals add
up priced and partial resources; usage stays apart from the baseline.

A line's status is "priced" when it has a price (a usage line without a quantity included),
"unknown" when it has a price but no quantity, "unpriced" when it has no price.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np
import pandas as pd

from costing.errors import InputError
from costing.pricing import ON_DEMAND, RESERVABLE_SERVICES, TERM_LABELS
from costing.result import (COUNTED, LINE_RESULT_COLUMNS, RESERVED_LINE_COLUMNS, RESOURCE_COLUMNS, STATUSES, TOTAL_KEYS,
                            Estimate, RegionComparison, ReservedPricing)
from costing.report.common import source_label
from costing.rules import RULE_MODULES, ec2, free_note, is_free, rule_lines, usage_keys
from costing.rules.free import AWS_PROVIDERS, provider_of
from costing.schema import HOURS_PER_MONTH, PRICE_KEY
from costing.quantities import with_quantities
from costing.usage import Usage

if TYPE_CHECKING:
    from costing.catalog import Catalog
    from costing.inventory.frame import Inventory

DEPENDS_ON_USAGE = "depends on usage"
COST_COLUMNS = ["hourly_usd", "monthly_usd", "usage_monthly_usd"]
REGION_COLUMNS = ["region", "hourly_usd", "monthly_usd", "unpriced", "complete", "delta_monthly_usd",
                  "usage_monthly_usd"]
# What makes two lines the same kind: the same price (in any region), unit and role.
LINE_KIND = ["service", "item", "variant", "unit", "usage", "reason"]
RANGE_COLUMNS = ["urn", "name", "min_size", "desired", "max_size",
                 "monthly_usd_at_min", "monthly_usd_at_desired", "monthly_usd_at_max"]
_ESTIMATE, _ASG_UNIT = "estimate", "asg-unit"


def estimate(inventory: Inventory, catalog: Catalog, *, region: str | None = None,
             usage: Usage | None = None, pricing: str = ON_DEMAND, require_aws: bool = True,
             every_usage_line: bool = False, on: date | None = None) -> Estimate:
    """Price every resource of `inventory` in its own region, or all of them in `region`; under a reserved
    `pricing` term (costing.pricing.RESERVED_TERMS), EC2 and RDS instances at the term's effective rate.
    An inventory without an AWS resource is an InputError (`require_aws`; a diff's side may be empty).
    A usage line reading an optional key (UsageKey.optional) the usage file does not give is left out,
    unless `every_usage_line` (the usage template, which lists every key). `on`: the day priced (default
    today), for the prices that depend on it (EKS extended support)."""
    if region is not None:
        catalog.validate_region(region)
    resources = _billable(inventory.resources, region)
    if require_aws:
        check_aws(inventory)
    usage = _checked(usage, resources, inventory)
    groups = resources[resources["type"] == ec2.GROUP]
    with _input_named(inventory.source):
        lines = pd.concat([_lines(resources, inventory.resources, usage, on, every_usage_line).assign(
                               scope=_ESTIMATE),
                           with_quantities(ec2.asg_unit_lines(groups, inventory.resources), None).assign(
                               scope=_ASG_UNIT)],
                          ignore_index=True)
    lines["region"] = lines["urn"].map(resources.set_index("urn")["region"])
    regions = [code for code in resources["region"].unique() if code]
    costed = _costed(lines, catalog.prices_for(pricing, regions))
    in_estimate = _termed(costed[costed["scope"] == _ESTIMATE].reset_index(drop=True), pricing)
    per_resource = _resources(resources, _resource_costs(in_estimate))
    totals = _totals(per_resource)
    return Estimate(
        source=inventory.source,
        region=region or inventory.default_region,
        resources=per_resource,
        lines=in_estimate[LINE_RESULT_COLUMNS],
        prices=catalog.provenance(regions or None, services=_used_services(in_estimate)),
        totals=totals,
        asg_ranges=_asg_ranges(groups, costed[costed["scope"] == _ASG_UNIT]),
        reserved=None if pricing == ON_DEMAND else _reserved(pricing, in_estimate, per_resource,
                                                             totals["monthly_usd"]),
    )


def compare_regions(inventory: Inventory, catalog: Catalog, *, regions: list[str] | None = None,
                    usage: Usage | None = None, on: date | None = None) -> RegionComparison:
    """The whole inventory priced in each region (default: every region of the catalog).

    Columns: region, hourly_usd, monthly_usd (baseline), unpriced (resources not wholly priced there),
    complete, delta_monthly_usd (vs the stack's own region), usage_monthly_usd (apart, as in an estimate).
    A region is complete when every billable resource is wholly priced there: a price missing there, a
    resource unpriced everywhere (an unknown type or value) and a partly priced one each make it
    incomplete, its total a floor. The delta compares like with like: it is known where neither region
    misses a price of its own (the gaps every region shares left out of both). Regions without a gap of
    their own come first, cheapest first.

    The lines are built once. Resources with the same kinds of lines are priced as one profile
    (their quantities added up), so the cross join with the regions grows with the kinds of
    resources, not their number.
    """
    wanted = list(dict.fromkeys(catalog.validate_region(code) for code in regions or catalog.regions))
    home = inventory.default_region
    computed = list(dict.fromkeys(wanted + ([home] if home in catalog.regions else [])))
    resources = _billable(inventory.resources, None)
    check_aws(inventory)
    usage = _checked(usage, resources, inventory)
    with _input_named(inventory.source):
        profiles, sizes = _profiles(_lines(resources, inventory.resources, usage, on))
    profiles["line"] = np.arange(len(profiles))
    costed = _costed(profiles.merge(pd.DataFrame({"region": computed}, dtype="str"), how="cross"),
                     catalog.prices_for(ON_DEMAND))
    costs = _resource_costs(costed, by="profile").merge(sizes, on="profile")
    counted = costs[~costs["blocked"]].groupby("region")
    table = pd.DataFrame(index=pd.Index(computed, name="region"))
    for column in COST_COLUMNS:
        table[column] = counted[column].sum()
    table = table.fillna(0.0)
    no_rule = (~resources["type"].isin(list(RULE_MODULES)) & ~per_type(resources["type"], is_free)
               & per_type(resources["type"], provider_of).isin(AWS_PROVIDERS))
    gaps = costs["resources"].where(costs["blocked"] | costs["partial"], 0).groupby(costs["region"]).sum()
    table["unpriced"] = gaps.reindex(table.index, fill_value=0).astype(int) + int(no_rule.sum())
    comparable = ~_own_missing(costed).reindex(table.index, fill_value=False).astype(bool)
    table["complete"] = comparable & (table["unpriced"] == 0)
    table["delta_monthly_usd"] = _delta_vs_home(table, comparable, home)
    table = table.assign(_comparable=comparable).loc[wanted].reset_index()
    table = table.sort_values(["_comparable", "monthly_usd", "region"], ascending=[False, True, True], kind="stable")
    return RegionComparison(source=inventory.source, home_region=home,
                            regions=table[REGION_COLUMNS].reset_index(drop=True))


def _used_services(costed: pd.DataFrame) -> list[str]:
    """The services whose prices an estimate's lines use (a line with a price), for its provenance."""
    return costed.loc[costed["usd"].notna(), "service"].unique().tolist()


def _own_missing(costed: pd.DataFrame) -> pd.Series:
    """Per region, whether it misses a price that another region has (a profile line priced somewhere but
    not there): a gap every region shares (a price the snapshot has nowhere) leaves regions comparable."""
    no_price = costed["usd"].isna() & (costed["item"] != "")
    somewhere = (~no_price).groupby(costed["line"]).transform("any")
    return (no_price & somewhere).groupby(costed["region"]).any()


def per_type(types: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """`function` of each type token, called once per distinct type (a few hundred), not once per resource."""
    return types.map({type_token: function(type_token) for type_token in types.unique()})


def has_aws(inventory: Inventory) -> bool:
    """Whether some resource of the inventory is AWS's."""
    custom = inventory.resources[inventory.resources["custom"].astype(bool)]
    return bool(per_type(custom["type"], provider_of).isin(AWS_PROVIDERS).any())


def check_aws(inventory: Inventory) -> None:
    """An InputError naming what the inventory has when none of its resources is AWS's."""
    if has_aws(inventory):
        return
    custom = inventory.resources[inventory.resources["custom"].astype(bool)]
    providers = per_type(custom["type"], provider_of)
    found = ", ".join(f"{provider}: {count}" for provider, count in providers.value_counts().items())
    what = f"{len(custom):,} resource{'s' if len(custom) != 1 else ''}, none of them AWS ({found})" if found \
        else "no resources"
    raise InputError(f"{source_label(inventory.source)}: nothing to price: it has {what}; costing prices the AWS "
                     f"resources of a Pulumi program")


def _checked(usage: Usage | None, resources: pd.DataFrame, inventory: Inventory) -> Usage | None:
    """The usage file matched with the resources, unless a caller did it (a diff, with both sides')."""
    if usage is None or usage.checked:
        return usage
    return usage.checked_against(resources, source_label(inventory.source))


# --- lines -------------------------------------------------------------------------------------

def _billable(inventory: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """The custom resources (components are not billed), in `region` when one is forced."""
    resources = inventory[inventory["custom"].astype(bool)].reset_index(drop=True)
    if region is not None:
        return resources.assign(region=region)
    return resources.assign(region=resources["region"].fillna("").astype(str))


@contextmanager
def _input_named(source: dict) -> Iterator[None]:
    """A rule's InputError names the resource; this adds the file (or the stack) it comes from."""
    try:
        yield
    except InputError as error:
        raise InputError(f"{source.get('path') or 'stack ' + str(source.get('stack'))}: {error}") from None


def _lines(resources: pd.DataFrame, inventory: pd.DataFrame, usage: Usage | None, on: date | None,
           every_usage_line: bool = False) -> pd.DataFrame:
    """The rules' lines with their quantities: usage from the usage file, split across volume tiers; without
    the lines of optional usage keys the usage file does not give (unless `every_usage_line`)."""
    given = usage.quantities(resources) if usage else None
    lines = with_quantities(rule_lines(resources, inventory, on), given)
    return lines if every_usage_line else _without_unset_optional(lines, resources, given)


def _without_unset_optional(lines: pd.DataFrame, resources: pd.DataFrame, given: pd.DataFrame | None) -> pd.DataFrame:
    """`lines` without the usage lines that read an optional key (UsageKey.optional) of their resource's type
    that the usage file gives no value for."""
    optional = {type_token: names for type_token in resources["type"].unique()
                if (names := {key.name for key in usage_keys(type_token) if key.optional})}
    if not optional:
        return lines
    types = lines["urn"].map(resources.set_index("urn")["type"])
    candidates = np.flatnonzero(lines["usage"].to_numpy() & types.isin(list(optional)).to_numpy())
    valued = set() if given is None else set(zip(given.loc[given["quantity"].notna(), "urn"],
                                                  given.loc[given["quantity"].notna(), "usage_key"]))
    unset = [position for position, urn, type_token, keys in zip(
                 candidates, lines["urn"].to_numpy()[candidates], types.to_numpy()[candidates],
                 lines["usage_key"].to_numpy()[candidates])
             if any(name in optional[type_token] and (urn, name) not in valued for name in keys.split("*"))]
    return lines.drop(index=lines.index[unset]).reset_index(drop=True)


def _profiles(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lines added up per profile (the set of kinds of lines a resource has), and each profile's
    number of resources: a region prices or misses a profile's lines for all its resources at once."""
    kind = lines.groupby(LINE_KIND, sort=False, dropna=False).ngroup()
    signature = kind.groupby(lines["urn"], sort=False).agg(lambda kinds: tuple(sorted(kinds)))
    profile_of = pd.Series(pd.factorize(signature)[0], index=signature.index)
    profiled = lines.assign(profile=lines["urn"].map(profile_of))
    profiles = profiled.groupby(["profile", *LINE_KIND], sort=False, dropna=False, as_index=False).agg(
        quantity=("quantity", lambda quantities: quantities.sum(min_count=1)))
    sizes = profile_of.value_counts().rename_axis("profile").rename("resources").reset_index()
    return profiles, sizes


def _costed(lines: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """Lines (with a region) joined to their prices (Catalog.prices_for) in one merge, with their cost,
    status and reason."""
    columns = PRICE_KEY + ["usd", "term", "on_demand_usd"]
    merged = lines.merge(prices[columns].astype({key: "str" for key in PRICE_KEY}), on=PRICE_KEY, how="left")
    merged["hourly_usd"], merged["monthly_usd"] = _cost(merged, "usd")
    merged["unit_usd"] = merged["usd"]
    no_price = merged["usd"].isna()
    missing = no_price & (merged["item"] != "")
    variant = np.where(merged["variant"] != "", " (" + merged["variant"] + ")", "")
    region = np.where(merged["region"] != "", "in " + merged["region"], "with no region set")
    known_reason = np.where(merged["reason"] != "", "; " + merged["reason"], "")
    merged.loc[missing, "reason"] = ("no price for " + merged["service"] + " " + merged["item"] + variant + " "
                                     + region + known_reason)[missing]
    waiting = ~no_price & merged["usage"] & merged["quantity"].isna()
    merged.loc[waiting, "reason"] = DEPENDS_ON_USAGE
    unknown = ~no_price & ~merged["usage"] & merged["quantity"].isna()
    merged["status"] = np.select([no_price, unknown], ["unpriced", "unknown"], "priced")
    return merged


def _cost(lines: pd.DataFrame, price: str) -> tuple[np.ndarray, np.ndarray]:
    """Hourly and monthly cost of lines at their `price` column: an hourly unit costs quantity x price an
    hour, a monthly unit quantity x price a month."""
    hourly_unit = lines["unit"].str.endswith("hour").to_numpy()
    amount = (lines["quantity"] * lines[price]).to_numpy()
    return (np.where(hourly_unit, amount, amount / HOURS_PER_MONTH),
            np.where(hourly_unit, amount * HOURS_PER_MONTH, amount))


def _termed(lines: pd.DataFrame, pricing: str) -> pd.DataFrame:
    """Lines priced under a reserved term say so: "on-demand" in their description becomes the term
    ("t3.micro instance (Linux, reserved 1 year, no upfront)"), else the term is added in brackets."""
    if pricing == ON_DEMAND:
        return lines
    under = (lines["term"] == pricing).to_numpy()
    label = TERM_LABELS[pricing]
    described = lines["description"].where(~lines["description"].str.contains("on-demand", regex=False),
                                           lines["description"].str.replace("on-demand", label, regex=False))
    unchanged = described == lines["description"]
    described = described.where(~unchanged, lines["description"] + f" ({label})")
    return lines.assign(description=np.where(under, described, lines["description"]))


def _reserved(term: str, costed: pd.DataFrame, resources: pd.DataFrame, monthly_usd: float) -> ReservedPricing:
    """The lines under `term` against their on-demand cost; the saving over the baseline of priced
    resources, which cost `monthly_usd` under the term (the estimate's total)."""
    on_demand_monthly = _cost(costed, "on_demand_usd")[1]
    lines = pd.DataFrame({"term": costed["term"].fillna(ON_DEMAND).to_numpy(),
                          "on_demand_unit_usd": costed["on_demand_usd"].to_numpy(),
                          "on_demand_monthly_usd": on_demand_monthly,
                          "saving_monthly_usd": on_demand_monthly - costed["monthly_usd"].to_numpy()})
    counted = (costed["urn"].isin(resources.loc[resources["status"].isin(COUNTED), "urn"]) & ~costed["usage"]).to_numpy()
    saving = float(lines["saving_monthly_usd"].to_numpy()[counted].sum())
    left = costed[costed["service"].isin(RESERVABLE_SERVICES) & costed["usd"].notna() & (costed["term"] == ON_DEMAND)]
    without_term = tuple(dict.fromkeys(left["item"] + " in " + left["region"]))
    return ReservedPricing(term, lines[RESERVED_LINE_COLUMNS], monthly_usd + saving, saving, without_term)


# --- resources and totals ----------------------------------------------------------------------

def _resource_costs(costed: pd.DataFrame, by: str = "urn") -> pd.DataFrame:
    """Per region and resource (or profile): blocked (unpriced: none of its lines has a price, or it has
    baseline lines of declared prices and none of them has one: its fixed cost wholly unknown), partial
    (some line is a gap: no price, no price identity, or no quantity), why (every gap's reason), and the
    baseline and usage costs of the lines known. A rule's Unpriceable is one line without a price
    identity: the resource is blocked; such a line beside priced ones is a gap like any other."""
    baseline = ~costed["usage"]
    no_price = costed["status"] == "unpriced"
    gap = no_price | (costed["status"] == "unknown")
    frame = pd.DataFrame({
        "region": costed["region"], by: costed[by],
        "priced_any": ~no_price,
        "declared_baseline": baseline & (costed["item"] != ""),
        "priced_baseline": baseline & ~no_price,
        "partial": gap,
        "hourly_usd": costed["hourly_usd"].where(baseline, 0.0),
        "monthly_usd": costed["monthly_usd"].where(baseline, 0.0),
        "usage_monthly_usd": costed["monthly_usd"].where(~baseline, 0.0).fillna(0.0),
    })
    costs = frame.groupby(["region", by], sort=False).agg(
        priced_any=("priced_any", "any"), declared_baseline=("declared_baseline", "any"),
        priced_baseline=("priced_baseline", "any"), partial=("partial", "any"), hourly_usd=("hourly_usd", "sum"),
        monthly_usd=("monthly_usd", "sum"), usage_monthly_usd=("usage_monthly_usd", "sum")).reset_index()
    costs["blocked"] = ~costs["priced_any"] | (costs["declared_baseline"] & ~costs["priced_baseline"])
    gaps = costed.loc[gap, ["region", by, "reason"]].drop_duplicates()
    reasons = gaps.groupby(["region", by], sort=False)["reason"].agg("; ".join).rename("reason")
    costs = costs.drop(columns=["priced_any", "declared_baseline", "priced_baseline"])
    return costs.merge(reasons.reset_index(), on=["region", by], how="left").fillna({"reason": ""})


def _resources(resources: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """RESOURCE_COLUMNS: each resource's status, reason and cost."""
    table = resources[["urn", "type", "name", "component", "region"]].merge(
        costs.drop(columns="region"), on="urn", how="left")
    providers = per_type(table["type"], provider_of)
    not_aws = (~providers.isin(AWS_PROVIDERS)).to_numpy()
    has_rule = table["type"].isin(list(RULE_MODULES)).to_numpy()
    free_type = per_type(table["type"], is_free).to_numpy(dtype=bool)
    has_lines = table["blocked"].notna().to_numpy()
    blocked = table["blocked"].fillna(False).to_numpy(dtype=bool)
    partial = table["partial"].fillna(False).to_numpy(dtype=bool)
    table["status"] = np.select(
        [not_aws, free_type | (has_rule & ~has_lines), has_rule & ~blocked & ~partial, has_rule & ~blocked],
        ["not-aws", "free", "priced", "partial"], "unpriced")
    table["reason"] = np.select(
        [not_aws, free_type, ~has_rule],
        ["not an AWS resource (" + providers + "): costing prices what AWS bills", per_type(table["type"], free_note),
         "no pricing rule for " + table["type"]],
        table["reason"].fillna(""))
    known = table["status"].isin(COUNTED)
    for column in COST_COLUMNS:
        table[column] = np.select([table["status"].isin(["free", "not-aws"]), known], [0.0, table[column]], np.nan)
    return table[RESOURCE_COLUMNS]


def _totals(resources: pd.DataFrame) -> dict:
    """The baseline and usage of priced and partial resources, and the resources of each status."""
    counted = resources[resources["status"].isin(COUNTED)]
    counts = resources["status"].value_counts()
    return {
        "hourly_usd": float(counted["hourly_usd"].sum()),
        "monthly_usd": float(counted["monthly_usd"].sum()),
        "usage_monthly_usd": float(counted["usage_monthly_usd"].sum()),
        "resources": int(len(resources)),
        **{TOTAL_KEYS[status]: int(counts.get(status, 0)) for status in STATUSES},
    }


def _asg_ranges(groups: pd.DataFrame, unit_lines: pd.DataFrame) -> pd.DataFrame:
    """Monthly baseline cost of each Auto Scaling group at its minimum, desired and maximum size; unknown
    (NaN) when an instance's cost has a gap (a price missing, an address count unknown): never a floor
    shown as the amount."""
    costs = _resource_costs(unit_lines).set_index("urn")
    per_instance = costs["monthly_usd"].where(~costs["blocked"] & ~costs["partial"])
    table = ec2.asg_sizes(groups)
    table.insert(1, "name", table["urn"].map(groups.set_index("urn")["name"]))
    unit = table["urn"].map(per_instance).astype("float64")
    for size, column in (("min_size", "monthly_usd_at_min"), ("desired", "monthly_usd_at_desired"),
                         ("max_size", "monthly_usd_at_max")):
        table[column] = unit * table[size]
    return table[RANGE_COLUMNS]


def _delta_vs_home(table: pd.DataFrame, comparable: pd.Series, home: str | None) -> pd.Series:
    """Monthly difference to the home region; NaN where either side misses a price of its own or home is
    unknown."""
    if home not in table.index or not comparable[home]:
        return pd.Series(np.nan, index=table.index)
    delta = table["monthly_usd"] - table.at[home, "monthly_usd"]
    return delta.where(comparable)
