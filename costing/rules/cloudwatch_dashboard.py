"""CloudWatch dashboards (https://aws.amazon.com/cloudwatch/pricing/): $3.00 per dashboard per month, one
price in every region; the first 3 dashboards (of up to 50 metrics each) are free account-wide (stated,
not applied). Alarms and log groups are priced in costing/rules/monitoring.py."""

from __future__ import annotations

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Page, Price

DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"
TYPES = (DASHBOARD,)

DASHBOARD_MONTH = Price("cloudwatch", "dashboard", "dashboard-month", "dashboard",
                        sources=[Page("cloudwatch.json", "Dashboard Basic Dashboard", location="Any")],
                        refresh=[OfferFilter("AmazonCloudWatch", families="Dashboard", usage="DashboardsUsageHour")],
                        free_tier="the first 3 dashboards are free, account-wide (not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"cloudwatch": "CloudWatch"}
PRICES = (DASHBOARD_MONTH,)


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {DASHBOARD: (lambda row: [DASHBOARD_MONTH.line(row.urn, 1.0)], "CloudWatch dashboard")})
