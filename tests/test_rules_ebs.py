"""EBS snapshots to the cent on normalized/ebs.csv's us-east-1 snapshot price, 0.05 per GB-month: at the size
of the volume they are taken of when the stack has it, else by use."""

from __future__ import annotations

from costing.schema import UNKNOWN
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, prices, resource

VOLUME = "aws:ebs/volume:Volume"
SNAPSHOT = "aws:ebs/snapshot:Snapshot"
COPY = "aws:ebs/snapshotCopy:SnapshotCopy"
PRICES = prices(("ebs", "us-east-1", "snapshot", "", "GB-month", 0.05),
                ("ebs", "us-east-1", "gp3", "", "GB-month", 0.08))


def test_a_snapshot_is_priced_at_its_volumes_size_found_by_reference_or_by_id():
    volume = resource(VOLUME, "data", {"type": "gp3", "size": 200}, id="vol-0abc")
    by_reference = resource(SNAPSHOT, "nightly", {"volumeId": UNKNOWN}, refs={"volumeId": [volume["urn"]]})
    by_id = resource(SNAPSHOT, "weekly", {"volumeId": "vol-0abc"})  # a state file gives the volume's id
    copy = resource(COPY, "nightly-dr", {"sourceSnapshotId": UNKNOWN}, refs={"sourceSnapshotId": [by_reference["urn"]]})
    result = priced(volume, by_reference, by_id, copy, table=PRICES)
    for name in ("nightly", "weekly", "nightly-dr"):
        assert of(result, name)["monthly_usd"] == cents(10.00)  # 200 x 0.05
    assert list(lines_of(result, "nightly").index) == ["EBS snapshot storage (at most the volume's 200 GB)"]


def test_a_snapshot_of_a_volume_of_unknown_size_is_priced_by_use():
    restored = resource(VOLUME, "restored", {"snapshotId": "snap-1"})
    snapshot = resource(SNAPSHOT, "of-restored", {"volumeId": UNKNOWN}, refs={"volumeId": [restored["urn"]]})
    elsewhere = resource(COPY, "imported", {"sourceSnapshotId": "snap-0123"})
    usage = Usage("usage.yaml", resources={"imported": {"storage_gb": 40}})
    result = priced(restored, snapshot, elsewhere, usage=usage, table=PRICES)
    assert lines_of(result, "of-restored").loc["EBS snapshot storage", "reason"] == "depends on usage"
    assert of(result, "imported")["usage_monthly_usd"] == cents(2.00)  # 40 x 0.05


def test_archive_tier_snapshots_are_not_priced():
    result = priced(resource(SNAPSHOT, "cold", {"volumeId": "vol-1", "storageTier": "archive"}),
                    resource(SNAPSHOT, "later", {"volumeId": "vol-1", "storageTier": UNKNOWN}), table=PRICES)
    assert of(result, "cold")["reason"] == "no price for archive-tier EBS snapshots in the price snapshot"
    assert of(result, "later")["reason"] == "storage tier unknown until apply"
