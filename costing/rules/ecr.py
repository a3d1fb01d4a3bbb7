"""ECR repositories: image storage per GB-month (https://aws.amazon.com/ecr/pricing/), a usage line
(`storage_gb`, infracost's key). Data transferred out of the region is not estimated. New accounts'
500 MB a month of private storage for a year (the AWS Free Tier) is stated, not applied."""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import each_type
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

REPOSITORY = "aws:ecr/repository:Repository"
TYPES = (REPOSITORY,)

STORAGE = Price("ecr", "storage", "GB-month", "image storage", sources=[Page("ecr.json", "EC2 Container Registry")],
                refresh=[OfferFilter("AmazonECR", families="EC2 Container Registry", usage="TimedStorage-ByteHrs")],
                free_tier="new accounts store 500 MB a month free for 12 months (AWS Free Tier, not applied)")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"ecr": "ECR"}
PRICES = (STORAGE,)

STORAGE_GB = UsageKey("storage_gb", "GB", "images stored (the month's average)")
USAGE = {REPOSITORY: (STORAGE_GB,)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {REPOSITORY: (_repository, "ECR repository")})


def _repository(resource: Any) -> list[dict[str, Any]]:
    return [STORAGE.usage_line(resource.urn, STORAGE_GB)]
