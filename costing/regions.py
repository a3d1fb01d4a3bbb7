"""AWS region codes and their names, so messages and reports can say "eu-west-1 (EU (Ireland))".

The names are AWS's location names (the ones its price lists use), for the regions of the price
snapshot; tests/test_catalog.py checks them against ../shared/pricing/aws-pricing-pages/locations.json.
"""

REGION_NAMES = {
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-east-2": "Asia Pacific (Taipei)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-5": "Asia Pacific (Malaysia)",
    "ap-southeast-6": "Asia Pacific (New Zealand)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "EU (Frankfurt)",
    "eu-central-2": "EU (Zurich)",
    "eu-north-1": "EU (Stockholm)",
    "eu-south-1": "EU (Milan)",
    "eu-south-2": "EU (Spain)",
    "eu-west-1": "EU (Ireland)",
    "eu-west-2": "EU (London)",
    "eu-west-3": "EU (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "mx-central-1": "Mexico (Central)",
    "sa-east-1": "South America (Sao Paulo)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-gov-east-1": "AWS GovCloud (US-East)",
    "us-gov-west-1": "AWS GovCloud (US)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
}


def region_name(code: str) -> str:
    """AWS's name for a region code, or "" for a code it does not know."""
    return REGION_NAMES.get(code, "")


def region_named(text: str) -> str | None:
    """The region whose name contains `text` ("ireland" -> eu-west-1) when exactly one does."""
    wanted = text.strip().lower()
    if len(wanted) < 3:
        return None
    matches = [code for code, name in REGION_NAMES.items() if wanted in name.lower()]
    return matches[0] if len(matches) == 1 else None
