"""FSx file systems, as far as the price data allows (https://aws.amazon.com/fsx/pricing/).

The snapshot's FSx data (../shared/pricing/aws-pricing-pages/fsx.json) covers FSx for Lustre storage
only, under opaque SKU keys. Four of them ("SSD new") are read as PERSISTENT_2 SSD storage per
GB-month at 125, 250, 500 and 1,000 MB/s/TiB: $0.145, $0.210, $0.340 and $0.600 in us-east-1, rising
with throughput as AWS's tiers do, and a published table of the hourly cost of Persistent-2 file
systems in ap-northeast-1 (1.2 TiB at each throughput, 2022) matches all four keys' Tokyo prices. The
other keys (three "SSD old", four "HDD") cannot be told apart with the same confidence, so:

- Lustre PERSISTENT_2 SSD: storage capacity (GiB, billed as GB) x the price of its per-unit storage
  throughput. User-provisioned metadata IOPS have no price (a line without one when configured: the
  file system partly priced); backups have none either and are left out (they depend on use).
- Lustre SCRATCH_1, SCRATCH_2, PERSISTENT_1 (SSD or HDD) and Intelligent-Tiering: not priced.
- FSx for Windows File Server, NetApp ONTAP and OpenZFS: not priced (no price in the snapshot).
The deployment type defaults to SCRATCH_1 (the FSx API's default) and the storage type to SSD.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, number, text, unpriced_line
from costing.rules.declare import Page, Price

LUSTRE = "aws:fsx/lustreFileSystem:LustreFileSystem"
WINDOWS = "aws:fsx/windowsFileSystem:WindowsFileSystem"
ONTAP = "aws:fsx/ontapFileSystem:OntapFileSystem"
OPENZFS = "aws:fsx/openZfsFileSystem:OpenZfsFileSystem"
TYPES = (LUSTRE, WINDOWS, ONTAP, OPENZFS)

# fsx.json's SKU key -> PERSISTENT_2 SSD per-unit storage throughput (MB/s/TiB).
PERSISTENT_2_SSD = {"zgFPJ0cUYXdd2jLTiOuDcSYRtdFhYRqCjCbYd49h1Y8 SSD new": "125",
                    "yMXUnsAV3uitn3E4G7Z25YOoTEwD6fTeQCq0JdEjw-0 SSD new": "250",
                    "JCLdXKhp6UDel_cRam0smdbULMkLKcxzWLKN2kvL6Rs SSD new": "500",
                    "SJkcZfTtuEZ8xiIULvUsQp_CzFRvoWE-3TKzTnlPRVo SSD new": "1000"}
LUSTRE_STORAGE = Price("fsx", "lustre-storage", "GB-month", "Persistent-2 SSD storage, {throughput} MB/s/TiB",
                       variant="persistent-2-ssd|{throughput}",
                       sources=[Page("fsx.json", re.compile("(?P<throughput>" + "|".join(
                           map(re.escape, PERSISTENT_2_SSD)) + ")"), values={"throughput": PERSISTENT_2_SSD})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"fsx": "FSx"}
PRICES = (LUSTRE_STORAGE,)

NO_PRICE = "no price for FSx for {} in the price snapshot (its FSx data covers Lustre storage only)"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {
        LUSTRE: (_lustre, "FSx for Lustre file system"),
        WINDOWS: (_no_price("Windows File Server"), "FSx for Windows File Server file system"),
        ONTAP: (_no_price("NetApp ONTAP"), "FSx for NetApp ONTAP file system"),
        OPENZFS: (_no_price("OpenZFS"), "FSx for OpenZFS file system"),
    })


def _no_price(name: str):
    def build(resource: Any) -> list[dict[str, Any]]:
        raise Unpriceable(NO_PRICE.format(name))
    return build


def _lustre(resource: Any) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    deployment = text(inputs, "deploymentType", "deployment type", "SCRATCH_1")
    storage_type = text(inputs, "storageType", "storage type", "SSD")
    if (deployment, storage_type) != ("PERSISTENT_2", "SSD"):
        raise Unpriceable(f"FSx for Lustre {deployment} {storage_type} is not priced (priced: PERSISTENT_2 SSD; "
                          f"the snapshot's other Lustre prices are not identified)")
    capacity = number(inputs, "storageCapacity", "storage capacity")
    throughput = number(inputs, "perUnitStorageThroughput", "per-unit storage throughput")
    if capacity is None:
        raise Unpriceable("storage capacity not set")
    if throughput is None:
        raise Unpriceable("per-unit storage throughput not set (required for PERSISTENT_2)")
    if f"{throughput:g}" not in PERSISTENT_2_SSD.values():
        raise Unpriceable(f"per-unit storage throughput {throughput:g} MB/s/TiB is not priced "
                          f"(PERSISTENT_2 SSD: {', '.join(PERSISTENT_2_SSD.values())})")
    rows = [LUSTRE_STORAGE.line(urn, capacity, throughput=f"{throughput:g}")]
    metadata = known(inputs, "metadataConfiguration", "metadata configuration") or {}
    if text(metadata, "mode", "metadata mode", "AUTOMATIC") == "USER_PROVISIONED":
        rows.append(unpriced_line(urn, "user-provisioned metadata IOPS",
                                  "no price for FSx for Lustre metadata IOPS in the price snapshot"))
    return rows
