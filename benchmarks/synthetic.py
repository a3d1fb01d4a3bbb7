"""Synthetic `pulumi preview --json` documents of any size, shaped like a real AWS program's.

Resources cycle through priced types (instances, volumes, NAT gateways, Elastic IPs, load balancers,
RDS instances, alarms), free ones (subnets, security groups) and an unpriced one (S3 buckets), so
every stage of an estimate (rules, the price merge, reports) does its full share of work.

    python benchmarks/synthetic.py 10000 > preview-10k.json
"""

from __future__ import annotations

import json
import sys
from itertools import cycle
from pathlib import Path
from typing import Iterator

STACK_URN = "urn:pulumi:bench::synthetic::pulumi:pulumi:Stack::synthetic-bench"
INSTANCE_TYPES = ["t3.micro", "t3.large", "m6i.large", "m6i.xlarge", "c6i.large", "r6i.large"]
DB_CLASSES = ["db.t4g.micro", "db.m6g.large", "db.r6g.large"]
ENGINES = ["postgres", "mysql", "mariadb"]


def _templates(index: int) -> Iterator[tuple[str, dict]]:
    """One resource type and its camelCase inputs per step, varied by `index`."""
    yield "aws:ec2/instance:Instance", {"instanceType": INSTANCE_TYPES[index % len(INSTANCE_TYPES)],
                                        "ami": "ami-0123456789abcdef0",
                                        "rootBlockDevice": {"volumeSize": 8 + index % 50, "volumeType": "gp3"}}
    yield "aws:ebs/volume:Volume", {"availabilityZone": "us-east-1a", "size": 20 + index % 500, "type": "gp3",
                                    "iops": 3000 + (index % 4) * 1000, "throughput": 125 + (index % 3) * 50}
    yield "aws:ec2/subnet:Subnet", {"cidrBlock": f"10.{index % 256}.0.0/24", "vpcId": "vpc-1"}
    yield "aws:ec2/securityGroup:SecurityGroup", {"vpcId": "vpc-1", "description": "web"}
    yield "aws:ec2/natGateway:NatGateway", {"subnetId": "subnet-1", "connectivityType": "private"}
    yield "aws:ec2/eip:Eip", {"domain": "vpc"}
    yield "aws:lb/loadBalancer:LoadBalancer", {"loadBalancerType": "application", "internal": index % 2 == 0,
                                               "subnets": ["subnet-1", "subnet-2"]}
    yield "aws:rds/instance:Instance", {"instanceClass": DB_CLASSES[index % len(DB_CLASSES)],
                                        "engine": ENGINES[index % len(ENGINES)], "allocatedStorage": 100,
                                        "storageType": "gp3", "multiAz": index % 2 == 1}
    yield "aws:cloudwatch/metricAlarm:MetricAlarm", {"metricName": "CPUUtilization", "threshold": 80}
    yield "aws:s3/bucketV2:BucketV2", {"bucket": f"assets-{index}"}


def preview_document(resources: int, region: str = "us-east-1") -> dict:
    steps = [{"op": "create", "urn": STACK_URN,
              "newState": {"urn": STACK_URN, "custom": False, "type": "pulumi:pulumi:Stack"}}]
    kinds = cycle(range(10))
    for index in range(resources):
        type_token, inputs = list(_templates(index))[next(kinds)]
        urn = f"urn:pulumi:bench::synthetic::{type_token}::r{index}"
        steps.append({"op": "create", "urn": urn, "newState": {
            "urn": urn, "custom": True, "type": type_token, "inputs": inputs, "parent": STACK_URN}})
    return {"config": {"aws:region": region}, "steps": steps}


def write_preview(path: Path, resources: int) -> Path:
    path.write_text(json.dumps(preview_document(resources)))
    return path


if __name__ == "__main__":
    json.dump(preview_document(int(sys.argv[1])), sys.stdout)
