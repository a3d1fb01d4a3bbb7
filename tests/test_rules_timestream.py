"""Timestream for LiveAnalytics: every line is usage, queries on the database in TCU-hours."""

from __future__ import annotations

import pytest

from costing.rules import timestream
from tests.pricing_helpers import frame, resource


def test_a_table_is_ingestion_and_storage_and_a_database_its_queries():
    inventory = frame(resource(timestream.TABLE, "cpu", {"databaseName": "m", "tableName": "cpu"}),
                      resource(timestream.DATABASE, "m", {"databaseName": "m"}))
    lines = timestream.lines(inventory, inventory)
    assert list(zip(lines["item"], lines["unit"], lines["usage_key"])) == [
        ("ingestion", "GB", "monthly_data_ingested_gb"), ("memory-store", "GB-hour", "memory_store_gb"),
        ("magnetic-store", "GB-month", "magnetic_store_gb"), ("query-tcu", "TCU-hour", "monthly_query_tcu_hours")]
    assert lines["usage"].all()
    assert lines["usage_factor"].iloc[-1] == pytest.approx(1 / 730)  # TCU-hours a month as an hour's average
