"""Inventory -> cost lines (the rules) -> one vectorised merge with the price table -> what each
resource costs, its status, and the totals.

Costs: a line in an hourly unit ("hour", "LCU-hour") costs quantity x price an hour and 730 times
that a month; a line in a monthly unit ("GB-month", "GB", "alarm-month") costs quantity x price a
month and a 730th of it an hour.

Status: a resource of a free type, or one its rule gives no line (a gateway endpoint), is "free"
($0). One that has lines is "priced" when every line has a price and no value it depends on is
unknown; otherwise, and when no rule knows its type, it is "unpriced", with the reason, and its cost
is unknown (NaN), never $0. A usage line without a value from the usage file keeps its unit price,
costs nothing yet, and says "depends on usage". Component resources group others and are not
counted. Totals add up priced resources; usage stays apart from the baseline.

A line's status is "priced" when it has a price (a usage line without a quantity included),
"unpriced" when it has none.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

import numpy as np
import pandas as pd

from costing.errors import InputError
from costing.pricing import ON_DEMAND, RESERVABLE_SERVICES
from costing.result import (LINE_RESULT_COLUMNS, RESERVED_LINE_COLUMNS, RESOURCE_COLUMNS, Estimate, RegionComparison,
                            ReservedPricing)
from costing.rules import RULES, ec2, free_note, is_free, rule_lines
from costing.schema import HOURS_PER_MONTH, PRICE_KEY
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
             usage: Usage | None = None, pricing: str = ON_DEMAND) -> Estimate:
    """Price every resource of `inventory` in its own region, or all of them in `region`; under a reserved
    `pricing` term (costing.pricing.RESERVED_TERMS), EC2 and RDS instances at the term's effective rate."""
    if region is not None:
        catalog.validate_region(region)
    resources = _billable(inventory.resources, region)
    groups = resources[resources["type"] == ec2.GROUP]
    with _input_named(inventory.source):
        lines = pd.concat([_lines(resources, inventory.resources, usage).assign(scope=_ESTIMATE),
                           ec2.asg_unit_lines(groups, inventory.resources).assign(scope=_ASG_UNIT)],
                          ignore_index=True)
    lines["region"] = lines["urn"].map(resources.set_index("urn")["region"])
    regions = [code for code in resources["region"].unique() if code]
    costed = _costed(lines, catalog.prices_for(pricing, regions))
    in_estimate = costed[costed["scope"] == _ESTIMATE].reset_index(drop=True)
    per_resource = _resources(resources, _resource_costs(in_estimate))
    totals = _totals(per_resource)
    return Estimate(
        source=inventory.source,
        region=region or inventory.default_region,
        resources=per_resource,
        lines=in_estimate[LINE_RESULT_COLUMNS],
        prices=catalog.provenance(regions or None),
        totals=totals,
        asg_ranges=_asg_ranges(groups, costed[costed["scope"] == _ASG_UNIT]),
        reserved=None if pricing == ON_DEMAND else _reserved(pricing, in_estimate, per_resource,
                                                             totals["monthly_usd"]),
    )


def compare_regions(inventory: Inventory, catalog: Catalog, *, regions: list[str] | None = None,
                    usage: Usage | None = None) -> RegionComparison:
    """The whole inventory priced in each region (default: every region of the catalog).

    Columns: region, hourly_usd, monthly_usd (baseline), unpriced (resources), complete,
    delta_monthly_usd (vs the stack's own region), usage_monthly_usd (apart, as in an estimate).
    A region is incomplete when a price is missing there; resources that are unpriced everywhere
    (an unknown type or value) do not make it so. Complete regions come first, cheapest first.

    The lines are built once. Resources with the same kinds of lines are priced as one profile
    (their quantities added up), so the cross join with the regions grows with the kinds of
    resources, not their number.
    """
    wanted = list(dict.fromkeys(catalog.validate_region(code) for code in regions or catalog.regions))
    home = inventory.default_region
    computed = list(dict.fromkeys(wanted + ([home] if home in catalog.regions else [])))
    resources = _billable(inventory.resources, None)
    with _input_named(inventory.source):
        profiles, sizes = _profiles(_lines(resources, inventory.resources, usage))
    costed = _costed(profiles.merge(pd.DataFrame({"region": computed}, dtype="str"), how="cross"),
                     catalog.prices_for(ON_DEMAND))
    costs = _resource_costs(costed, by="profile").merge(sizes, on="profile")
    priced = costs[~costs["blocked"]].groupby("region")
    table = pd.DataFrame(index=pd.Index(computed, name="region"))
    for column in COST_COLUMNS:
        table[column] = priced[column].sum()
    table = table.fillna(0.0)
    unpriced_everywhere = int((~resources["type"].isin(RULES) & ~resources["type"].map(is_free)).sum())
    blocked = costs["resources"].where(costs["blocked"], 0).groupby(costs["region"]).sum()
    table["unpriced"] = blocked.reindex(table.index, fill_value=0).astype(int) + unpriced_everywhere
    missing = (costed["usd"].isna() & (costed["item"] != "")).groupby(costed["region"]).any()
    table["complete"] = ~missing.reindex(table.index, fill_value=False).astype(bool)
    table["delta_monthly_usd"] = _delta_vs_home(table, home)
    table = table.loc[wanted].reset_index()
    table = table.sort_values(["complete", "monthly_usd", "region"], ascending=[False, True, True], kind="stable")
    return RegionComparison(source=inventory.source, home_region=home,
                            regions=table[REGION_COLUMNS].reset_index(drop=True))


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


def _lines(resources: pd.DataFrame, inventory: pd.DataFrame, usage: Usage | None) -> pd.DataFrame:
    """The rules' lines, usage quantities filled in from the usage file."""
    lines = rule_lines(resources, inventory)
    if usage is None:
        return lines
    given = lines[["urn", "usage_key"]].merge(usage.quantities(resources), on=["urn", "usage_key"],
                                              how="left")["quantity"].to_numpy()
    lines["quantity"] = np.where(lines["usage"] & ~np.isnan(given), given, lines["quantity"])
    return lines


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
    missing = no_price & (merged["item"] != "") & (merged["reason"] == "")
    variant = np.where(merged["variant"] != "", " (" + merged["variant"] + ")", "")
    region = np.where(merged["region"] != "", "in " + merged["region"], "with no region set")
    merged.loc[missing, "reason"] = ("no price for " + merged["service"] + " " + merged["item"] + variant + " "
                                     + region)[missing]
    waiting = ~no_price & merged["usage"] & merged["quantity"].isna()
    merged.loc[waiting, "reason"] = DEPENDS_ON_USAGE
    merged["status"] = np.where(no_price, "unpriced", "priced")
    return merged


def _cost(lines: pd.DataFrame, price: str) -> tuple[np.ndarray, np.ndarray]:
    """Hourly and monthly cost of lines at their `price` column: an hourly unit costs quantity x price an
    hour, a monthly unit quantity x price a month."""
    hourly_unit = lines["unit"].str.endswith("hour").to_numpy()
    amount = (lines["quantity"] * lines[price]).to_numpy()
    return (np.where(hourly_unit, amount, amount / HOURS_PER_MONTH),
            np.where(hourly_unit, amount * HOURS_PER_MONTH, amount))


def _reserved(term: str, costed: pd.DataFrame, resources: pd.DataFrame, monthly_usd: float) -> ReservedPricing:
    """The lines under `term` against their on-demand cost; the saving over the baseline of priced
    resources, which cost `monthly_usd` under the term (the estimate's total)."""
    on_demand_monthly = _cost(costed, "on_demand_usd")[1]
    lines = pd.DataFrame({"term": costed["term"].fillna(ON_DEMAND).to_numpy(),
                          "on_demand_unit_usd": costed["on_demand_usd"].to_numpy(),
                          "on_demand_monthly_usd": on_demand_monthly,
                          "saving_monthly_usd": on_demand_monthly - costed["monthly_usd"].to_numpy()})
    counted = (costed["urn"].isin(resources.loc[resources["status"] == "priced", "urn"]) & ~costed["usage"]).to_numpy()
    saving = float(lines["saving_monthly_usd"].to_numpy()[counted].sum())
    left = costed[costed["service"].isin(RESERVABLE_SERVICES) & costed["usd"].notna() & (costed["term"] == ON_DEMAND)]
    without_term = tuple(dict.fromkeys(left["item"] + " in " + left["region"]))
    return ReservedPricing(term, lines[RESERVED_LINE_COLUMNS], monthly_usd + saving, saving, without_term)


# --- resources and totals ----------------------------------------------------------------------

def _resource_costs(costed: pd.DataFrame, by: str = "urn") -> pd.DataFrame:
    """Per region and resource (or profile): blocked (some line unpriced), why, baseline and usage costs."""
    baseline = ~costed["usage"]
    frame = pd.DataFrame({
        "region": costed["region"], by: costed[by],
        "blocked": costed["status"] == "unpriced",
        "hourly_usd": costed["hourly_usd"].where(baseline, 0.0),
        "monthly_usd": costed["monthly_usd"].where(baseline, 0.0),
        "usage_monthly_usd": costed["monthly_usd"].where(~baseline, 0.0).fillna(0.0),
    })
    costs = frame.groupby(["region", by], sort=False).agg(
        blocked=("blocked", "any"), hourly_usd=("hourly_usd", "sum"), monthly_usd=("monthly_usd", "sum"),
        usage_monthly_usd=("usage_monthly_usd", "sum")).reset_index()
    blocking = costed.loc[frame["blocked"], ["region", by, "reason"]].drop_duplicates()
    reasons = blocking.groupby(["region", by], sort=False)["reason"].agg("; ".join).rename("reason")
    return costs.merge(reasons.reset_index(), on=["region", by], how="left").fillna({"reason": ""})


def _resources(resources: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """RESOURCE_COLUMNS: each resource's status, reason and cost."""
    table = resources[["urn", "type", "name", "component", "region"]].merge(
        costs.drop(columns="region"), on="urn", how="left")
    has_rule = table["type"].isin(RULES).to_numpy()
    free_type = table["type"].map(is_free).to_numpy(dtype=bool)
    has_lines = table["blocked"].notna().to_numpy()
    blocked = table["blocked"].fillna(False).to_numpy(dtype=bool)
    table["status"] = np.select([free_type | (has_rule & ~has_lines), has_rule & ~blocked],
                                ["free", "priced"], "unpriced")
    not_aws = ~table["type"].str.startswith("aws:").to_numpy()
    table["reason"] = np.select([free_type, ~has_rule & not_aws, ~has_rule],
                                [table["type"].map(free_note),
                                 "not an AWS resource (" + table["type"] + "): costing prices AWS resources only",
                                 "no pricing rule for " + table["type"]],
                                table["reason"].fillna(""))
    for column in COST_COLUMNS:
        table[column] = np.select([table["status"] == "free", table["status"] == "priced"],
                                  [0.0, table[column]], np.nan)
    return table[RESOURCE_COLUMNS]


def _totals(resources: pd.DataFrame) -> dict:
    priced = resources[resources["status"] == "priced"]
    counts = resources["status"].value_counts()
    return {
        "hourly_usd": float(priced["hourly_usd"].sum()),
        "monthly_usd": float(priced["monthly_usd"].sum()),
        "usage_monthly_usd": float(priced["usage_monthly_usd"].sum()),
        "resources": int(len(resources)),
        **{status: int(counts.get(status, 0)) for status in ("priced", "free", "unpriced")},
    }


def _asg_ranges(groups: pd.DataFrame, unit_lines: pd.DataFrame) -> pd.DataFrame:
    """Monthly baseline cost of each Auto Scaling group at its minimum, desired and maximum size."""
    costs = _resource_costs(unit_lines).set_index("urn")
    per_instance = costs["monthly_usd"].where(~costs["blocked"])
    table = ec2.asg_sizes(groups)
    table.insert(1, "name", table["urn"].map(groups.set_index("urn")["name"]))
    unit = table["urn"].map(per_instance).astype("float64")
    for size, column in (("min_size", "monthly_usd_at_min"), ("desired", "monthly_usd_at_desired"),
                         ("max_size", "monthly_usd_at_max")):
        table[column] = unit * table[size]
    return table[RANGE_COLUMNS]


def _delta_vs_home(table: pd.DataFrame, home: str | None) -> pd.Series:
    """Monthly difference to the home region; NaN where either side is incomplete or home is unknown."""
    if home not in table.index or not table.at[home, "complete"]:
        return pd.Series(np.nan, index=table.index)
    delta = table["monthly_usd"] - table.at[home, "monthly_usd"]
    return delta.where(table["complete"])
