"""The pricing an estimate can be under: on demand (the default), or a reserved term of EC2 and RDS
instances (standard offering class), whose upfront fee is spread over the term's hours.

Kept apart from the catalog (which loads pandas) so the command line can offer the choices at once.
"""

from __future__ import annotations

from enum import Enum

ON_DEMAND = "on-demand"
# Reserved term -> its length in years.
RESERVED_TERMS = {"reserved-1y-no-upfront": 1, "reserved-1y-all-upfront": 1,
                  "reserved-3y-no-upfront": 3, "reserved-3y-all-upfront": 3}
PRICING_OPTIONS = (ON_DEMAND, *RESERVED_TERMS)
TERM_LABELS = {"reserved-1y-no-upfront": "reserved 1 year, no upfront",
               "reserved-1y-all-upfront": "reserved 1 year, all upfront",
               "reserved-3y-no-upfront": "reserved 3 years, no upfront",
               "reserved-3y-all-upfront": "reserved 3 years, all upfront"}
RESERVABLE_SERVICES = ("ec2", "rds")  # the catalog services whose items (instance hours) have reserved terms

Pricing = Enum("Pricing", {option.replace("-", "_"): option for option in PRICING_OPTIONS}, type=str)
Pricing.__doc__ = "The --pricing choices."
