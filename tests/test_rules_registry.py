"""The registry of rules: every type token is real, each type has one fate, and every usage line
reads a key the usage file accepts for its type."""

from __future__ import annotations

import ast
import keyword
import re
from collections import Counter
from pathlib import Path

import pulumi_aws
import pytest

from costing.rules import RULE_MODULES, rule_lines, usage_keys
from costing.rules import free
from costing.rules.free import FREE_TYPES
from tests.golden_cases import MESSAGING_MODULES
from tests.pricing_helpers import frame, resource

PULUMI_AWS = Path(pulumi_aws.__file__).parent


def _module_files(type_token: str) -> list[Path]:
    """aws:ec2/vpcEndpoint:VpcEndpoint -> pulumi_aws/ec2/vpc_endpoint.py (aws:lambda/... -> pulumi_aws/lambda_/...),
    else every file of the module (acronyms do not split by capitals: graphQLApi is graph_ql_api.py)."""
    module, name = type_token.split(":")[1].split("/")
    module += "_" if keyword.iskeyword(module) else ""
    named = PULUMI_AWS / module / (re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + ".py")
    return [named] if named.exists() else sorted((PULUMI_AWS / module).glob("*.py"))


@pytest.mark.parametrize("type_token", sorted({*RULE_MODULES, *FREE_TYPES}))
def test_type_token_is_one_pulumi_aws_declares(type_token):
    marker = f'@pulumi.type_token("{type_token}")'
    assert any(marker in source.read_text(encoding="utf-8") for source in _module_files(type_token)), \
        f"no {marker} in pulumi_aws"


def test_a_type_is_either_priced_by_a_rule_or_free():
    assert set(RULE_MODULES) & set(FREE_TYPES) == set()


def test_each_free_type_is_listed_once():
    """A dict literal keeps the last of two equal keys silently: merged service groups' sections must not
    list a type another section lists (its note would depend on the order of the sections)."""
    literal = next(node.value for node in ast.parse(Path(free.__file__).read_text(encoding="utf-8")).body
                   if isinstance(node, ast.AnnAssign) and node.target.id == "FREE_TYPES")
    listed = Counter(key.value for key in literal.keys)
    assert [type_token for type_token, count in listed.items() if count > 1] == []
    assert len(listed) == len(FREE_TYPES)  # the literal read is the whole list


def test_usage_lines_read_keys_the_usage_file_accepts_for_their_type():
    rows = [
        resource("aws:ec2/instance:Instance", "vm", {"instanceType": "t3.micro", "associatePublicIpAddress": True}),
        resource("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "t3.micro", "networkInterfaces": [
            {"associatePublicIpAddress": "true"}]}),
        resource("aws:rds/instance:Instance", "db", {"engine": "mysql", "instanceClass": "db.t3.micro",
                                                     "monitoringInterval": 60,
                                                     "enabledCloudwatchLogsExports": ["error"]}),
        resource("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a"]}),
        resource("aws:lb/loadBalancer:LoadBalancer", "nlb", {"loadBalancerType": "network", "subnets": ["a"]}),
        resource("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": ["a"]}),
        resource("aws:ec2/natGateway:NatGateway", "nat", {}),
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm", {"vpcEndpointType": "Interface", "subnetIds": ["a"]}),
        resource("aws:cloudwatch/logGroup:LogGroup", "logs", {}),
    ]
    rows.append(resource("aws:autoscaling/group:Group", "asg", {"launchTemplate": {"id": "lt-id"}}))
    rows += _storage_rows() + _compute_rows() + _database_rows() + _edge_rows()
    inventory = frame(*rows)
    lines = rule_lines(inventory, inventory)
    usage = lines[lines["usage"]].merge(inventory[["urn", "type"]], on="urn")
    used = {(row.type, key) for row in usage.itertuples() for key in row.usage_key.split("*")}  # "a*b": a and b
    declared = {(type_token, key.name) for type_token in set(inventory["type"]) for key in usage_keys(type_token)}
    assert used == declared
    # the types with usage keys left out above: the integration group's, whose golden cases read every key
    # (tests/test_rules_messaging_usage.py)
    left_out = {type_token for type_token in RULE_MODULES if usage_keys(type_token)} - set(inventory["type"])
    assert left_out == {type_token for type_token, module in RULE_MODULES.items()
                        if module in MESSAGING_MODULES and usage_keys(type_token)}


def _storage_rows() -> list[dict]:
    """Resources of the storage group whose usage lines read every key their types declare: buckets whose
    lifecycle rules reach every storage class, an on-demand table with a stream, a replica, file systems
    with every class and elastic throughput, vaults, and a snapshot of a volume outside the stack."""
    every_class = [{"enabled": True, "transitions": [{"storageClass": name} for name in (
        "INTELLIGENT_TIERING", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")]}]
    table = resource("aws:dynamodb/table:Table", "table", {"billingMode": "PAY_PER_REQUEST", "streamEnabled": True,
                                                          "pointInTimeRecovery": {"enabled": True}})
    return [
        resource("aws:s3/bucket:Bucket", "bucket", {"lifecycleRules": every_class}),
        resource("aws:s3/bucketV2:BucketV2", "bucket-v2", {"lifecycleRules": every_class}),
        resource("aws:s3/directoryBucket:DirectoryBucket", "express", {"location": {"name": "use1-az4"}}),
        resource("aws:s3/analyticsConfiguration:AnalyticsConfiguration", "analysis", {"storageClassAnalysis": {}}),
        resource("aws:s3/inventory:Inventory", "inventory", {}),
        table,
        resource("aws:dynamodb/tableReplica:TableReplica", "replica", {"globalTableArn": "table-id",
                                                                       "pointInTimeRecovery": True}),
        resource("aws:efs/fileSystem:FileSystem", "efs", {"throughputMode": "elastic", "lifecyclePolicies": [
            {"transitionToIa": "AFTER_30_DAYS"}, {"transitionToArchive": "AFTER_90_DAYS"}]}),
        resource("aws:backup/vault:Vault", "vault", {}),
        resource("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "bunker", {}),
        resource("aws:ebs/snapshot:Snapshot", "snapshot", {"volumeId": "vol-elsewhere"}),
        resource("aws:ebs/snapshotCopy:SnapshotCopy", "snapshot-copy", {"sourceSnapshotId": "snap-elsewhere"}),
    ]


def _compute_rows() -> list[dict]:
    """Resources of the compute, containers and build group whose usage lines read every key their types
    declare, Elastic Beanstalk environments behind each kind of load balancer among them."""
    return [
        resource("aws:lambda/function:Function", "fn", {}),
        resource("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc",
                 {"functionName": "fn-id", "provisionedConcurrentExecutions": 1}),
        resource("aws:eks/fargateProfile:FargateProfile", "pods", {}),
        resource("aws:ecr/repository:Repository", "images", {}),
        resource("aws:codebuild/project:Project", "build", {"environment": {
            "type": "LINUX_CONTAINER", "computeType": "BUILD_GENERAL1_SMALL"}}),
        resource("aws:mwaa/environment:Environment", "airflow", {}),
        resource("aws:glue/job:Job", "etl", {}),
        resource("aws:glue/crawler:Crawler", "crawl", {}),
        resource("aws:glue/catalogDatabase:CatalogDatabase", "catalog", {}),
        *(resource("aws:elasticbeanstalk/environment:Environment", f"eb-{kind}", {"settings": [
            {"namespace": "aws:ec2:instances", "name": "InstanceTypes", "value": "t3.micro"},
            {"namespace": "aws:elasticbeanstalk:environment", "name": "LoadBalancerType", "value": kind}]})
          for kind in ("application", "network", "classic")),
    ]


def _database_rows() -> list[dict]:
    """The managed databases: a resource of each type and option that has usage lines."""
    serverless = {"serverlessv2ScalingConfiguration": {"minCapacity": 0.5}, "serverlessV2ScalingConfiguration": {
        "minCapacity": 1}}
    return [
        resource("aws:rds/cluster:Cluster", "aurora", {"engine": "aurora-mysql", "backtrackWindow": 3600,
                                                       "clusterIdentifier": "aurora", **serverless}),
        resource("aws:rds/cluster:Cluster", "aurora-v1", {"engine": "aurora-mysql", "engineMode": "serverless"}),
        resource("aws:rds/clusterInstance:ClusterInstance", "aurora-1", {
            "engine": "aurora-mysql", "instanceClass": "db.serverless", "clusterIdentifier": "aurora"}),
        resource("aws:elasticache/cluster:Cluster", "cache", {"engine": "redis", "nodeType": "cache.t3.micro",
                                                              "snapshotRetentionLimit": 3}),
        resource("aws:elasticache/replicationGroup:ReplicationGroup", "group", {"nodeType": "cache.t3.micro",
                                                                                "snapshotRetentionLimit": 3}),
        resource("aws:elasticache/serverlessCache:ServerlessCache", "serverless-cache", {"engine": "valkey"}),
        resource("aws:memorydb/cluster:Cluster", "memorydb", {"nodeType": "db.t4g.small", "snapshotRetentionLimit": 2}),
        resource("aws:memorydb/snapshot:Snapshot", "memorydb-snapshot", {"clusterName": "memorydb"}),
        resource("aws:docdb/cluster:Cluster", "docdb", {}),
        resource("aws:docdb/clusterSnapshot:ClusterSnapshot", "docdb-snapshot", {"dbClusterIdentifier": "docdb"}),
        resource("aws:neptune/cluster:Cluster", "neptune", {"clusterIdentifier": "neptune", **serverless}),
        resource("aws:neptune/clusterInstance:ClusterInstance", "neptune-1", {
            "instanceClass": "db.serverless", "clusterIdentifier": "neptune"}),
        resource("aws:neptune/clusterSnapshot:ClusterSnapshot", "neptune-snapshot", {"dbClusterIdentifier": "neptune"}),
        resource("aws:redshift/cluster:Cluster", "warehouse", {"nodeType": "ra3.xlplus"}),
        resource("aws:redshiftserverless/workgroup:Workgroup", "workgroup", {"namespaceName": "ns"}),
        resource("aws:redshiftserverless/namespace:Namespace", "namespace", {"namespaceName": "ns"}),
        resource("aws:timestreamwrite/database:Database", "tsdb", {"databaseName": "metrics"}),
        resource("aws:timestreamwrite/table:Table", "tstable", {"databaseName": "metrics", "tableName": "cpu"}),
    ]


def _edge_rows() -> list[dict]:
    """Resources of the network, edge, security and management group whose usage lines read every key their
    types declare: a distribution with an origin shield in each region group, field-level encryption and
    real-time logs; a trail recording data and Insights events; records of each routing policy; an Advanced
    parameter and activation; web ACLs and rule group associations with Bot Control and Fraud Control."""
    shields = ("us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1", "ap-southeast-2", "ap-southeast-1",
               "ap-northeast-2", "ap-south-1")  # one origin shield region of each infracost region group
    bot_control = {"vendorName": "AWS", "name": "AWSManagedRulesBotControlRuleSet"}
    fraud_control = {"vendorName": "AWS", "name": "AWSManagedRulesATPRuleSet"}
    return [
        resource("aws:cloudfront/distribution:Distribution", "cdn", {
            "origins": [{"originShield": {"enabled": True, "originShieldRegion": region}} for region in shields],
            "defaultCacheBehavior": {"fieldLevelEncryptionId": "fle-id", "realtimeLogConfigArn": "log-arn"}}),
        resource("aws:cloudfront/function:Function", "edge-fn", {}),
        resource("aws:cloudtrail/trail:Trail", "trail", {
            "eventSelectors": [{"dataResources": [{"type": "AWS::S3::Object"}]}],
            "insightSelectors": [{"insightType": "ApiCallRateInsight"}]}),
        resource("aws:directconnect/connection:Connection", "dx", {"bandwidth": "1Gbps"}),
        resource("aws:directconnect/gatewayAssociation:GatewayAssociation", "dx-tgw", {"associatedGatewayId": "tgw-1"}),
        resource("aws:networkfirewall/firewall:Firewall", "firewall", {"subnetMappings": [{"subnetId": "a"}]}),
        *(resource("aws:route53/record:Record", f"record-{policy}", {policy: [{"region": "us-east-1"}]})
          for policy in ("latencyRoutingPolicies", "geolocationRoutingPolicies", "cidrRoutingPolicy")),
        resource("aws:route53/record:Record", "record", {}),
        resource("aws:route53/resolverEndpoint:ResolverEndpoint", "resolver", {"ipAddresses": [{}, {}]}),
        resource("aws:ssm/parameter:Parameter", "parameter", {"tier": "Advanced"}),
        resource("aws:ssm/activation:Activation", "activation", {"registrationLimit": 1001}),
        resource("aws:wafv2/webAcl:WebAcl", "acl", {"rules": [
            {"statement": {"managedRuleGroupStatement": group}} for group in (bot_control, fraud_control)]}),
        *(resource("aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation", f"association-{name}",
                   {"managedRuleGroup": group}) for name, group in (("bot", bot_control), ("fraud", fraud_control))),
        *(resource(type_token, type_token.split(":")[2].lower(), {}) for type_token in (
            "aws:acmpca/certificateAuthority:CertificateAuthority", "aws:amp/workspace:Workspace",
            "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule",
            "aws:cfg/organizationCustomRule:OrganizationCustomRule",
            "aws:cfg/organizationManagedRule:OrganizationManagedRule", "aws:cfg/recorder:Recorder", "aws:cfg/rule:Rule",
            "aws:cloudformation/stack:Stack", "aws:cloudformation/stackSet:StackSet",
            "aws:ec2clientvpn/endpoint:Endpoint", "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
            "aws:globalaccelerator/endpointGroup:EndpointGroup", "aws:grafana/workspace:Workspace",
            "aws:waf/webAcl:WebAcl", "aws:wafregional/webAcl:WebAcl")),
    ]
