"""CloudWatch, Secrets Manager and KMS to the cent on hand-checked us-east-1 prices: alarm 0.10
(high resolution 0.30, composite 0.50) per month; logs 0.50/GB ingested and 0.03/GB-month stored;
secret 0.40 and KMS key 1.00 per month."""

from __future__ import annotations

from costing.schema import SECRET
from costing.usage import Usage
from tests.pricing_helpers import cents, lines_of, of, priced, resource

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
SECRET_TYPE = "aws:secretsmanager/secret:Secret"
KEY = "aws:kms/key:Key"


def test_alarms_are_priced_per_metric_and_resolution():
    metric = {"metricName": "CPUUtilization", "namespace": "AWS/EC2", "period": 60, "stat": "Average"}
    result = priced(
        resource(ALARM, "cpu", {"metricName": "CPUUtilization", "period": 300}),
        resource(ALARM, "fast", {"metricName": "CPUUtilization", "period": 10}),
        resource(ALARM, "math", {"metricQueries": [{"id": "a", "metric": metric}, {"id": "b", "metric": metric},
                                                   {"id": "e", "expression": "a + b"}]}),
        resource(COMPOSITE, "any", {"alarmRule": "ALARM(cpu) OR ALARM(fast)"}),
    )
    assert of(result, "cpu")["monthly_usd"] == cents(0.10)
    assert of(result, "fast")["monthly_usd"] == cents(0.30)
    assert lines_of(result, "math").loc["standard-resolution alarm metrics", "quantity"] == 2
    assert of(result, "math")["monthly_usd"] == cents(0.20)  # 2 metrics x 0.10; the expression is free
    assert of(result, "any")["monthly_usd"] == cents(0.50)
    assert of(result, "cpu")["hourly_usd"] == cents(0.10 / 730)


def test_a_log_group_costs_what_it_ingests_and_stores():
    without = priced(resource(LOG_GROUP, "flow-logs", {"retentionInDays": 30}))
    assert (of(without, "flow-logs")["status"], of(without, "flow-logs")["monthly_usd"]) == ("priced", 0.0)
    assert set(lines_of(without, "flow-logs")["reason"]) == {"depends on usage"}
    usage = Usage("usage.yaml", resources={"flow-logs": {"monthly_data_ingested_gb": 10, "storage_gb": 100}})
    result = priced(resource(LOG_GROUP, "flow-logs", {"retentionInDays": 30}), usage=usage)
    assert of(result, "flow-logs")["usage_monthly_usd"] == cents(8.00)  # 10 x 0.50 + 100 x 0.03


def test_infrequent_access_log_group_is_unpriced():
    result = priced(resource(LOG_GROUP, "archive", {"logGroupClass": "INFREQUENT_ACCESS"}))
    assert of(result, "archive")["reason"] == "INFREQUENT_ACCESS log groups are not priced (priced: STANDARD)"


def test_secret_is_priced_per_month_and_per_replica_region():
    result = priced(resource(SECRET_TYPE, "api-key", {}),
                    resource(SECRET_TYPE, "replicated", {"replicas": [{"region": "eu-west-1"},
                                                                      {"region": "us-west-2"}]}))
    assert of(result, "api-key")["monthly_usd"] == cents(0.40)
    assert of(result, "replicated")["monthly_usd"] == cents(1.20)  # 3 x 0.40


def test_kms_key_is_priced_per_month():
    result = priced(resource(KEY, "data", {"description": "data", "enableKeyRotation": True}))
    assert of(result, "data")["monthly_usd"] == cents(1.00)


def test_a_secret_value_the_price_depends_on_leaves_the_resource_unpriced():
    result = priced(resource(ALARM, "hidden", {"period": SECRET}))
    assert of(result, "hidden")["reason"] == "alarm period is secret"
