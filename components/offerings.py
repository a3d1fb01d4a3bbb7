"""What AWS offers where, read from the project's price snapshot (costing/data/prices.csv.gz): the regions,
the EC2 instance types of each region, and the RDS instance classes of each region per engine and licence.

Why the price list: AWS points to it for exactly this question ("Determining DB instance class support in
AWS Regions", RDS User Guide: "You can use the Amazon RDS Pricing page to determine the DB instance classes
supported by each DB engine in a specific AWS Region",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.RegionSupport.html), and a
class it has no price for would also be left unpriced by costing. The file is read directly (csv, no
pandas, no costing import), so the program checks the same under `pulumi preview`.
"""

from __future__ import annotations

import difflib
import functools
import gzip
from dataclasses import dataclass, field

from components.project import PROJECT_DIR

SNAPSHOT = PROJECT_DIR / "costing" / "data" / "prices.csv.gz"
SNAPSHOT_NAME = "the price catalog (costing/data/prices.csv.gz)"
# The snapshot's licence column, per RDS licence model.
LICENSES = {"general-public-license": "none", "postgresql-license": "none", "license-included": "license-included",
            "bring-your-own-license": "byol"}


@dataclass(frozen=True)
class Offerings:
    regions: frozenset[str]
    instance_types: dict[str, frozenset[str]] = field(default_factory=dict)  # region -> EC2 types
    db_classes: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)  # (region, engine, licence)


@functools.cache
def offerings() -> Offerings | None:
    """The snapshot's offerings, read once per process; None when the snapshot is not there."""
    if not SNAPSHOT.exists():
        return None
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as handle:
        text = handle.read()
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    if not header.startswith("service,region,item,variant,"):
        raise RuntimeError(f"{SNAPSHOT}: expected the columns service, region, item, variant first, got {header}")
    lines = text.split("\n")  # ec2 and rds rows hold no quoted commas in their first four columns
    instance_types: dict[str, set[str]] = {}
    for region, item in {(row[1], row[2]) for row in (line.split(",", 3) for line in lines if line[:4] == "ec2,")}:
        instance_types.setdefault(region, set()).add(item)
    db_classes: dict[tuple[str, str, str], set[str]] = {}
    rds_rows = {(row[1], row[3][:row[3].rfind("|")], row[2])  # (region, "engine|licence", class)
                for row in (line.split(",", 4) for line in lines if line[:4] == "rds,")}
    for region, engine_licence, item in rds_rows:
        engine, _, licence = engine_licence.partition("|")
        db_classes.setdefault((region, engine, licence), set()).add(item)
    return Offerings(frozenset(instance_types), {key: frozenset(value) for key, value in instance_types.items()},
                     {key: frozenset(value) for key, value in db_classes.items()})


def unknown_region(region: str) -> str | None:
    """Why `region` is not one to deploy to ('' when it is, or when there is no snapshot to tell)."""
    known = offerings()
    if known is None or region in known.regions:
        return None
    return f"is not an AWS region {SNAPSHOT_NAME} knows{_did_you_mean(region, known.regions)}"


def unoffered_instance_type(region: str, instance_type: str) -> str | None:
    """Why EC2 does not offer `instance_type` in `region`; None when it does (or nothing can tell)."""
    known = offerings()
    types = known.instance_types.get(region) if known else None
    if not types or instance_type in types:
        return None
    return f"is not an EC2 instance type offered in {region} (per {SNAPSHOT_NAME}){_did_you_mean(instance_type, types)}"


def unoffered_db_class(region: str, engine: str, license_model: str, db_class: str) -> str | None:
    """Why RDS does not offer `db_class` for the engine and licence in `region`; None when it does."""
    known = offerings()
    classes = known.db_classes.get((region, engine, LICENSES.get(license_model, ""))) if known else None
    if not classes or db_class in classes:
        return None
    return (f"is not offered for {engine} ({license_model}) in {region} (per {SNAPSHOT_NAME})"
            f"{_did_you_mean(db_class, classes)}")


def _did_you_mean(value: str, choices: frozenset[str]) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""
