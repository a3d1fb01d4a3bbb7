"""A tiny fake Pulumi project (written to a temporary folder by the `tiny` fixture of conftest.py) that
stands in for this project's program in the tests of the offline run and its cache, so that they do not
depend on the real components."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TINY_FILES = {
    "Pulumi.yaml": """\
name: tiny
runtime: python
stackConfigDir: stacks
config:
  instanceType:
    type: string
    default: t3.micro
  userDataFile:
    type: string
    default: ""
""",
    "stacks/Pulumi.test.yaml": """\
config:
  aws:region: eu-west-1
  tiny:userDataFile: init.sh
""",
    "stacks/Pulumi.other.yaml": """\
config:
  aws:region: us-east-1
  tiny:instanceType: t3.small
""",
    "init.sh": "#!/bin/sh\necho hello\n",
    "requirements.txt": "pulumi==3.272.0\npulumi-aws==7.51.1\n",
    "tinyparts/__init__.py": "",
    "tinyparts/app.py": '''\
import pulumi
import pulumi_aws as aws


class App(pulumi.ComponentResource):
    def __init__(self, name, instance_type, user_data, opts=None):
        super().__init__("tiny:index:App", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        template = aws.ec2.LaunchTemplate(f"{name}-lt", instance_type=instance_type,
                                          image_id="ami-0123456789abcdef0", user_data=user_data, opts=child)
        aws.autoscaling.Group(f"{name}-asg", min_size=1, max_size=3, desired_capacity=2,
                              availability_zones=["eu-west-1a"],
                              launch_template={"id": template.id, "version": "$Latest"}, opts=child)
        self.register_outputs({})
''',
    "__main__.py": '''\
import pathlib

import pulumi
import pulumi_aws as aws

from tinyparts.app import App

config = pulumi.Config()
user_data_file = config.get("userDataFile")
user_data = (pathlib.Path(__file__).parent / user_data_file).read_text() if user_data_file else ""
App("app", config.require("instanceType"), user_data)
west = aws.Provider("west", region="us-west-2")
aws.ec2.Eip("ip", domain="vpc", opts=pulumi.ResourceOptions(provider=west))
aws.rds.Instance("db", instance_class="db.t4g.micro", engine="postgres", allocated_storage=20, username="app",
                 password=pulumi.Output.secret("not-a-real-password"), skip_final_snapshot=True)
''',
    # Not part of the program: changing these must not cost a run.
    "tests/test_app.py": "def test_nothing():\n    pass\n",
    "README.md": "# tiny\n",
}
ROOT = "urn:pulumi:test::tiny::"
TEMPLATE = ROOT + "tiny:index:App$aws:ec2/launchTemplate:LaunchTemplate::app-lt"


def rows(inventory) -> list[tuple]:
    frame = inventory.resources
    return list(zip(frame["type"], frame["name"], frame["component"], frame["region"], frame["custom"]))
