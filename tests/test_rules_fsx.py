"""FSx file systems: Lustre PERSISTENT_2 SSD storage to the cent on hand-checked us-east-1 prices
(aws-pricing-pages/fsx.json's "SSD new" keys: 0.145, 0.210, 0.340, 0.600 per GB-month at 125, 250, 500 and
1,000 MB/s/TiB); every other deployment and file system type unpriced with its reason."""

from __future__ import annotations

import pytest

from tests.pricing_helpers import cents, of, priced, prices, resource

LUSTRE = "aws:fsx/lustreFileSystem:LustreFileSystem"
PRICES = prices(*[("fsx", "us-east-1", "lustre-storage", f"persistent-2-ssd|{throughput}", "GB-month", usd)
                  for throughput, usd in (("125", 0.145), ("250", 0.21), ("500", 0.34), ("1000", 0.6))])
PERSISTENT_2 = {"deploymentType": "PERSISTENT_2", "storageCapacity": 2400, "perUnitStorageThroughput": 125}


def price(*rows):
    return priced(*rows, table=PRICES)


def test_persistent_2_ssd_storage_is_priced_by_its_throughput_level():
    result = price(resource(LUSTRE, "train", PERSISTENT_2),
                   resource(LUSTRE, "fast", {**PERSISTENT_2, "storageCapacity": 1200,
                                             "perUnitStorageThroughput": 1000}))
    assert of(result, "train")["monthly_usd"] == cents(348.00)  # 2,400 x 0.145
    assert of(result, "fast")["monthly_usd"] == cents(720.00)  # 1,200 x 0.600


def test_other_lustre_deployments_and_settings_are_unpriced_with_their_reason():
    result = price(resource(LUSTRE, "default", {"storageCapacity": 1200}),
                   resource(LUSTRE, "hdd", {**PERSISTENT_2, "storageType": "HDD"}),
                   resource(LUSTRE, "odd-rate", {**PERSISTENT_2, "perUnitStorageThroughput": 200}),
                   resource(LUSTRE, "no-rate", {**PERSISTENT_2, "perUnitStorageThroughput": None}),
                   resource(LUSTRE, "metadata", {**PERSISTENT_2, "metadataConfiguration": {"mode": "USER_PROVISIONED",
                                                                                          "iops": 12000}}))
    assert of(result, "default")["reason"] == ("FSx for Lustre SCRATCH_1 SSD is not priced (priced: PERSISTENT_2 SSD; "
                                               "the snapshot's other Lustre prices are not identified)")
    assert of(result, "hdd")["reason"].startswith("FSx for Lustre PERSISTENT_2 HDD is not priced")
    assert of(result, "odd-rate")["reason"] == ("per-unit storage throughput 200 MB/s/TiB is not priced "
                                                "(PERSISTENT_2 SSD: 125, 250, 500, 1000)")
    assert of(result, "no-rate")["reason"] == "per-unit storage throughput not set (required for PERSISTENT_2)"
    assert of(result, "metadata")["reason"] == "no price for FSx for Lustre metadata IOPS in the price snapshot"


@pytest.mark.parametrize("type_token, name", [("aws:fsx/windowsFileSystem:WindowsFileSystem", "Windows File Server"),
                                              ("aws:fsx/ontapFileSystem:OntapFileSystem", "NetApp ONTAP"),
                                              ("aws:fsx/openZfsFileSystem:OpenZfsFileSystem", "OpenZFS")])
def test_file_systems_without_prices_say_so(type_token, name):
    result = price(resource(type_token, "fs", {"storageCapacity": 1024, "throughputCapacity": 128}))
    assert of(result, "fs")["reason"] == (f"no price for FSx for {name} in the price snapshot (its FSx data covers "
                                          "Lustre storage only)")
