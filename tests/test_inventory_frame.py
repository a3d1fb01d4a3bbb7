"""The row rules every source shares: which resources are rows, aliases, components, regions."""

from __future__ import annotations

import pytest

from costing.errors import InputError
from costing.inventory.frame import Resource, build_inventory, references
from costing.schema import INVENTORY_COLUMNS, UNKNOWN

ROOT = "urn:pulumi:dev::shop::"
STACK = ROOT + "pulumi:pulumi:Stack::shop-dev"
DEFAULT_PROVIDER = ROOT + "pulumi:providers:aws::default_7_51_1"
WEST_PROVIDER = ROOT + "pulumi:providers:aws::west"


def resource(urn_tail: str, type_token: str, *, parent: str | None = STACK, provider: str | None = None,
             custom: bool = True, inputs: dict | None = None) -> Resource:
    return Resource(urn=ROOT + urn_tail, type=type_token, custom=custom, parent=parent, provider=provider,
                    id=None, inputs=inputs or {}, refs={})


def frame_of(*resources: Resource, default_region: str | None = "eu-west-1"):
    return build_inventory(list(resources), source={"kind": "preview"}, default_region=default_region,
                           where="test.json").resources


def providers():
    return [
        resource("pulumi:pulumi:Stack::shop-dev", "pulumi:pulumi:Stack", parent=None, custom=False),
        resource("pulumi:providers:aws::default_7_51_1", "pulumi:providers:aws", inputs={"region": "eu-west-1"}),
        resource("pulumi:providers:aws::west", "pulumi:providers:aws", inputs={"region": "us-west-2"}),
    ]


@pytest.mark.parametrize("module, kind", [
    ("loadBalancer", "LoadBalancer"), ("targetGroup", "TargetGroup"), ("listener", "Listener"),
    ("listenerRule", "ListenerRule"), ("targetGroupAttachment", "TargetGroupAttachment"),
    ("listenerCertificate", "ListenerCertificate"),
])
def test_alb_aliases_become_lb_types(module, kind):
    frame = frame_of(resource(f"aws:alb/{module}:{kind}::x", f"aws:alb/{module}:{kind}"))
    assert frame["type"].tolist() == [f"aws:lb/{module}:{kind}"]
    assert frame["urn"].tolist() == [ROOT + f"aws:alb/{module}:{kind}::x"]


def test_other_types_are_kept_as_they_are():
    frame = frame_of(resource("aws:elb/loadBalancer:LoadBalancer::clb", "aws:elb/loadBalancer:LoadBalancer"),
                     resource("aws:lb/listener:Listener::l", "aws:lb/listener:Listener"))
    assert frame["type"].tolist() == ["aws:elb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener"]


def test_the_stack_and_providers_are_not_rows():
    frame = frame_of(*providers(), resource("aws:ec2/vpc:Vpc::vpc", "aws:ec2/vpc:Vpc"))
    assert frame["name"].tolist() == ["vpc"]


def test_region_is_own_input_then_explicit_provider_then_stack():
    frame = frame_of(
        *providers(),
        resource("aws:ec2/eip:Eip::own", "aws:ec2/eip:Eip", provider=WEST_PROVIDER + "::id-1",
                 inputs={"region": "ap-southeast-2"}),
        resource("aws:ec2/eip:Eip::west", "aws:ec2/eip:Eip", provider=WEST_PROVIDER + "::id-1"),
        resource("aws:ec2/eip:Eip::default", "aws:ec2/eip:Eip", provider=DEFAULT_PROVIDER + "::id-0"),
        resource("aws:ec2/eip:Eip::unlisted", "aws:ec2/eip:Eip", provider=ROOT + "pulumi:providers:aws::gone::id"),
        resource("aws:ec2/eip:Eip::none", "aws:ec2/eip:Eip"),
        default_region="eu-north-1",
    )
    assert dict(zip(frame["name"], frame["region"])) == {
        "own": "ap-southeast-2", "west": "us-west-2", "default": "eu-west-1", "unlisted": "eu-north-1",
        "none": "eu-north-1",
    }
    assert dict(zip(frame["name"], frame["provider"])) == {
        "own": WEST_PROVIDER, "west": WEST_PROVIDER, "default": DEFAULT_PROVIDER,
        "unlisted": ROOT + "pulumi:providers:aws::gone", "none": None,
    }


def test_a_provider_without_a_usable_region_falls_back_to_the_stack():
    secret_provider = resource("pulumi:providers:aws::hidden", "pulumi:providers:aws", inputs={"region": "[secret]"})
    empty_provider = resource("pulumi:providers:aws::empty", "pulumi:providers:aws", inputs={"region": ""})
    frame = frame_of(
        secret_provider, empty_provider,
        resource("aws:kms/key:Key::a", "aws:kms/key:Key", provider=ROOT + "pulumi:providers:aws::hidden::1"),
        resource("aws:kms/key:Key::b", "aws:kms/key:Key", provider=ROOT + "pulumi:providers:aws::empty::2"),
    )
    assert frame["region"].tolist() == ["eu-west-1", "eu-west-1"]


def test_an_unknown_own_region_stays_unknown():
    # The price really depends on it: the estimate must say so, not guess the stack's region.
    frame = frame_of(resource("aws:ec2/eip:Eip::e", "aws:ec2/eip:Eip", inputs={"region": UNKNOWN}))
    assert frame["region"].tolist() == [UNKNOWN]


def test_without_any_region_the_region_is_none():
    frame = frame_of(resource("aws:ec2/eip:Eip::e", "aws:ec2/eip:Eip"), default_region=None)
    assert frame["region"].tolist() == [None]


def test_component_is_the_ancestor_right_below_the_stack():
    web = "webstack:index:WebTier"
    alarms = f"{web}$webstack:index:Alarms"
    frame = frame_of(
        resource(f"{web}::web", web, custom=False),
        resource(f"{alarms}::web-alarms", "webstack:index:Alarms", parent=ROOT + f"{web}::web", custom=False),
        resource(f"{alarms}$aws:cloudwatch/metricAlarm:MetricAlarm::cpu", "aws:cloudwatch/metricAlarm:MetricAlarm",
                 parent=ROOT + f"{alarms}::web-alarms"),
        resource("aws:ec2/vpc:Vpc::vpc", "aws:ec2/vpc:Vpc"),
        resource("aws:s3/bucket:Bucket::docs", "aws:s3/bucket:Bucket", parent=None),
        resource("aws:s3/bucket:Bucket$aws:s3/bucketPolicy:BucketPolicy::docs-policy",
                 "aws:s3/bucketPolicy:BucketPolicy", parent=ROOT + "aws:s3/bucket:Bucket::docs"),
    )
    assert dict(zip(frame["name"], frame["component"])) == {
        "web": "web",  # a component's own row
        "web-alarms": "web",  # a nested component belongs to the top-level one
        "cpu": "web",
        "vpc": "",  # a custom resource at the root
        "docs": "",
        "docs-policy": "docs",  # a child of a custom resource at the root
    }
    assert dict(zip(frame["name"], frame["parent"])) == {
        "web": None, "web-alarms": ROOT + f"{web}::web", "cpu": ROOT + f"{alarms}::web-alarms", "vpc": None,
        "docs": None, "docs-policy": ROOT + "aws:s3/bucket:Bucket::docs",
    }


def test_a_parent_that_is_not_a_row_is_the_highest_ancestor_known():
    frame = frame_of(resource("webstack:index:Gone$aws:ec2/eip:Eip::ip", "aws:ec2/eip:Eip",
                              parent=ROOT + "webstack:index:Gone::gone"))
    assert frame["component"].tolist() == ["gone"]


def test_a_parent_cycle_is_an_input_error():
    first, second = ROOT + "my:index:A::a", ROOT + "my:index:A$my:index:A::b"
    with pytest.raises(InputError, match=r"^test\.json: resource .* is its own ancestor \(a `parent` cycle\)$"):
        frame_of(resource("my:index:A::a", "my:index:A", parent=second, custom=False),
                 resource("my:index:A$my:index:A::b", "my:index:A", parent=first, custom=False))


def test_the_same_urn_twice_gives_one_row_the_last():
    frame = frame_of(resource("aws:ec2/eip:Eip::e", "aws:ec2/eip:Eip", inputs={"domain": "standard"}),
                     resource("aws:ec2/eip:Eip::e", "aws:ec2/eip:Eip", inputs={"domain": "vpc"}))
    assert frame["inputs"].tolist() == [{"domain": "vpc"}]


def test_no_resources_give_an_empty_frame_with_every_column():
    frame = frame_of()
    assert list(frame.columns) == INVENTORY_COLUMNS
    assert len(frame) == 0


def test_nullable_columns_hold_none_not_nan():
    frame = frame_of(resource("aws:ec2/eip:Eip::e", "aws:ec2/eip:Eip"), default_region=None)
    assert [frame[column].iloc[0] for column in ("parent", "provider", "region", "id")] == [None] * 4


def test_references_fall_back_to_dependencies_only_for_unknown_inputs_without_property_dependencies():
    lt = ROOT + "aws:ec2/launchTemplate:LaunchTemplate::lt"
    inputs = {"launchTemplate": {"id": UNKNOWN}, "minSize": 1, "tags": [{"key": "a", "value": UNKNOWN}]}
    assert references({}, [lt], inputs) == {"launchTemplate": [lt], "tags": [lt]}
    assert references({"launchTemplate": [lt], "minSize": []}, [lt], inputs) == {"launchTemplate": [lt]}
    assert references({}, [], inputs) == {}
