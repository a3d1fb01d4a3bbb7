"""The quantities of the rules' lines that the rules cannot know: a usage line's from the usage file (the
product of its keys' values, times its factor), and a volume tier's share of its quantity."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
    """A volume tier's line counts the part of its quantity within the tier's bounds; a tier above the
    first that the quantity does not reach (or whose usage is not given) is dropped."""
    low, high = lines["tier_low"], lines["tier_high"]
    tiered = ((low > 0) | (high < np.inf)).to_numpy()
    if not tiered.any():
        return lines
    lines["quantity"] = np.where(tiered, (lines["quantity"] - low).clip(lower=0).clip(upper=high - low),
                                 lines["quantity"])
    unreached = (low > 0) & ~(lines["quantity"] > 0)
    return lines[~unreached].reset_index(drop=True)
