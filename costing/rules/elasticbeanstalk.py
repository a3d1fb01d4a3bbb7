"""Elastic Beanstalk environments: the EC2 instances and the load balancer the environment creates,
priced as those resources are (ec2.py, ebs.py and elb.py prices), from its option settings (its own,
over those of the configuration template it names). Elastic Beanstalk itself is free
(https://aws.amazon.com/elasticbeanstalk/pricing/).

- Instances: `aws:autoscaling:asg` MinSize of them (default 1), or one for a SingleInstance
  environment, of the first of `aws:ec2:instances` InstanceTypes (else `aws:autoscaling:launchconfiguration`
  InstanceType), Linux on-demand, each with its root volume (RootVolumeType, RootVolumeSize,
  RootVolumeIOPS, RootVolumeThroughput; without a size, the AMI's, taken as 8 GB gp2 as for any instance).
- Load balancer: a LoadBalanced web-server environment's (`aws:elasticbeanstalk:environment`
  EnvironmentType, default LoadBalanced), of LoadBalancerType (default classic, the namespace's
  documented default): its hours, and its capacity units or data processed as usage, as elb.py
  prices them. A shared load balancer (LoadBalancerIsShared) is priced where it is declared; a worker
  environment has none.

Not priced, with the reason: environments without an instance type (Elastic Beanstalk then picks one that
varies by region and account), Spot instances (EnableSpot), Windows platforms, and an RDS instance coupled
to the environment (`aws:rds:dbinstance`). Public IPv4 addresses and data sent to the internet are not
estimated: they depend on the VPC settings and the traffic.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, known_value, text
from costing.rules.ebs import block_device_lines
from costing.rules.ec2 import INSTANCE_HOURS
from costing.rules.elb import ALB_HOURS, ALB_LCU, CLB_DATA, CLB_HOURS, LCU_PER_HOUR, NLB_HOURS, NLB_NLCU, NLCU_PER_HOUR
from costing.rules.shared import MONTHLY_DATA_PROCESSED_GB

ENVIRONMENT = "aws:elasticbeanstalk/environment:Environment"
TEMPLATE = "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate"
TYPES = (ENVIRONMENT,)
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES: dict[str, str] = {}  # no prices of its own
PRICES = ()  # the instances', volumes' and load balancers' own (ec2.py, ebs.py, elb.py)
USAGE = {ENVIRONMENT: (LCU_PER_HOUR, NLCU_PER_HOUR, MONTHLY_DATA_PROCESSED_GB)}

# LoadBalancerType -> (hours price, usage price, its usage key)
LOAD_BALANCERS = {"application": (ALB_HOURS, ALB_LCU, LCU_PER_HOUR), "network": (NLB_HOURS, NLB_NLCU, NLCU_PER_HOUR),
                  "classic": (CLB_HOURS, CLB_DATA, MONTHLY_DATA_PROCESSED_GB)}
ROOT_VOLUME = {"RootVolumeType": "volumeType", "RootVolumeSize": "volumeSize", "RootVolumeIOPS": "iops",
               "RootVolumeThroughput": "throughput"}
ASG, INSTANCES, LAUNCH = "aws:autoscaling:asg", "aws:ec2:instances", "aws:autoscaling:launchconfiguration"
ENV, RDS = "aws:elasticbeanstalk:environment", "aws:rds:dbinstance"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, TEMPLATE)
    return each_type(resources, {ENVIRONMENT: (lambda row: _environment(row, index), "Elastic Beanstalk environment")})


def _environment(resource: Any, index: Index) -> list[dict[str, Any]]:
    inputs, urn = resource.inputs, resource.urn
    options = _settings(resource, index)
    platform = text(inputs, "solutionStackName", "solution stack") or text(inputs, "platformArn", "platform")
    if "windows" in platform.lower():
        raise Unpriceable(f"Windows platforms are not priced (Linux instances only): {platform}")
    if any(namespace == RDS for namespace, _ in options):
        raise Unpriceable("an RDS instance coupled to the environment (aws:rds:dbinstance) is not priced")
    if options.get((INSTANCES, "EnableSpot"), "false").lower() == "true":
        raise Unpriceable("Spot instances (EnableSpot) are not priced (on-demand only)")
    instance_type = (options.get((INSTANCES, "InstanceTypes"), "").split(",")[0].strip()
                     or options.get((LAUNCH, "InstanceType"), ""))
    if not instance_type:
        raise Unpriceable("no instance type set: Elastic Beanstalk picks one that varies by region and account")
    single = options.get((ENV, "EnvironmentType"), "LoadBalanced") == "SingleInstance"
    count = 1.0 if single else _number(options.get((ASG, "MinSize"), "1"), "MinSize")
    root = {key: options[(LAUNCH, name)] for name, key in ROOT_VOLUME.items() if (LAUNCH, name) in options}
    rows = [INSTANCE_HOURS.line(urn, count, instance_type=instance_type),
            *block_device_lines(urn, "root volume", root, count, root=True)]
    if single or text(inputs, "tier", "tier", "WebServer") == "Worker" or \
            options.get((ENV, "LoadBalancerIsShared"), "false").lower() == "true":
        return rows
    kind = options.get((ENV, "LoadBalancerType"), "classic")
    if kind not in LOAD_BALANCERS:
        raise Unpriceable(f"{kind} load balancers are not priced (priced: {', '.join(LOAD_BALANCERS)})")
    hours, usage_price, usage_key = LOAD_BALANCERS[kind]
    return rows + [hours.line(urn, 1.0, f"{kind} load balancer hours"), usage_price.usage_line(urn, usage_key)]


def _settings(resource: Any, index: Index) -> dict[tuple[str, str], str]:
    """(namespace, option name) -> value: the configuration template's settings, then the environment's."""
    template_name = resource.inputs.get("templateName")
    template = index.referenced(resource, "templateName", TEMPLATE, template_name)
    if template is None and known(resource.inputs, "templateName", "configuration template"):
        template = next((row for row in index.by_urn.values() if row.inputs.get("name") == template_name), None)
        if template is None:
            raise Unpriceable("its configuration template is not among the stack's resources: settings unknown")
    options = {}
    for source in ([template.inputs] if template is not None else []) + [resource.inputs]:
        for setting in known(source, "settings", "option settings") or []:
            setting = known_value(setting, "option setting")
            name = (str(setting.get("namespace", "")), str(setting.get("name", "")))
            options[name] = str(known_value(setting.get("value", ""), f"option {name[0]} {name[1]}"))
    return options


def _number(value: str, what: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise Unpriceable(f"{what} is not a number: {value!r}") from None
