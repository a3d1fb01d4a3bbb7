"""`costing usage template`: every usage key of a stack's resources with its unit and unit price, loading
back through --usage-file unchanged, and pricing the values once they are set."""

from __future__ import annotations

import json

from tests.cli_helpers import run
from tests.documents import step, write_steps

NAT = "aws:ec2/natGateway:NatGateway"
LB = "aws:lb/loadBalancer:LoadBalancer"


def test_the_template_lists_each_resources_keys_with_unit_and_price(capsys, tmp_path):
    plan = write_steps(tmp_path / "plan.json", [step(NAT, "nat", {}), step(LB, "web", {"subnets": ["a", "b"]}),
                                          step("aws:ec2/vpc:Vpc", "vpc", {})])
    code, out, _ = run(capsys, "usage", "template", "--preview", plan)
    assert code == 0
    assert out == (
        f"# Usage file for preview {plan} (stack dev, project shop), from `costing usage template`.\n"
        "# Set the values you expect (null: none yet, the line shows its unit price); use it with --usage-file.\n"
        "resources:\n"
        '  "nat":  # aws:ec2/natGateway:NatGateway\n'
        "    monthly_data_processed_gb: null  # data processed per month (GB): $0.045/GB for data processed\n"
        "    monthly_outbound_internet_gb: null  # data sent to the internet per month (GB): $0.09/GB for data "
        "transfer out to the internet (first 10 TB)\n"
        '  "web":  # aws:lb/loadBalancer:LoadBalancer\n'
        "    lcu_per_hour: null  # an application load balancer's average load balancer capacity units (LCU) an hour "
        "(LCU): $0.008/LCU-hour for load balancer capacity units (LCU)\n"
        "    monthly_outbound_internet_gb: null  # data sent to the internet per month (GB): $0.09/GB for data "
        "transfer out to the internet (first 10 TB)\n")


def test_the_template_round_trips_through_the_usage_file(capsys, tmp_path):
    plan = write_steps(tmp_path / "plan.json", [step(NAT, "nat", {}), step(NAT, "nat-b", {})])
    usage = tmp_path / "usage.yaml"
    assert run(capsys, "usage", "template", "--preview", plan, "--output", usage)[0] == 0
    _, plain, _ = run(capsys, "estimate", "--preview", plan, "-f", "json")
    _, templated, _ = run(capsys, "estimate", "--preview", plan, "-f", "json", "--usage-file", usage)
    assert json.loads(templated)["totals"] == json.loads(plain)["totals"]  # nothing set yet, nothing changes
    usage.write_text(usage.read_text().replace("monthly_data_processed_gb: null", "monthly_data_processed_gb: 1000", 1))
    _, filled, _ = run(capsys, "estimate", "--preview", plan, "-f", "json", "--usage-file", usage)
    assert json.loads(filled)["totals"]["usage_monthly_usd"] == 45.0  # 1,000 GB x 0.045 for the first gateway


def test_a_stack_without_usage_gets_an_empty_template(capsys, tmp_path):
    plan = write_steps(tmp_path / "plan.json", [step("aws:kms/key:Key", "key", {})])
    code, out, _ = run(capsys, "usage", "template", "--preview", plan)
    assert code == 0 and out.endswith("resources: {}  # no resource here has usage-based costs\n")


def test_an_entry_is_named_unless_another_resource_with_usage_lines_has_the_name(capsys, tmp_path):
    plan = write_steps(tmp_path / "plan.json", [
        step("aws:sns/topic:Topic", "alarms", {}), step("aws:kms/key:Key", "alarms", {}),  # the key reads no usage
        step(NAT, "egress", {}), step(LB, "egress", {"subnets": ["a"]})])  # both read usage keys
    code, out, _ = run(capsys, "usage", "template", "--preview", plan)
    assert code == 0
    entries = [line.split("#")[0].strip() for line in out.splitlines() if line.startswith('  "')]
    assert entries == ['"alarms":', f'"urn:pulumi:dev::shop::{NAT}::egress":', f'"urn:pulumi:dev::shop::{LB}::egress":']
    usage = tmp_path / "usage.yaml"
    usage.write_text(out.replace("monthly_requests: null", "monthly_requests: 3000000"))
    code, filled, _ = run(capsys, "estimate", "--preview", plan, "-f", "json", "--usage-file", usage)
    assert code == 0 and json.loads(filled)["totals"]["usage_monthly_usd"] == 1.5  # 3 million x $0.50/1M


def test_the_template_lists_the_keys_whose_lines_wait_for_a_value(capsys, tmp_path):
    """An SNS topic shows its publishes alone until the usage file counts subscribers outside the stack; its
    template still lists those keys, each with the price of the line it adds, and filling one adds that line."""
    plan = write_steps(tmp_path / "plan.json", [step("aws:sns/topic:Topic", "alerts", {})])
    code, out, _ = run(capsys, "usage", "template", "--preview", plan)
    assert code == 0
    keys = [line.strip() for line in out.splitlines()[4:]]
    assert [key.split(":")[0] for key in keys] == [
        "monthly_requests", "request_size_kb", "http_subscriptions", "email_subscriptions", "kinesis_subscriptions",
        "mobile_push_subscriptions", "macos_subscriptions"]
    assert keys[2] == ("http_subscriptions: null  # HTTP/S subscriptions to the topic that are not resources of the "
                       "stack (those that are price their own deliveries) (subscriptions): $0.60/1M notifications for "
                       "HTTP/S notifications to subscribers outside the stack")
    usage = tmp_path / "usage.yaml"
    usage.write_text(out.replace("monthly_requests: null", "monthly_requests: 2000000")
                     .replace("http_subscriptions: null", "http_subscriptions: 3"))
    _, filled, _ = run(capsys, "estimate", "--preview", plan, "-f", "json", "--usage-file", usage)
    lines = json.loads(filled)["resources"][0]["lines"]
    assert [(line["description"], line["monthly_usd"]) for line in lines] == [
        ("publish requests", 1.0), ("HTTP/S notifications to subscribers outside the stack", 3.6)]  # 2M x 0.50; 3 x 2M x 0.60
