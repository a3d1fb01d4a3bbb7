"""The quantities of the rules' lines that the rules cannot know: a usage line's from the usage file (the
product of its keys' values, times its factor), and a volume tier's share of its quantity (a usage line
past its first tier splits into a line per tier it reaches)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from costing.rules import further_tiers


def with_quantities(lines: pd.DataFrame, given: pd.DataFrame | None) -> pd.DataFrame:
    """`lines` (LINE_COLUMNS) with the usage file's quantities (usage.QUANTITY_COLUMNS, None when there is
    no usage file) filled in and split across volume tiers."""
    if given is not None:
        quantities = _usage_quantities(lines, given)
        lines["quantity"] = np.where(lines["usage"] & quantities.notna().to_numpy(), quantities, lines["quantity"])
    return _in_tiers(lines)


def _usage_quantities(lines: pd.DataFrame, given: pd.DataFrame) -> pd.Series:
    """Per line, `usage_factor` x the product of the usage file's values of its keys ("a*b"); NaN where
    one is missing, and on baseline lines."""
    wanted = lines.loc[lines["usage"], ["urn", "usage_key"]]
    parts = wanted.assign(usage_key=wanted["usage_key"].str.split("*")).explode("usage_key")
    values = parts.reset_index().merge(given, on=["urn", "usage_key"], how="left").set_index("index")["quantity"]
    by_line = values.groupby(level=0)
    product = by_line.prod().where(~values.isna().groupby(level=0).any())
    return (product * lines["usage_factor"]).reindex(lines.index)


def _in_tiers(lines: pd.DataFrame) -> pd.DataFrame:
    """A usage quantity past its first tier gets a line in each further tier it reaches (rules.further_tiers: from the declarations);
    a tier's line counts the part of the quantity within the tier's bounds."""
    low, high = lines["tier_low"], lines["tier_high"]
    tiered = ((low > 0) | (high < np.inf)).to_numpy()
    if not tiered.any():
        return lines
    past = lines[tiered & lines["usage"].to_numpy() & (lines["quantity"] > high).to_numpy()]
    if len(past):
        lines = pd.concat([lines, _further_tiers(past)]).sort_index(kind="stable").reset_index(drop=True)
        low, high = lines["tier_low"], lines["tier_high"]
        tiered = ((low > 0) | (high < np.inf)).to_numpy()
    lines["quantity"] = np.where(tiered, (lines["quantity"] - low).clip(lower=0).clip(upper=high - low),
                                 lines["quantity"])
    return lines[~((low > 0) & ~(lines["quantity"] > 0))].reset_index(drop=True)


def _further_tiers(past: pd.DataFrame) -> pd.DataFrame:
    """The lines of the further tiers of `past` (first-tier lines whose quantity passes their bound), each
    with the whole quantity (split afterwards), indexed like its first tier's so that it follows it."""
    rows, index = [], []
    for position, line in zip(past.index, past.to_dict("records")):
        first_label, further = further_tiers(line["service"], line["item"], line["variant"])
        base = line["description"].removesuffix(f" ({first_label})")
        for item, variant, label, note, low, high in further:
            rows.append({**line, "item": item, "variant": variant, "description": f"{base} ({label})", "note": note,
                         "tier_low": low, "tier_high": high})
            index.append(position)
    return pd.DataFrame(rows, index=index).astype(past.dtypes.to_dict())
