"""ACM private CA, KMS external keys, Systems Manager, CloudTrail, Config, CloudWatch dashboards, Directory
Service, Grafana, Prometheus, CloudHSM and CloudFormation rules: defaults, what makes a resource free, and
the reasons left unpriced (exact messages)."""

from __future__ import annotations

import pytest

from costing.schema import SECRET, UNKNOWN
from costing.usage import Usage
from tests.edge_helpers import snapshot_priced, unread_usage_keys
from tests.pricing_helpers import cents, lines_of, of, resource

CA = "aws:acmpca/certificateAuthority:CertificateAuthority"
CERTIFICATE = "aws:acm/certificate:Certificate"
PARAMETER, ACTIVATION = "aws:ssm/parameter:Parameter", "aws:ssm/activation:Activation"
SETTING = "aws:ssm/serviceSetting:ServiceSetting"
TRAIL, RECORDER = "aws:cloudtrail/trail:Trail", "aws:cfg/recorder:Recorder"
DIRECTORY = "aws:directoryservice/directory:Directory"
STACK = "aws:cloudformation/stack:Stack"


def test_a_private_certificate_takes_the_rate_of_its_cas_mode():
    short = resource(CA, "short", {"usageMode": "SHORT_LIVED_CERTIFICATE"})
    result = snapshot_priced(
        short, resource(CERTIFICATE, "from-short", {"certificateAuthorityArn": UNKNOWN},
                        refs={"certificateAuthorityArn": [short["urn"]]}),
        resource(CERTIFICATE, "by-arn", {"certificateAuthorityArn": "short-id"}),
        resource(CERTIFICATE, "elsewhere", {"certificateAuthorityArn": "arn:aws:acm-pca:::certificate-authority/x"}),
        resource(CERTIFICATE, "public", {"domainName": "example.com"}))
    assert of(result, "from-short")["monthly_usd"] == cents(0.058)
    assert of(result, "by-arn")["monthly_usd"] == cents(0.058)  # the CA of the stack with that id
    assert of(result, "elsewhere")["monthly_usd"] == cents(0.75)  # a CA outside the stack: general-purpose's rate
    assert of(result, "public")["status"] == "free"


@pytest.mark.parametrize("row, reason", [
    (resource(CA, "ca", {"usageMode": "LONG_LIVED"}), "usage mode 'LONG_LIVED' is not GENERAL_PURPOSE or "
                                                     "SHORT_LIVED_CERTIFICATE"),
    (resource(CERTIFICATE, "ca", {"certificateAuthorityArn": UNKNOWN}), "certificate authority unknown until apply"),
])
def test_a_certificate_or_ca_left_unpriced_says_why(row, reason):
    assert of(snapshot_priced(row), "ca")["reason"] == reason


def test_external_keys_cost_a_key_month():
    result = snapshot_priced(resource("aws:kms/externalKey:ExternalKey", "k", {}),
                             resource("aws:kms/replicaExternalKey:ReplicaExternalKey", "r", {"primaryKeyArn": "arn"}))
    assert (of(result, "k")["monthly_usd"], of(result, "r")["monthly_usd"]) == (cents(1.00), cents(1.00))


def test_parameter_tiers_and_the_accounts_higher_throughput():
    big = "x" * 4097  # Standard parameters hold 4 KB
    result = snapshot_priced(resource(PARAMETER, "standard", {"value": "v"}),
                             resource(PARAMETER, "smart-big", {"tier": "Intelligent-Tiering", "insecureValue": big}),
                             resource(PARAMETER, "smart-small", {"tier": "Intelligent-Tiering", "value": "x" * 4096}))
    assert of(result, "standard")["status"] == "free"
    assert of(result, "smart-big")["monthly_usd"] == cents(0.00007 * 730)
    assert of(result, "smart-small")["status"] == "free"
    throughput = snapshot_priced(
        resource(SETTING, "fast", {"settingId": "arn:aws:ssm:us-east-1:1:servicesetting/ssm/parameter-store/"
                                                "high-throughput-enabled", "settingValue": "true"}),
        resource(PARAMETER, "standard", {"value": "v"}))
    assert list(lines_of(throughput, "standard")["variant"]) == ["higher-throughput"]


@pytest.mark.parametrize("inputs, reason", [
    ({"tier": "Premium"}, "parameter tier 'Premium' is not Standard, Advanced or Intelligent-Tiering"),
    ({"tier": "Intelligent-Tiering", "value": SECRET},
     "Intelligent-Tiering parameter value (its size picks the tier) is secret"),
    ({"tier": "Intelligent-Tiering"}, "Intelligent-Tiering parameter without a value: its tier depends on its size"),
])
def test_a_parameter_left_unpriced_says_why(inputs, reason):
    assert of(snapshot_priced(resource(PARAMETER, "p", inputs)), "p")["reason"] == reason


def test_an_activation_is_billed_in_the_advanced_tier_only():
    usage = Usage("usage.yaml", defaults={ACTIVATION: {"instances": 10}})
    result = snapshot_priced(resource(ACTIVATION, "lab", {"registrationLimit": 1000}),
                             resource(ACTIVATION, "fleet", {"registrationLimit": 1001}), usage=usage)
    assert of(result, "lab")["status"] == "free"
    assert of(result, "fleet")["usage_monthly_usd"] == cents(10 * 0.00695 * 730)
    advanced = snapshot_priced(resource(SETTING, "tier", {"settingId": "/ssm/managed-instance/activation-tier",
                                                          "settingValue": "advanced"}),
                               resource(ACTIVATION, "lab", {}), usage=usage)
    assert of(advanced, "lab")["usage_monthly_usd"] == cents(10 * 0.00695 * 730)


@pytest.mark.parametrize("inputs, items", [
    ({}, ["management-events"]),
    ({"eventSelectors": [{"includeManagementEvents": False}]}, []),
    ({"eventSelectors": [{"includeManagementEvents": "false", "dataResources": [{"type": "AWS::S3::Object"}]}]},
     ["data-events"]),
    ({"advancedEventSelectors": [{"fieldSelectors": [{"field": "eventCategory", "equals": ["Management"]}]}],
      "insightSelectors": [{"insightType": "ApiErrorRateInsight"}]}, ["management-events", "insight-events"]),
])
def test_a_trail_pays_for_the_events_it_logs(inputs, items):
    result = snapshot_priced(resource(TRAIL, "t", {"s3BucketName": "b", **inputs}))
    assert list(lines_of(result, "t")["item"]) == items
    assert of(result, "t")["status"] == ("priced" if items else "free")


def test_a_recorder_of_an_unknown_frequency_is_unpriced():
    result = snapshot_priced(resource(RECORDER, "r", {"recordingMode": {"recordingFrequency": "HOURLY"}}))
    assert of(result, "r")["reason"] == "recording frequency 'HOURLY' is not CONTINUOUS or DAILY"


def test_a_dashboard_costs_three_dollars_a_month():
    result = snapshot_priced(resource("aws:cloudwatch/dashboard:Dashboard", "d", {"dashboardName": "d"}))
    assert of(result, "d")["monthly_usd"] == cents(3.00)


@pytest.mark.parametrize("inputs, monthly", [
    ({}, 0.15 * 730),  # SimpleAD, Large: the provider's defaults
    ({"type": "MicrosoftAD"}, 2 * 0.20 * 730),  # Enterprise by default, two domain controllers
    ({"type": "MicrosoftAD", "edition": "Standard", "desiredNumberOfDomainControllers": 1}, 2 * 0.06 * 730),
    ({"type": "ADConnector", "size": "Small"}, 0.05 * 730),
])
def test_directory_defaults_and_domain_controllers(inputs, monthly):
    assert of(snapshot_priced(resource(DIRECTORY, "d", inputs)), "d")["monthly_usd"] == cents(monthly)


@pytest.mark.parametrize("inputs, reason", [
    ({"type": "SharedMicrosoftAD"}, "directory type 'SharedMicrosoftAD' is not SimpleAD, ADConnector or MicrosoftAD"),
    ({"type": "MicrosoftAD", "edition": "Premium"}, "Microsoft AD edition 'Premium' is not Standard or Enterprise"),
    ({"size": "Medium"}, "directory size 'Medium' is not Small or Large"),
])
def test_a_directory_left_unpriced_says_why(inputs, reason):
    assert of(snapshot_priced(resource(DIRECTORY, "d", inputs)), "d")["reason"] == reason


def test_grafanas_enterprise_plugins_follow_a_licence_association_by_id():
    workspace = resource("aws:grafana/workspace:Workspace", "ws", {}, id="g-123")
    result = snapshot_priced(workspace, resource("aws:grafana/licenseAssociation:LicenseAssociation", "lic",
                                                 {"licenseType": "ENTERPRISE", "workspaceId": "g-123"}),
                             resource("aws:grafana/workspace:Workspace", "trial", {}))
    assert len(lines_of(result, "ws")) == 4 and len(lines_of(result, "trial")) == 2


@pytest.mark.parametrize("template, lines", [
    ('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}', 0),
    ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n", 0),
    ("Resources:\n  C:\n    Type: Datadog::Monitors::Monitor\n", 2),
    ("Resources: [", 2),  # not readable: its resources may be third-party
    ('{"Parameters": {}}', 2),
])
def test_a_stack_of_aws_alexa_and_custom_resources_only_has_no_line(template, lines):
    result = snapshot_priced(resource(STACK, "s", {"templateBody": template}))
    assert len(result.lines[result.lines["urn"] == of(result, "s")["urn"]]) == lines


def test_hsm_prices_are_missing_from_the_data():
    result = snapshot_priced(resource("aws:cloudhsmv2/hsm:Hsm", "h", {"clusterId": "c"}))
    assert of(result, "h")["reason"] == "no price for cloudhsm hsm in us-east-1"


def test_every_usage_key_is_read_by_a_line():
    assert unread_usage_keys(
        resource(CA, "ca", {}), resource(PARAMETER, "p", {"tier": "Advanced"}),
        resource(ACTIVATION, "a", {"registrationLimit": 5000}),
        resource(TRAIL, "t", {"eventSelectors": [{"dataResources": [{}]}], "insightSelectors": [{}]}),
        resource(RECORDER, "r", {}), resource("aws:cfg/rule:Rule", "rule", {}),
        resource("aws:cfg/organizationCustomRule:OrganizationCustomRule", "oc", {}),
        resource("aws:cfg/organizationManagedRule:OrganizationManagedRule", "om", {}),
        resource("aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule", "op", {}),
        resource("aws:grafana/workspace:Workspace", "g", {}), resource("aws:amp/workspace:Workspace", "m", {}),
        resource(STACK, "s", {}), resource("aws:cloudformation/stackSet:StackSet", "ss", {}),
    ) == set()
