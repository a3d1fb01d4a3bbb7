"""Synthetic `pulumi preview --json` documents of any size, shaped like a real AWS program's.

Resources cycle through 15 priced types of the web stack's rules (instances, volumes, NAT gateways,
Elastic IPs, load balancers, RDS instances, alarms, log groups, secrets, keys, ...; PRICED), every free
type of costing/rules/free.py (about 490: subnets, security groups, IAM, ...), other providers' (random,
tls, command) and an unpriced one (Glacier vaults: no rule prices them): some 500 types, so every stage of
an estimate (rules, the price merge, reports) does its full share of work. The priced types are not yet
those of the 60 other rule modules (Lambda, DynamoDB, EKS, ...).

    python benchmarks/synthetic.py 10000 > preview-10k.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from costing.rules.free import FREE_TYPES  # noqa: E402

STACK_URN = "urn:pulumi:bench::synthetic::pulumi:pulumi:Stack::synthetic-bench"
INSTANCE_TYPES = ["t3.micro", "t3.large", "m6i.large", "m6i.xlarge", "c6i.large", "r6i.large"]
DB_CLASSES = ["db.t4g.micro", "db.m6g.large", "db.r6g.large"]
ENGINES = ["postgres", "mysql", "mariadb"]

# type token -> inputs for the resource of index i
PRICED: dict[str, Callable[[int], dict]] = {
    "aws:ec2/instance:Instance": lambda i: {"instanceType": INSTANCE_TYPES[i % len(INSTANCE_TYPES)],
                                            "ami": "ami-0123456789abcdef0",
                                            "rootBlockDevice": {"volumeSize": 8 + i % 50, "volumeType": "gp3"}},
    "aws:ebs/volume:Volume": lambda i: {"availabilityZone": "us-east-1a", "size": 20 + i % 500, "type": "gp3",
                                        "iops": 3000 + (i % 4) * 1000, "throughput": 125 + (i % 3) * 50},
    "aws:ec2/natGateway:NatGateway": lambda i: {"subnetId": "subnet-1", "connectivityType": "private"},
    "aws:ec2/eip:Eip": lambda i: {"domain": "vpc"},
    "aws:lb/loadBalancer:LoadBalancer": lambda i: {"loadBalancerType": ("application", "network")[i % 2],
                                                   "internal": i % 3 == 0, "subnets": ["subnet-1", "subnet-2"]},
    "aws:elb/loadBalancer:LoadBalancer": lambda i: {"availabilityZones": ["us-east-1a", "us-east-1b"]},
    "aws:rds/instance:Instance": lambda i: {"instanceClass": DB_CLASSES[i % len(DB_CLASSES)],
                                            "engine": ENGINES[i % len(ENGINES)], "allocatedStorage": 100,
                                            "storageType": "gp3", "multiAz": i % 2 == 1, "monitoringInterval": 60},
    "aws:cloudwatch/metricAlarm:MetricAlarm": lambda i: {"metricName": "CPUUtilization", "threshold": 80,
                                                         "period": (10, 60, 300)[i % 3]},
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": lambda i: {"alarmRule": "ALARM(a)"},
    "aws:cloudwatch/logGroup:LogGroup": lambda i: {"retentionInDays": 30},
    "aws:secretsmanager/secret:Secret": lambda i: {"name": f"secret-{i}"},
    "aws:kms/key:Key": lambda i: {"description": "data"},
    "aws:ec2/vpnConnection:VpnConnection": lambda i: {"customerGatewayId": "cgw-1", "type": "ipsec.1"},
    "aws:ec2/vpcEndpoint:VpcEndpoint": lambda i: {"vpcEndpointType": ("Interface", "Gateway")[i % 2],
                                                  "subnetIds": ["subnet-1", "subnet-2"]},
    "aws:autoscaling/policy:Policy": lambda i: {"policyType": ("TargetTrackingScaling", "StepScaling")[i % 2]},
}
OTHERS = ["aws:glacier/vault:Vault", "random:index/randomPassword:RandomPassword",
          "tls:index/privateKey:PrivateKey", "command:local:Command"]
PRICED_WEIGHT = 16
KINDS: list[tuple[str, Callable[[int], dict]]] = (
    list(PRICED.items()) + [(token, lambda i: {}) for token in sorted(FREE_TYPES) + OTHERS])


def preview_document(resources: int, region: str = "us-east-1") -> dict:
    """`resources` resources cycling through KINDS, each priced type PRICED_WEIGHT times as often as another:
    about 70% of the resources are priced, as in the mix of the first benchmarks (7 kinds in 10)."""
    order = [kind for kind in KINDS for _ in range(PRICED_WEIGHT if kind[0] in PRICED else 1)]
    steps = [{"op": "create", "urn": STACK_URN,
              "newState": {"urn": STACK_URN, "custom": False, "type": "pulumi:pulumi:Stack"}}]
    for index in range(resources):
        type_token, inputs = order[index % len(order)]
        urn = f"urn:pulumi:bench::synthetic::{type_token}::r{index}"
        steps.append({"op": "create", "urn": urn, "newState": {
            "urn": urn, "custom": True, "type": type_token, "inputs": inputs(index), "parent": STACK_URN}})
    return {"config": {"aws:region": region}, "steps": steps}


def write_preview(path: Path, resources: int) -> Path:
    path.write_text(json.dumps(preview_document(resources)))
    return path


if __name__ == "__main__":
    json.dump(preview_document(int(sys.argv[1])), sys.stdout)
