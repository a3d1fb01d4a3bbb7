"""The policy pack (policy/): its checks called directly with constructed arguments, against the stacks
this project's program builds, and its wiring in policy/__main__.py with a stand-in pulumi_policy
module (the real PolicyPack starts a server; pulumi-policy lives in the pack's own environment).
"""

from __future__ import annotations

import enum
import runpy
import shutil
import sys
import types
from collections.abc import Mapping, Sequence
from types import SimpleNamespace

import pytest
import yaml

from costing.budget import EXCEEDED, WARN
from costing.inventory import PROJECT_ROOT
from costing.inventory.frame import provider_urn
from costing.inventory.program import run_stack
from costing.schema import UNKNOWN
from policy import policies
from policy.policies import StackResource

LAUNCH_TEMPLATE, RDS, EC2 = policies.LAUNCH_TEMPLATE, policies.RDS_INSTANCE, policies.EC2_INSTANCE


def collect():
    """A report callback and the (message, urn) pairs it was given."""
    found: list[tuple[str, str | None]] = []
    return (lambda message, urn=None: found.append((message, urn))), found


def program_resources(stack: str, project_dir=PROJECT_ROOT) -> list[StackResource]:
    """The stack as the program builds it (offline), as the policy pack sees it."""
    return [StackResource(type=resource.type, urn=resource.urn, name=resource.name,
                          props=resource.inputs, parent=resource.parent,
                          provider=provider_urn(resource.provider) or default_provider(resource, stack),
                          dependencies=tuple(resource.dependencies),
                          property_dependencies={key: list(urns) for key, urns in
                                                 resource.property_dependencies.items()})
            for resource in run_stack(stack, project_dir).resources]


def default_provider(resource, stack: str) -> str | None:
    """The engine gives a custom resource without an explicit provider its package's default provider (the
    mocks record none): random's, for the generated password."""
    if not resource.custom:
        return None
    return f"urn:pulumi:{stack}::webstack::pulumi:providers:{resource.type.split(':')[0]}::default"


def project_with(tmp_path, stack: str, **config) -> object:
    """A copy of this project (program and stacks) with `config` set in one stack file."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy2(PROJECT_ROOT / name, tmp_path / name)
    for name in ("components", "stacks"):
        shutil.copytree(PROJECT_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "stacks" / f"Pulumi.{stack}.yaml"
    document = yaml.safe_load(path.read_text())
    document["config"].update({f"webstack:{key}": value for key, value in config.items()})
    path.write_text(yaml.safe_dump(document))
    return tmp_path


@pytest.fixture(scope="module")
def prod() -> list[StackResource]:
    return program_resources("prod")


@pytest.fixture(scope="module")
def weak_prod(tmp_path_factory) -> list[StackResource]:
    """prod with one NAT gateway for its three zones and a Single-AZ database."""
    folder = project_with(tmp_path_factory.mktemp("weak"), "prod", natStrategy="single", dbMultiAz=False)
    return program_resources("prod", folder)


# --- resource checks ----------------------------------------------------------------------------

def test_the_components_launch_template_and_database_pass(prod):
    report, found = collect()
    for resource in prod:
        for check in (policies.no_public_database, policies.storage_encrypted, policies.imdsv2_required):
            check(resource.type, resource.props, report)
    assert found == []


def test_public_database():
    report, found = collect()
    policies.no_public_database(RDS, {"publiclyAccessible": True}, report)
    policies.no_public_database(RDS, {"publiclyAccessible": "true"}, report)  # as YAML or another tool may give it
    policies.no_public_database(RDS, {"publiclyAccessible": False}, report)
    policies.no_public_database(RDS, {"publiclyAccessible": "false"}, report)
    policies.no_public_database(RDS, {"publiclyAccessible": UNKNOWN}, report)
    assert found == [("the database is publicly accessible: set publiclyAccessible to false and reach it from "
                      "inside the VPC (its security group admits the web tier only)", None)] * 2


@pytest.mark.parametrize("resource_type, props, messages", [
    (RDS, {"storageEncrypted": False}, ["database storage is not encrypted: set storageEncrypted to true"]),
    (RDS, {}, ["database storage is not encrypted: set storageEncrypted to true"]),
    (RDS, {"replicateSourceDb": "db-1"}, []),  # a replica inherits its source's encryption
    (RDS, {"replicateSourceDb": "db-1", "storageEncrypted": "false"},
     ["database storage is not encrypted: set storageEncrypted to true"]),
    (RDS, {"storageEncrypted": UNKNOWN}, []),
    (policies.EBS_VOLUME, {"encrypted": False}, ["EBS volume is not encrypted: set encrypted to true"]),
    (policies.EBS_VOLUME, {"encrypted": True}, []),
    (EC2, {"rootBlockDevice": {"encrypted": True}, "ebsBlockDevices": [{"deviceName": "/dev/sdf"}]},
     ["instance volume /dev/sdf is not encrypted: set encrypted to true"]),
    (EC2, {"rootBlockDevice": {}}, ["instance root volume is not encrypted: set encrypted to true"]),
    (LAUNCH_TEMPLATE, {"blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"encrypted": "true"}},
                                               {"deviceName": "/dev/xvdb", "ebs": {"volumeSize": 50}}]},
     ["launch template volume /dev/xvdb is not encrypted: set blockDeviceMappings[].ebs.encrypted to true"]),
])
def test_storage_encrypted(resource_type, props, messages):
    report, found = collect()
    policies.storage_encrypted(resource_type, props, report)
    assert [message for message, _ in found] == messages


@pytest.mark.parametrize("props, message", [
    ({"metadataOptions": {"httpTokens": "required"}}, None),
    ({"metadataOptions": {"httpEndpoint": "disabled"}}, None),
    ({"metadataOptions": {"httpTokens": UNKNOWN}}, None),
    ({"metadataOptions": {"httpTokens": "optional"}},
     'IMDSv2 is not required (httpTokens is optional): set metadataOptions.httpTokens to "required"'),
    ({}, 'IMDSv2 is not required (httpTokens is unset, which allows IMDSv1): set metadataOptions.httpTokens to '
         '"required"'),
])
def test_imdsv2_required(props, message):
    for resource_type in (LAUNCH_TEMPLATE, EC2):
        report, found = collect()
        policies.imdsv2_required(resource_type, props, report)
        assert found == ([(message, None)] if message else [])


# --- stack checks -------------------------------------------------------------------------------

def test_the_prod_stack_passes_the_stack_checks(prod):
    report, found = collect()
    policies.no_open_ingress(prod, report)
    policies.prod_resilience(prod, report)
    assert found == []


def test_open_ingress_only_on_the_load_balancers_listener_ports(prod):
    lb_rule = next(resource for resource in prod if resource.name == "web-lb-in-80")
    ssh = lb_rule._replace(name="web-lb-in-22", urn=lb_rule.urn + "-22", props={**lb_rule.props, "fromPort": 22,
                                                                               "toPort": 22})
    instance_group = next(resource for resource in prod if resource.name == "web-instance-sg")
    wide_open = StackResource(policies.SECURITY_GROUP, instance_group.urn + "-open", "open-sg", {"ingress": [
        {"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]},
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "ipv6CidrBlocks": ["::/0"]}]})
    report, found = collect()
    policies.no_open_ingress(prod + [ssh, wide_open], report)
    rule = "only a load balancer's security group may be open to the internet, on its listener ports"
    never = "must never be open to the internet (use SSM Session Manager)"
    assert found == [
        (f"web-lb-in-22 admits 0.0.0.0/0 on port 22: SSH {never}", ssh.urn),
        (f"open-sg admits 0.0.0.0/0 on all ports: RDP and SSH {never}", wide_open.urn),
        (f"open-sg admits ::/0 on port 443: {rule}", wide_open.urn),
    ]


def group_with(name: str, *rules: dict, kind: str = policies.SECURITY_GROUP) -> StackResource:
    return StackResource(kind, f"urn:pulumi:dev::webstack::{kind}::{name}", name, {"ingress": list(rules)})


def test_ssh_and_rdp_open_through_rules_that_add_up_to_the_whole_internet():
    halves = group_with("halves", {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/1"]},
                        {"protocol": "tcp", "fromPort": 20, "toPort": 30, "cidrBlocks": ["128.0.0.0/1"]})
    rdp = group_with("rdp", {"protocol": "tcp", "fromPort": 3389, "toPort": 3389, "ipv6CidrBlocks": ["0::0/0"]})
    office = group_with("office", {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/1"]},
                        {"protocol": "udp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["128.0.0.0/1"]},
                        {"protocol": "tcp", "fromPort": 23, "toPort": 23, "cidrBlocks": ["128.0.0.0/1"]})
    report, found = collect()
    policies.no_open_ingress([halves, rdp, office], report)
    never = "must never be open to the internet (use SSM Session Manager)"
    assert found == [
        (f"halves admits 0.0.0.0/1 on port 22, which with the group's other rules is the whole internet: SSH {never}",
         halves.urn),
        (f"halves admits 128.0.0.0/1 on ports 20-30, which with the group's other rules is the whole internet: SSH "
         f"{never}", halves.urn),
        (f"rdp admits ::/0 on port 3389: RDP {never}", rdp.urn),
    ]  # office: the halves are for other protocols and ports, so no port is open to everyone


def test_nothing_may_be_added_to_the_default_security_group():
    default = group_with("default-sg", {"protocol": "tcp", "fromPort": 443, "toPort": 443,
                                        "cidrBlocks": ["10.0.0.0/16"]}, kind=policies.DEFAULT_SECURITY_GROUP)
    vpc = StackResource(policies.VPC, "urn:pulumi:dev::webstack::aws:ec2/vpc:Vpc::vpc", "vpc", {})
    rule = StackResource(policies.INGRESS_RULE, "urn:pulumi:dev::webstack::rule::in-default", "in-default",
                         {"ipProtocol": "tcp", "fromPort": 80, "toPort": 80, "cidrIpv4": "10.1.0.0/16"},
                         property_dependencies={"securityGroupId": [vpc.urn]})
    empty = group_with("empty-default", kind=policies.DEFAULT_SECURITY_GROUP)
    report, found = collect()
    policies.no_open_ingress([default, vpc, rule, empty], report)
    fix = "leave the default group without rules and give each tier a security group of its own"
    assert found == [(f"default-sg adds ingress to the VPC's default security group: {fix}", default.urn),
                     (f"in-default adds ingress to the VPC's default security group: {fix}", rule.urn)]


def test_listener_ports_come_from_the_listeners(prod):
    """prod has no certificate: its one listener is HTTP on 80, so 443 is not open even on the LB's group."""
    lb_rule = next(resource for resource in prod if resource.name == "web-lb-in-80")
    https = lb_rule._replace(name="web-lb-in-443", urn=lb_rule.urn + "-443",
                             props={**lb_rule.props, "fromPort": 443.0, "toPort": 443.0})
    report, found = collect()
    policies.no_open_ingress(prod + [https], report)
    assert [message.split(":")[0] for message, _ in found] == ["web-lb-in-443 admits 0.0.0.0/0 on port 443"]


def test_prod_needs_multi_az_and_a_nat_gateway_per_zone(weak_prod):
    report, found = collect()
    policies.prod_resilience(weak_prod, report)
    urns = {resource.name: resource.urn for resource in weak_prod}
    assert found == [
        ("database-primary: a prod database must be Multi-AZ (set multiAz to true)", urns["database-primary"]),
        *[(f"network-private-us-east-1{zone} (us-east-1{zone}) goes out through a NAT gateway in us-east-1a: a prod "
           "stack needs a NAT gateway per availability zone (natStrategy per-az)", urns[f"network-private-us-east-1{zone}"])
          for zone in ("b", "c")],
    ]


def test_the_report_order_does_not_depend_on_the_resources_order(weak_prod):
    """The SDK registers resources from threads, so two runs list them in different orders."""
    reports = []
    for resources in (weak_prod, weak_prod[::-1]):
        report, found = collect()
        policies.prod_resilience(resources, report)
        reports.append(found)
    assert reports[0] == reports[1] and len(reports[0]) == 3


def renamed(resources: list[StackResource], stack: str) -> list[StackResource]:
    """The same resources in a stack of another name."""
    def urn(value):
        return value.replace("urn:pulumi:prod::", f"urn:pulumi:{stack}::").replace(
            "urn:pulumi:dev::", f"urn:pulumi:{stack}::") if isinstance(value, str) else value

    return [resource._replace(urn=urn(resource.urn), parent=urn(resource.parent), provider=urn(resource.provider),
                              dependencies=tuple(map(urn, resource.dependencies)),
                              property_dependencies={key: [urn(u) for u in urns]
                                                     for key, urns in resource.property_dependencies.items()})
            for resource in resources]


def test_the_prod_checks_follow_the_environment_not_the_stack_name(weak_prod):
    report, found = collect()
    policies.prod_resilience(renamed(weak_prod, "production"), report)  # no stack file: its provider's tags say prod
    assert len(found) == 3
    dev = program_resources("dev")
    report, found = collect()
    policies.prod_resilience(renamed(dev, "prod"), report)  # a stack named prod, whose environment is dev
    assert found == []


def test_the_environment_comes_from_the_provider_tags_else_the_stack_file(prod):
    assert policies.environment_of(prod) == "prod"
    untagged = [resource for resource in prod if resource.type != policies.AWS_PROVIDER]
    assert policies.environment_of(untagged) == "prod"  # stacks/Pulumi.prod.yaml
    assert policies.environment_of(renamed(untagged, "nowhere")) is None
    json_tags = [resource._replace(props={"defaultTags": '{"tags": {"Environment": "staging"}}'})
                 if resource.type == policies.AWS_PROVIDER else resource for resource in prod]
    assert policies.environment_of(json_tags) == "staging"  # provider inputs as the engine passes them


def test_prod_databases_keep_backups_and_aurora_clusters_have_a_second_instance(prod):
    stack = "urn:pulumi:prod::webstack::"
    no_backups = StackResource(RDS, f"{stack}{RDS}::nobackup", "nobackup", {"multiAz": True,
                                                                          "backupRetentionPeriod": 0})
    cluster = StackResource(policies.RDS_CLUSTER, f"{stack}cluster::aurora", "aurora", {"engine": "aurora-postgresql"})
    lone = StackResource(policies.RDS_CLUSTER_INSTANCE, f"{stack}ci::aurora-1", "aurora-1", {},
                         property_dependencies={"clusterIdentifier": [cluster.urn]})
    report, found = collect()
    policies.prod_resilience(prod + [no_backups, cluster, lone], report)
    assert found == [
        ("nobackup: a prod database must keep automated backups (set backupRetentionPeriod to 1 to 35 days)",
         no_backups.urn),
        ("aurora: a prod Aurora cluster needs at least two instances (a writer and a reader to fail over to), it "
         "has 1", cluster.urn),
    ]
    second = lone._replace(urn=f"{stack}ci::aurora-2", name="aurora-2")
    report, found = collect()
    policies.prod_resilience(prod + [cluster, lone, second], report)
    assert found == []


def test_other_stacks_may_share_a_nat_gateway():
    dev = program_resources("dev")
    report, found = collect()
    policies.prod_resilience(dev, report)
    assert found == []


# --- the cost policy ----------------------------------------------------------------------------

@pytest.mark.parametrize("budget, reached, message", [
    # prod costs $737.525 a month (the same total as `costing estimate --stack prod`: the two CloudWatch alarms
    # of its target tracking policy, 2 x 0.10, and the KMS key of its generated password's secret, $1, included;
    # the generated password itself is not an AWS resource)
    (700, EXCEEDED, "stack prod: monthly estimate $737.53 is above its budget of $700.00 (105% of the budget)"),
    (700, WARN, None),
    (900, WARN, "stack prod: monthly estimate $737.53 is 82% of its budget of $900.00 (warning from 80%)"),
    (900, EXCEEDED, None),
    (1000, WARN, None),
    (0, EXCEEDED, None),
])
def test_cost_policy_prices_the_stack_against_its_budget(prod, tmp_path, budget, reached, message):
    shutil.copy2(PROJECT_ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(PROJECT_ROOT / "stacks", tmp_path / "stacks")
    path = tmp_path / "stacks" / "Pulumi.prod.yaml"
    path.write_text(path.read_text() + f"  webstack:monthlyBudgetUsd: {budget}\n")
    report, found = collect()
    policies.cost_within_budget(prod, report, reached=reached, project_dir=tmp_path)
    assert found == ([(message, None)] if message else [])


def test_the_stack_inventory_prices_like_the_estimate(prod):
    from costing.catalog import load_catalog
    from costing.estimate import estimate
    from costing.inventory import load_stack

    catalog = load_catalog()
    from_policy = estimate(policies.stack_inventory(prod, default_region="us-east-1"), catalog)
    from_stack = estimate(load_stack("prod"), catalog)
    def rounded(totals: dict) -> dict:  # the same amounts, added up in another order
        return {key: round(value, 9) for key, value in totals.items()}

    assert rounded(from_policy.totals) == rounded(from_stack.totals)
    assert round(from_policy.totals["monthly_usd"], 3) == 737.525  # $736.525 + $1 KMS key of the password's secret


def test_a_stack_the_project_does_not_have_is_not_budgeted(prod):
    renamed = [resource._replace(urn=resource.urn.replace("urn:pulumi:prod::", "urn:pulumi:sandbox::"))
               for resource in prod]
    report, found = collect()
    policies.cost_within_budget(renamed, report, reached=EXCEEDED)
    assert found == []


# --- adapting the policy SDK's objects ----------------------------------------------------------

class _DictProxy(Mapping):
    """Like pulumi_policy.proxy's: reading an unknown value raises; `__target` is the wrapped dict."""

    def __init__(self, target):
        self._target = target

    def __getitem__(self, key):
        if key == "__target":
            return self._target
        if self._target[key] in policies.POLICY_UNKNOWNS:
            raise RuntimeError("unknown value read")
        return self._target[key]

    def __iter__(self):
        return iter(self._target)

    def __len__(self):
        return len(self._target)


class _ListProxy(Sequence):
    def __init__(self, target):
        self._target = target

    def __getitem__(self, key):
        return self._target if key == "__target" else self._target[key]

    def __len__(self):
        return len(self._target)


UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421"


def test_plain_unwraps_proxies_and_marks_every_unknown():
    props = _DictProxy({"port": UNKNOWN_NUMBER, "tags": _DictProxy({"Name": "web"}),
                        "ingress": _ListProxy([_DictProxy({"fromPort": 80.0})])})
    assert policies.plain(props) == {"port": UNKNOWN, "tags": {"Name": "web"}, "ingress": [{"fromPort": 80.0}]}


def test_stack_resources_turns_objects_into_urns():
    provider = SimpleNamespace(resource_type="pulumi:providers:aws", urn="urn:pulumi:dev::p::pulumi:providers:aws::aws",
                               name="aws", props={"region": "eu-west-1"})
    group = SimpleNamespace(resource_type=policies.SECURITY_GROUP, urn="urn:pulumi:dev::p::sg::lb", name="lb",
                            props=_DictProxy({}), parent=None, provider=provider, dependencies=[],
                            property_dependencies={})
    rule = SimpleNamespace(resource_type=policies.INGRESS_RULE, urn="urn:pulumi:dev::p::rule::in", name="in",
                           props=_DictProxy({"fromPort": 80.0}), parent=group, provider=provider,
                           dependencies=[group], property_dependencies={"securityGroupId": [group]})
    assert policies.stack_resources([group, rule]) == [
        StackResource(policies.SECURITY_GROUP, group.urn, "lb", {}, None, provider.urn, (), {}),
        StackResource(policies.INGRESS_RULE, rule.urn, "in", {"fromPort": 80.0}, group.urn, provider.urn,
                      (group.urn,), {"securityGroupId": [group.urn]}),
        StackResource("pulumi:providers:aws", provider.urn, "aws", {"region": "eu-west-1"}),
    ]


# --- the pack's wiring (policy/__main__.py) -----------------------------------------------------

@pytest.fixture
def pack(monkeypatch) -> dict:
    """Run policy/__main__.py against a stand-in pulumi_policy; return what it built the PolicyPack with."""
    built: dict = {}
    fake = types.ModuleType("pulumi_policy")
    fake.EnforcementLevel = enum.Enum("EnforcementLevel", {"ADVISORY": "advisory", "MANDATORY": "mandatory"})

    class Policy:
        def __init__(self, name, description, validate, enforcement_level=None):
            self.name, self.description, self.validate, self.enforcement_level = (
                name, description, validate, enforcement_level)

    fake.ResourceValidationPolicy = type("ResourceValidationPolicy", (Policy,), {})
    fake.StackValidationPolicy = type("StackValidationPolicy", (Policy,), {})
    fake.PolicyPack = lambda **arguments: built.update(arguments)
    monkeypatch.setitem(sys.modules, "pulumi_policy", fake)
    monkeypatch.setattr(sys, "path", list(sys.path))
    runpy.run_path(str(PROJECT_ROOT / "policy" / "__main__.py"), run_name="__main__")
    built["by_name"] = {policy.name: policy for policy in built["policies"]}
    return built


def test_the_pack_names_its_policies_and_their_levels(pack):
    assert pack["name"] == "webstack"
    assert [(policy.name, type(policy).__name__, policy.enforcement_level.value) for policy in pack["policies"]] == [
        ("cost-within-budget", "StackValidationPolicy", "mandatory"),
        ("cost-near-budget", "StackValidationPolicy", "advisory"),
        ("no-public-database", "ResourceValidationPolicy", "mandatory"),
        ("storage-encrypted", "ResourceValidationPolicy", "mandatory"),
        ("imdsv2-required", "ResourceValidationPolicy", "mandatory"),
        ("no-open-ingress", "StackValidationPolicy", "mandatory"),
        ("prod-resilience", "StackValidationPolicy", "mandatory"),
    ]


def test_the_packs_policies_call_the_checks_with_plain_values(pack):
    report, found = collect()
    args = SimpleNamespace(resource_type=LAUNCH_TEMPLATE, props=_DictProxy({
        "metadataOptions": _DictProxy({"httpTokens": "optional"})}))
    pack["by_name"]["imdsv2-required"].validate(args, report)
    assert [message for message, _ in found] == [
        'IMDSv2 is not required (httpTokens is optional): set metadataOptions.httpTokens to "required"']
    report, found = collect()
    database = SimpleNamespace(resource_type=RDS, urn="urn:pulumi:prod::webstack::rds::db", name="db",
                               props=_DictProxy({"multiAz": False, "instanceClass": UNKNOWN}), parent=None,
                               provider=None, dependencies=[], property_dependencies={})
    pack["by_name"]["prod-resilience"].validate(SimpleNamespace(resources=[database]), report)
    assert found == [("db: a prod database must be Multi-AZ (set multiAz to true)", database.urn)]
