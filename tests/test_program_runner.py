"""The offline runner: real URNs, parents, dependencies, invokes answered per region, no leaks."""

import textwrap
from pathlib import Path

import pytest

from costing.inventory.program import run_stack

PROGRAM = textwrap.dedent('''
    import pulumi
    import pulumi_aws as aws

    config = pulumi.Config()

    class Box(pulumi.ComponentResource):
        def __init__(self, name, opts=None):
            super().__init__("demo:index:Box", name, None, opts)
            zones = aws.get_availability_zones(state="available").names
            self.vpc = aws.ec2.Vpc(f"{name}-vpc", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(parent=self))
            for index in range(config.require_int("subnets")):
                aws.ec2.Subnet(f"{name}-subnet-{index}", vpc_id=self.vpc.id, cidr_block=f"10.0.{index}.0/24",
                               availability_zone=zones[index], opts=pulumi.ResourceOptions(parent=self))
            self.register_outputs({})

    box = Box("box")
    pulumi.export("vpc_id", box.vpc.id)
''')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\nstackConfigDir: stacks\n"
                                          "config:\n  subnets:\n    type: integer\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-1\n  demo:subnets: 1\n")
    (tmp_path / "stacks" / "Pulumi.prod.yaml").write_text("config:\n  aws:region: us-west-1\n  demo:subnets: 2\n")
    (tmp_path / "__main__.py").write_text(PROGRAM)
    return tmp_path


def test_records_real_urns_parents_and_dependencies(project):
    run = run_stack("dev", project)
    assert sorted(r.urn for r in run.resources) == sorted([
        "urn:pulumi:dev::demo::demo:index:Box::box",
        "urn:pulumi:dev::demo::demo:index:Box$aws:ec2/vpc:Vpc::box-vpc",
        "urn:pulumi:dev::demo::demo:index:Box$aws:ec2/subnet:Subnet::box-subnet-0",
    ])
    box = run.one("demo:index:Box", "box")
    vpc = run.one("aws:ec2/vpc:Vpc", "box-vpc")
    subnet = run.one("aws:ec2/subnet:Subnet", "box-subnet-0")
    assert box.parent is None and not box.custom
    assert vpc.parent == box.urn and subnet.parent == box.urn
    assert subnet.inputs["vpcId"] == vpc.id
    assert subnet.property_dependencies["vpcId"] == (vpc.urn,)
    assert subnet.inputs["availabilityZone"] == "eu-west-1a"
    assert run.outputs == {"vpc_id": vpc.id}


def test_two_runs_in_one_process_do_not_leak(project):
    dev = run_stack("dev", project)
    prod = run_stack("prod", project)
    again = run_stack("dev", project)
    assert len(dev.resources) == 3 and len(prod.resources) == 4 and len(again.resources) == 3
    assert all(r.urn.startswith("urn:pulumi:prod::") for r in prod.resources)
    # the SDK registers sibling resources in no fixed order: compare as sorted lists
    assert sorted(r.inputs["availabilityZone"] for r in prod.of_type("aws:ec2/subnet:Subnet")) == [
        "us-west-1a", "us-west-1c"]
    assert sorted(r.urn for r in again.resources) == sorted(r.urn for r in dev.resources)
