"""The row shapes that connect the stages: inventory -> rules -> prices -> report.

Every adapter (mock run, preview JSON, stack export) produces INVENTORY_COLUMNS; every rule turns
inventory rows into LINE_COLUMNS; the catalog holds PRICE_COLUMNS; estimate.py joins lines and
prices in one merge on PRICE_KEY.
"""

# One row per resource. `inputs` is the camelCase input dict (unknown preview values are the
# UNKNOWN sentinel, secrets the SECRET marker); `refs` maps an input name to the URNs it depends on;
# `component` is the name of the resource's top-level component ancestor ("" at the stack's root);
# `region` is resolved: the resource's own `region` input, else its provider's, else the stack's.
# `custom` is False for component resources (and the stack): they group others and are never priced.
INVENTORY_COLUMNS = ["urn", "type", "name", "component", "parent", "provider", "region", "id", "inputs", "refs",
                     "custom"]

# One row per cost line, written from a declared price (costing/rules/declare.py). `quantity` is in
# `unit`s: concurrent units for hourly units ("hour", "LCU-hour"), per month for the rest ("GB-month",
# "GB", "alarm-month"). `usage` lines take their quantity from the usage file: `usage_key` names the
# key (or keys multiplied, "a*b"), times `usage_factor`; "" on baseline lines. A line of a volume tier
# counts the part of that quantity between `tier_low` and `tier_high` (0 and inf on other lines).
# `note` states what the price leaves out (a free allowance). `reason` is set, and the price key left
# empty, when the line cannot be priced from the inputs (an unknown value, say). A resource its rule
# gives no line is free (a gateway endpoint).
LINE_COLUMNS = ["urn", "description", "service", "item", "variant", "unit", "quantity", "usage", "usage_key",
                "usage_factor", "tier_low", "tier_high", "note", "reason"]

# One row per price. `variant` is "" when a price has none. `source` and `as_of` record provenance.
PRICE_COLUMNS = ["service", "region", "item", "variant", "unit", "usd", "source", "as_of"]
PRICE_KEY = ["service", "region", "item", "variant"]

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET = "[secret]"
HOURS_PER_MONTH = 730
