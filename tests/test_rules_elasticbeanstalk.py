"""Elastic Beanstalk environments: settings merged over their configuration template's, and what leaves
them unpriced. Prices: t3.micro 0.0104/h, m5.large 0.096/h, gp2 0.10/GB-month, NLB 0.0225/h."""

from __future__ import annotations

from costing.schema import UNKNOWN
from tests.pricing_helpers import cents, lines_of, of, priced, resource

ENVIRONMENT = "aws:elasticbeanstalk/environment:Environment"
TEMPLATE = "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate"
STACK = "64bit Amazon Linux 2023 v4.3.0 running Python 3.11"


def setting(namespace: str, name: str, value: str) -> dict:
    return {"namespace": namespace, "name": name, "value": value}


def environment(name: str, *settings: dict, **inputs) -> dict:
    return resource(ENVIRONMENT, name, {"solutionStackName": STACK, "settings": list(settings), **inputs})


MICRO = setting("aws:ec2:instances", "InstanceTypes", "t3.micro")


def test_the_environments_settings_override_its_templates():
    template = resource(TEMPLATE, "base", {"name": "base", "settings": [
        setting("aws:ec2:instances", "InstanceTypes", "m5.large"), setting("aws:autoscaling:asg", "MinSize", "3"),
        setting("aws:elasticbeanstalk:environment", "LoadBalancerType", "network")]})
    env = environment("web", setting("aws:autoscaling:asg", "MinSize", "1"), templateName="base")
    lines = lines_of(priced(template, env), "web")
    assert list(lines.index) == ["m5.large instance (Linux, on-demand)",
                                 "root volume, 8 GB assumed (size from the AMI): gp2 storage",
                                 "network load balancer hours", "network load balancer capacity units (NLCU)"]
    assert lines.loc["m5.large instance (Linux, on-demand)", "quantity"] == 1  # MinSize 1 over the template's 3
    assert lines.loc["network load balancer hours", "monthly_usd"] == cents(16.43)  # 0.0225 x 730


def test_a_shared_load_balancer_is_priced_where_it_is_declared():
    env = environment("web", MICRO, setting("aws:elasticbeanstalk:environment", "LoadBalancerIsShared", "true"))
    assert of(priced(env), "web")["monthly_usd"] == cents(8.39)  # 0.0104 x 730 + 8 GB x 0.10


def test_elastic_beanstalk_reasons():
    result = priced(
        environment("db", MICRO, setting("aws:rds:dbinstance", "DBInstanceClass", "db.t3.micro")),
        environment("spot", MICRO, setting("aws:ec2:instances", "EnableSpot", "true")),
        environment("gwlb", MICRO, setting("aws:elasticbeanstalk:environment", "LoadBalancerType", "gateway")),
        environment("later", setting("aws:ec2:instances", "InstanceTypes", UNKNOWN)),
        environment("lost", MICRO, templateName="not-here"),
        resource(ENVIRONMENT, "iis", {"solutionStackName": "64bit Windows Server 2019 v2.11.0 running IIS 10.0",
                                      "settings": [MICRO]}))
    assert of(result, "db")["reason"] == "an RDS instance coupled to the environment (aws:rds:dbinstance) is not priced"
    assert of(result, "spot")["reason"] == "Spot instances (EnableSpot) are not priced (on-demand only)"
    assert of(result, "gwlb")["reason"] == ("gateway load balancers are not priced "
                                            "(priced: application, network, classic)")
    assert of(result, "later")["reason"] == "option aws:ec2:instances InstanceTypes unknown until apply"
    assert of(result, "lost")["reason"] == ("its configuration template is not among the stack's resources: "
                                            "settings unknown")
    assert of(result, "iis")["reason"] == ("Windows platforms are not priced (Linux instances only): 64bit Windows "
                                           "Server 2019 v2.11.0 running IIS 10.0")
