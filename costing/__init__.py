"""costing: what a Pulumi AWS stack will cost, per hour and per month, before `pulumi up`."""

__version__ = "0.1.0"
