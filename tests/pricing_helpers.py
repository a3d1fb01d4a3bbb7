"""Hand-made inventories and price tables for the pricing tests, so they depend on neither the
inventory adapters nor the catalog build.

Prices are the confirmed figures of ../shared/pricing/README.md and rows of its normalized CSVs,
copied by hand: each test's expected cost is the arithmetic in its comment.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from costing.catalog import Catalog
from costing.estimate import estimate
from costing.inventory.frame import Inventory
from costing.result import LINE_RESULT_COLUMNS, Estimate
from costing.schema import INVENTORY_COLUMNS, PRICE_COLUMNS

STACK, PROJECT = "test", "webstack"


def urn(type_token: str, name: str, parent_type: str | None = None) -> str:
    chain = f"{parent_type}${type_token}" if parent_type else type_token
    return f"urn:pulumi:{STACK}::{PROJECT}::{chain}::{name}"


def resource(type_token: str, name: str, inputs: dict[str, Any] | None = None, *, region: str = "us-east-1",
             refs: dict[str, list[str]] | None = None, id: str | None = None, component: str = "",
             custom: bool = True) -> dict[str, Any]:
    """One INVENTORY_COLUMNS row."""
    row = {"urn": urn(type_token, name), "type": type_token, "name": name, "component": component, "parent": None,
           "provider": None, "region": region, "id": id or f"{name}-id", "inputs": dict(inputs or {}),
           "refs": dict(refs or {}), "custom": custom}
    assert list(row) == INVENTORY_COLUMNS
    return row


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=INVENTORY_COLUMNS)


def inventory(*rows: dict[str, Any], default_region: str | None = "us-east-1") -> Inventory:
    return Inventory(source={"kind": "preview", "stack": None, "project": None, "path": "test.json"},
                     default_region=default_region, resources=frame(*rows))


def prices(*rows: tuple[str, str, str, str, str, float]) -> pd.DataFrame:
    """PRICE_COLUMNS from (service, region, item, variant, unit, usd)."""
    return pd.DataFrame([(*row, "hand-checked", "2025-12-01") for row in rows], columns=PRICE_COLUMNS)


# Hand-checked prices (USD) for us-east-1, eu-west-1 and ap-southeast-2.
PRICES = prices(
    ("ec2", "us-east-1", "t3.micro", "linux-ondemand-shared", "hour", 0.0104),
    ("ec2", "eu-west-1", "t3.micro", "linux-ondemand-shared", "hour", 0.0114),
    ("ec2", "ap-southeast-2", "t3.micro", "linux-ondemand-shared", "hour", 0.0132),
    ("ec2", "us-east-1", "m5.large", "linux-ondemand-shared", "hour", 0.096),
    ("ec2", "eu-west-1", "m5.large", "linux-ondemand-shared", "hour", 0.107),
    ("ec2", "ap-southeast-2", "m5.large", "linux-ondemand-shared", "hour", 0.120),
    ("ec2", "mx-central-1", "t3.micro", "linux-ondemand-shared", "hour", 0.0109),
    ("rds", "us-east-1", "db.t3.micro", "mysql|none|single-az", "hour", 0.017),
    ("rds", "us-east-1", "db.t3.micro", "mysql|none|multi-az", "hour", 0.034),
    ("rds", "eu-west-1", "db.t3.micro", "mysql|none|single-az", "hour", 0.018),
    ("rds", "eu-west-1", "db.t3.micro", "mysql|none|multi-az", "hour", 0.036),
    ("rds", "ap-southeast-2", "db.t3.micro", "mysql|none|single-az", "hour", 0.026),
    ("rds", "ap-southeast-2", "db.t3.micro", "mysql|none|multi-az", "hour", 0.052),
    ("rds", "us-east-1", "db.t3.micro", "sqlserver-ex|license-included|single-az", "hour", 0.022),
    ("rds", "us-east-1", "db.m5.large", "oracle-se2|byol|single-az", "hour", 0.171),
    ("rds", "us-east-1", "db.m5.large", "oracle-se2|license-included|single-az", "hour", 0.438),
    ("rds-storage", "us-east-1", "gp2", "single-az", "GB-month", 0.115),
    ("rds-storage", "us-east-1", "gp2", "multi-az", "GB-month", 0.23),
    ("rds-storage", "us-east-1", "gp3", "single-az", "GB-month", 0.115),
    ("rds-storage", "us-east-1", "gp3", "multi-az", "GB-month", 0.23),
    ("rds-storage", "us-east-1", "gp3-iops", "single-az", "IOPS-month", 0.02),
    ("rds-storage", "us-east-1", "gp3-iops", "multi-az", "IOPS-month", 0.04),
    ("rds-storage", "us-east-1", "gp3-throughput", "single-az", "MiBps-month", 0.08),
    ("rds-storage", "us-east-1", "io1", "single-az", "GB-month", 0.125),
    ("rds-storage", "us-east-1", "io1", "multi-az", "GB-month", 0.25),
    ("rds-storage", "us-east-1", "piops-iops", "single-az", "IOPS-month", 0.1),
    ("rds-storage", "us-east-1", "piops-iops", "multi-az", "IOPS-month", 0.2),
    ("rds-storage", "us-east-1", "backup-storage", "any", "GB-month", 0.095),
    ("rds-storage", "eu-west-1", "gp2", "single-az", "GB-month", 0.127),
    ("rds-storage", "eu-west-1", "backup-storage", "any", "GB-month", 0.095),
    ("rds-storage", "ap-southeast-2", "backup-storage", "any", "GB-month", 0.095),
    ("rds-storage", "eu-west-1", "gp3", "single-az", "GB-month", 0.127),
    ("rds-storage", "ap-southeast-2", "gp3", "single-az", "GB-month", 0.138),
    ("ebs", "us-east-1", "gp2", "", "GB-month", 0.1),
    ("ebs", "us-east-1", "gp3", "", "GB-month", 0.08),
    ("ebs", "us-east-1", "gp3-iops", "", "IOPS-month", 0.005),
    ("ebs", "us-east-1", "gp3-throughput", "", "MiBps-month", 0.04),
    ("ebs", "us-east-1", "io1", "", "GB-month", 0.125),
    ("ebs", "us-east-1", "io1-iops", "", "IOPS-month", 0.065),
    ("ebs", "us-east-1", "io2", "", "GB-month", 0.125),
    ("ebs", "us-east-1", "io2-iops-tier1", "", "IOPS-month", 0.065),
    ("ebs", "us-east-1", "io2-iops-tier2", "", "IOPS-month", 0.0455),
    ("ebs", "us-east-1", "io2-iops-tier3", "", "IOPS-month", 0.03185),
    ("ebs", "eu-west-1", "gp2", "", "GB-month", 0.11),
    ("ebs", "eu-west-1", "gp3", "", "GB-month", 0.088),
    ("ebs", "ap-southeast-2", "gp3", "", "GB-month", 0.096),
    ("elb", "us-east-1", "alb", "", "hour", 0.0225),
    ("elb", "us-east-1", "alb-lcu", "", "LCU-hour", 0.008),
    ("elb", "us-east-1", "nlb", "", "hour", 0.0225),
    ("elb", "us-east-1", "nlb-nlcu", "", "NLCU-hour", 0.006),
    ("elb", "us-east-1", "clb", "", "hour", 0.025),
    ("elb", "us-east-1", "clb-data", "", "GB", 0.008),
    ("elb", "eu-west-1", "alb", "", "hour", 0.0252),
    ("elb", "eu-west-1", "alb-lcu", "", "LCU-hour", 0.008),
    ("elb", "ap-southeast-2", "alb", "", "hour", 0.0252),
    ("elb", "ap-southeast-2", "alb-lcu", "", "LCU-hour", 0.008),
    ("nat", "us-east-1", "nat-gateway", "", "hour", 0.045),
    ("nat", "us-east-1", "nat-gateway-data", "", "GB", 0.045),
    ("nat", "eu-west-1", "nat-gateway", "", "hour", 0.048),
    ("nat", "eu-west-1", "nat-gateway-data", "", "GB", 0.048),
    ("nat", "ap-southeast-2", "nat-gateway", "", "hour", 0.059),
    ("nat", "ap-southeast-2", "nat-gateway-data", "", "GB", 0.059),
    ("vpc", "us-east-1", "public-ipv4-in-use", "", "hour", 0.005),
    ("vpc", "eu-west-1", "public-ipv4-in-use", "", "hour", 0.005),
    ("vpc", "ap-southeast-2", "public-ipv4-in-use", "", "hour", 0.005),
    ("vpc", "us-east-1", "site-to-site-vpn-connection", "", "hour", 0.05),
    ("vpc", "us-east-1", "tgw-vpn-attachment", "", "hour", 0.05),
    ("vpc", "us-east-1", "interface-endpoint", "", "hour", 0.01),
    ("vpc", "us-east-1", "interface-endpoint-data", "", "GB", 0.01),
    ("data-transfer", "us-east-1", "out-to-internet", "0-10TB", "GB", 0.09),
    ("data-transfer", "eu-west-1", "out-to-internet", "0-10TB", "GB", 0.09),
    ("data-transfer", "ap-southeast-2", "out-to-internet", "0-10TB", "GB", 0.114),
    ("cloudwatch", "us-east-1", "alarm-standard", "", "alarm-month", 0.1),
    ("cloudwatch", "us-east-1", "alarm-high-resolution", "", "alarm-month", 0.3),
    ("cloudwatch", "us-east-1", "alarm-composite", "", "alarm-month", 0.5),
    ("cloudwatch", "us-east-1", "logs-ingestion", "", "GB", 0.5),
    ("cloudwatch", "us-east-1", "logs-storage", "", "GB-month", 0.03),
    ("secretsmanager", "us-east-1", "secret", "", "secret-month", 0.4),
    ("secretsmanager", "eu-west-1", "secret", "", "secret-month", 0.4),
    ("kms", "us-east-1", "key", "", "key-month", 1.0),
)


def with_prices(*rows: tuple[str, str, str, str, str, float]) -> pd.DataFrame:
    """PRICES and more hand-checked rows (service, region, item, variant, unit, usd) a test needs."""
    return pd.concat([PRICES, prices(*rows)], ignore_index=True)


def result_lines(rows: list[tuple]) -> pd.DataFrame:
    """Estimate.lines from tuples of its first columns (urn ... reason); the price identity and note empty."""
    width = len(LINE_RESULT_COLUMNS)
    return pd.DataFrame([(*row, *[""] * (width - len(row))) for row in rows], columns=LINE_RESULT_COLUMNS)


def catalog(table: pd.DataFrame = PRICES) -> Catalog:
    return Catalog(table, origin="hand-checked")


def priced(*rows: dict[str, Any], region: str | None = None, usage: Any = None,
           table: pd.DataFrame = PRICES) -> Estimate:
    """The estimate of an inventory of `rows` on the hand-checked prices."""
    return estimate(inventory(*rows), catalog(table), region=region, usage=usage)


def of(result: Estimate, name: str) -> pd.Series:
    """The resource row named `name`."""
    rows = result.resources[result.resources["name"] == name]
    assert len(rows) == 1, f"{len(rows)} resources named {name}"
    return rows.iloc[0]


def lines_of(result: Estimate, name: str) -> pd.DataFrame:
    """The cost lines of the resource named `name`, indexed by description."""
    return result.lines[result.lines["urn"] == of(result, name)["urn"]].set_index("description")


def cents(amount: float):
    """Equal to `amount` to the cent."""
    return pytest.approx(amount, abs=0.005)

