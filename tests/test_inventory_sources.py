"""The preview and state adapters on real-shaped files of the same small web stack.

tests/fixtures/web_preview.json is `pulumi preview --json` of an update: the network exists (`same`
steps), the web tier and database are new (unknown ids, launch template id of the ASG included), the
instances' security group is replaced (create-replacement + replace + delete-replaced), a bastion
host is deleted and a default VPC is read. tests/fixtures/web_state.json is `pulumi stack export`
of the same stack after `pulumi up`, with a secret-object password and a pending delete left by the
replacement.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from costing.inventory import load_preview, load_state
from costing.schema import INVENTORY_COLUMNS, SECRET, UNKNOWN

FIXTURES = Path(__file__).parent / "fixtures"
PREVIEW = FIXTURES / "web_preview.json"
STATE = FIXTURES / "web_state.json"
ROOT = "urn:pulumi:dev::shop::"
NETWORK = ROOT + "webstack:index:Network::network"
WEB = ROOT + "webstack:index:WebTier::web"
DATABASE_ALARMS = ROOT + "webstack:index:Database$webstack:index:DatabaseAlarms::database-alarms"
VPC = ROOT + "webstack:index:Network$aws:ec2/vpc:Vpc::network-vpc"
PRIVATE_A = ROOT + "webstack:index:Network$aws:ec2/subnet:Subnet::network-private-a"
PRIVATE_B = ROOT + "webstack:index:Network$aws:ec2/subnet:Subnet::network-private-b"
ALB = ROOT + "webstack:index:WebTier$aws:alb/loadBalancer:LoadBalancer::web-alb"
TARGET_GROUP = ROOT + "webstack:index:WebTier$aws:lb/targetGroup:TargetGroup::web-tg"
LAUNCH_TEMPLATE = ROOT + "webstack:index:WebTier$aws:ec2/launchTemplate:LaunchTemplate::web-lt"
INSTANCE_SG = ROOT + "webstack:index:WebTier$aws:ec2/securityGroup:SecurityGroup::web-instances"
DATABASE = ROOT + "webstack:index:Database$aws:rds/instance:Instance::database-primary"
DEFAULT_PROVIDER = ROOT + "pulumi:providers:aws::default_7_51_1"
US_PROVIDER = ROOT + "pulumi:providers:aws::us-east-1"

# (type, name, component, region, custom) of every row, in file order; both files describe the same stack.
WEB_STACK_ROWS = [
    ("webstack:index:Network", "network", "network", "eu-west-1", False),
    ("aws:ec2/vpc:Vpc", "network-vpc", "network", "eu-west-1", True),
    ("aws:ec2/subnet:Subnet", "network-public-a", "network", "eu-west-1", True),
    ("aws:ec2/subnet:Subnet", "network-public-b", "network", "eu-west-1", True),
    ("aws:ec2/subnet:Subnet", "network-private-a", "network", "eu-west-1", True),
    ("aws:ec2/subnet:Subnet", "network-private-b", "network", "eu-west-1", True),
    ("aws:ec2/eip:Eip", "network-nat-a", "network", "eu-west-1", True),
    ("aws:ec2/natGateway:NatGateway", "network-nat-a", "network", "eu-west-1", True),
    ("webstack:index:WebTier", "web", "web", "eu-west-1", False),
    ("aws:ec2/securityGroup:SecurityGroup", "web-instances", "web", "eu-west-1", True),
    ("aws:lb/loadBalancer:LoadBalancer", "web-alb", "web", "eu-west-1", True),
    ("aws:lb/targetGroup:TargetGroup", "web-tg", "web", "eu-west-1", True),
    ("aws:lb/listener:Listener", "web-http", "web", "eu-west-1", True),
    ("aws:ec2/launchTemplate:LaunchTemplate", "web-lt", "web", "eu-west-1", True),
    ("aws:autoscaling/group:Group", "web-asg", "web", "eu-west-1", True),
    ("webstack:index:Database", "database", "database", "eu-west-1", False),
    ("webstack:index:DatabaseAlarms", "database-alarms", "database", "eu-west-1", False),
    ("aws:rds/instance:Instance", "database-primary", "database", "eu-west-1", True),
    ("aws:cloudwatch/metricAlarm:MetricAlarm", "database-cpu", "database", "eu-west-1", True),
    ("aws:kms/key:Key", "backup-key", "", "us-east-1", True),  # explicit provider in us-east-1, at the root
    ("aws:secretsmanager/secret:Secret", "replica-secret", "", "eu-central-1", True),  # its own `region` input
]
ASG_REFS = {"launchTemplate": [LAUNCH_TEMPLATE], "vpcZoneIdentifiers": [PRIVATE_A, PRIVATE_B],
            "targetGroupArns": [TARGET_GROUP]}
LOADERS = {"preview": (load_preview, PREVIEW), "state": (load_state, STATE)}


def row(inventory, name: str, type_token: str | None = None) -> dict:
    frame = inventory.resources
    matches = frame[(frame["name"] == name) & ((frame["type"] == type_token) if type_token else True)]
    assert len(matches) == 1, f"{len(matches)} rows named {name}"
    return matches.iloc[0].to_dict()


@pytest.mark.parametrize("kind", ["preview", "state"])
def test_every_row_of_the_web_stack(kind):
    load, path = LOADERS[kind]
    inventory = load(path)
    frame = inventory.resources
    assert list(frame.columns) == INVENTORY_COLUMNS
    columns = (frame["type"], frame["name"], frame["component"], frame["region"], frame["custom"])
    assert list(zip(*columns)) == WEB_STACK_ROWS
    assert inventory.source == {"kind": kind, "stack": "dev", "project": "shop", "path": str(path)}
    assert inventory.default_region == "eu-west-1"


@pytest.mark.parametrize("kind", ["preview", "state"])
def test_parents_and_providers_are_urns(kind):
    load, path = LOADERS[kind]
    inventory = load(path)
    asg = row(inventory, "web-asg")
    assert asg["parent"] == WEB
    assert asg["provider"] == DEFAULT_PROVIDER  # the reference's `::<id>` is dropped
    assert row(inventory, "web")["parent"] is None  # right under the stack
    assert row(inventory, "web")["provider"] is None
    assert row(inventory, "database-cpu")["parent"] == DATABASE_ALARMS
    assert row(inventory, "backup-key")["provider"] == US_PROVIDER


@pytest.mark.parametrize("kind", ["preview", "state"])
def test_references_come_from_property_dependencies(kind):
    load, path = LOADERS[kind]
    inventory = load(path)
    assert row(inventory, "web-asg")["refs"] == ASG_REFS
    assert row(inventory, "web-http")["refs"] == {"loadBalancerArn": [ALB], "defaultActions": [TARGET_GROUP]}
    assert row(inventory, "network-private-a")["refs"] == {"vpcId": [VPC]}
    assert row(inventory, "network-vpc")["refs"] == {}


def test_preview_keeps_unknown_values_and_their_references():
    inventory = load_preview(PREVIEW)
    asg = row(inventory, "web-asg")
    assert asg["inputs"]["launchTemplate"] == {"id": UNKNOWN, "version": "$Latest"}
    assert asg["inputs"]["desiredCapacity"] == 2
    assert asg["id"] is None
    assert row(inventory, "web-lt")["refs"] == {"vpcSecurityGroupIds": [INSTANCE_SG]}


def test_preview_unknown_without_property_dependencies_falls_back_to_dependencies():
    # The alarm was registered without propertyDependencies; its dimension is unknown until the
    # database exists, so it depends on the resource's `dependencies`.
    alarm = row(load_preview(PREVIEW), "database-cpu")
    assert alarm["inputs"]["dimensions"] == {"DBInstanceIdentifier": UNKNOWN}
    assert alarm["refs"] == {"dimensions": [DATABASE]}


def test_state_has_known_values_ids_and_no_fallback_references():
    inventory = load_state(STATE)
    asg = row(inventory, "web-asg")
    assert asg["inputs"]["launchTemplate"] == {"id": "lt-0a2b4c6d8e0f1a3b5", "version": "$Latest"}
    assert asg["id"] == "web-asg-7a3c9e1"
    assert row(inventory, "network-nat-a", "aws:ec2/natGateway:NatGateway")["id"] == "nat-0f1e2d3c4b5a69788"
    assert row(inventory, "web")["id"] is None
    assert row(inventory, "database-cpu")["refs"] == {}  # known dimension: no reference to guess


@pytest.mark.parametrize("kind", ["preview", "state"])
def test_secrets_are_masked_and_engine_bookkeeping_dropped(kind):
    load, path = LOADERS[kind]
    database = row(load(path), "database-primary")
    assert database["inputs"]["password"] == SECRET
    assert database["inputs"]["instanceClass"] == "db.t4g.micro"
    assert database["inputs"]["multiAz"] is True
    assert "__defaults" not in database["inputs"]


def test_state_secret_object_never_reaches_the_rows():
    frame = load_state(STATE).resources
    assert "ciphertext" not in repr(frame["inputs"].tolist())


def test_a_replacement_gives_one_row_with_the_new_state():
    for inventory in (load_preview(PREVIEW), load_state(STATE)):  # state: the pending delete is left out
        group = row(inventory, "web-instances")
        assert group["inputs"]["description"] == "web instances: from the load balancer only"
    assert row(load_state(STATE), "web-instances")["id"] == "sg-0fedcba9876543210"


def test_deleted_and_read_resources_are_not_rows():
    names = set(load_preview(PREVIEW).resources["name"])
    assert "bastion" not in names  # op: delete
    assert "default-vpc" not in names  # op: read (a data source)
    assert not {"shop-dev", "us-east-1", "default_7_51_1"} & names  # stack and providers


def test_load_balancer_aliases_are_normalised_but_urns_kept():
    inventory = load_preview(PREVIEW)
    alb = row(inventory, "web-alb")
    assert alb["type"] == "aws:lb/loadBalancer:LoadBalancer"
    assert alb["urn"] == ALB
    assert row(inventory, "web-http")["type"] == "aws:lb/listener:Listener"


def test_preview_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PREVIEW.read_bytes())))
    inventory = load_preview("-")
    assert len(inventory.resources) == len(WEB_STACK_ROWS)
    assert inventory.source["path"] == "stdin"


def test_state_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(STATE.read_text()))
    inventory = load_state("-")
    assert len(inventory.resources) == len(WEB_STACK_ROWS)
    assert inventory.source == {"kind": "state", "stack": "dev", "project": "shop", "path": "stdin"}


def test_state_without_a_default_provider_region_has_no_default_region(tmp_path):
    document = json.loads(STATE.read_text())
    resources = document["deployment"]["resources"]
    default = next(r for r in resources if r["urn"] == DEFAULT_PROVIDER)
    del default["inputs"]["region"]  # the region came from AWS_REGION, not from config
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    inventory = load_state(path)
    assert inventory.default_region is None
    assert row(inventory, "web-asg")["region"] is None
    assert row(inventory, "backup-key")["region"] == "us-east-1"
    assert row(inventory, "replica-secret")["region"] == "eu-central-1"


def test_preview_of_a_secret_region_has_no_default_region(tmp_path):
    document = json.loads(PREVIEW.read_text())
    document["config"]["aws:region"] = "[secret]"
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(document))
    assert load_preview(path).default_region is None


def test_empty_preview_gives_no_rows(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"config": {"aws:region": "eu-west-1"}, "steps": []}')
    inventory = load_preview(path)
    assert list(inventory.resources.columns) == INVENTORY_COLUMNS
    assert len(inventory.resources) == 0
    assert inventory.source == {"kind": "preview", "stack": None, "project": None, "path": str(path)}
