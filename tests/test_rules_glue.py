"""Glue jobs' DPUs from their worker type and count, maximum capacity or the API's defaults, and the
rates they are billed at (ETL 0.44, Flex 0.29 per DPU-hour in us-east-1, aws-pricing-pages/glue.json)."""

from __future__ import annotations

import pytest

from costing.rules.common import Unpriceable
from costing.rules.glue import job_dpus
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, resource, with_prices

JOB = "aws:glue/job:Job"
TABLE = with_prices(("glue", "us-east-1", "job", "standard", "DPU-hour", 0.44),
                    ("glue", "us-east-1", "job", "flex", "DPU-hour", 0.29))


@pytest.mark.parametrize("inputs, command, dpus", [
    ({"workerType": "G.2X", "numberOfWorkers": 5}, "glueetl", 10.0),
    ({"workerType": "G.025X", "numberOfWorkers": 2}, "gluestreaming", 0.5),
    ({"maxCapacity": 1}, "pythonshell", 1.0),
    ({}, "pythonshell", 0.0625),  # the Python shell default
    ({}, "glueetl", 10.0),  # MaxCapacity's default
])
def test_a_jobs_dpus(inputs, command, dpus):
    assert job_dpus(inputs, command) == dpus


def test_a_job_whose_workers_are_not_known_is_unpriced():
    with pytest.raises(Unpriceable, match=r"^worker type G\.3X is not priced \(priced: Standard, G\.025X"):
        job_dpus({"workerType": "G.3X", "numberOfWorkers": 2}, "glueetl")
    with pytest.raises(Unpriceable, match="^number of workers not set$"):
        job_dpus({"workerType": "G.1X"}, "glueetl")


def test_flex_jobs_are_billed_at_the_flex_rate():
    usage = Usage("usage.yaml", resources={"flex": {"monthly_hours": 50}, "standard": {"monthly_hours": 50}})
    result = priced(resource(JOB, "flex", {"executionClass": "FLEX", "workerType": "G.1X", "numberOfWorkers": 2}),
                    resource(JOB, "standard", {"workerType": "G.1X", "numberOfWorkers": 2}), usage=usage, table=TABLE)
    assert of(result, "flex")["usage_monthly_usd"] == cents(29.00)  # 50 h x 2 DPUs x 0.29
    assert of(result, "standard")["usage_monthly_usd"] == cents(44.00)  # 50 h x 2 DPUs x 0.44
    assert list(lines_of(result, "flex").index) == ["Flex job DPU-hours (2 DPUs, glueetl)"]
