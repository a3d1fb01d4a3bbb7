"""Database: the graph it builds offline (wiring, security, replicas, alarms), dev vs prod, and every
validation message, exactly."""

from __future__ import annotations

import json

import pulumi
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components import database_rules as rules
from components.database import Database, settings_with_defaults

INSTANCE = "aws:rds/instance:Instance"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup"
PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
TOPIC = "aws:sns/topic:Topic"
KEY = "aws:kms/key:Key"
PASSWORD = "random:index/randomPassword:RandomPassword"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
SECRET_MARKER = "4dabf18193072939515e22adb298388d"  # the SDK's mark on a secret value
X86 = {"instance_class": "db.m5.large"}  # for the engines RDS offers no Graviton class for
OUTPUTS = ("endpoint", "address", "port", "master_secret_arn", "security_group_id", "replica_endpoints")

BASE = {"vpc_id": "vpc-0123", "subnet_ids": ["subnet-a", "subnet-b"], "allowed_security_group_ids": ["sg-web"]}
# What components/settings.py passes for stacks/Pulumi.dev.yaml and stacks/Pulumi.prod.yaml.
DEV = {**BASE, "instance_class": "db.t4g.micro", "multi_az": False, "allocated_storage": 20,
       "backup_retention_days": 7}
PROD = {**BASE, "instance_class": "db.m6g.large", "multi_az": True, "allocated_storage": 100,
        "max_allocated_storage": 500, "backup_retention_days": 14, "deletion_protection": True,
        "final_snapshot": True, "replica_count": 1, "replica_instance_class": "db.m6g.large",
        "performance_insights": True, "monitoring_interval": 60, "alarm_topic": True}


@pytest.fixture
def build(run_offline):
    """build(args) -> ProgramRun of one Database named "db", its outputs exported."""

    def run(args):
        def program():
            database = Database("db", args)
            for output in OUTPUTS:
                pulumi.export(output, getattr(database, output))
        return run_offline(program)

    return run


def primary_of(run):
    return run.one(INSTANCE, "db-primary")


def replicas_of(run):
    return sorted((r for r in run.of_type(INSTANCE) if r.name != "db-primary"), key=lambda r: r.name)


# --- the graph ------------------------------------------------------------------------------------

def test_everything_is_a_child_of_the_component(build):
    run = build(PROD)
    component = run.resources[0]
    assert (component.type, component.name, component.custom) == ("webstack:index:Database", "db", False)
    assert all(resource.parent == component.urn for resource in run.resources[1:])
    assert sorted(r.type for r in run.resources[1:]) == sorted([
        SECURITY_GROUP, SUBNET_GROUP, PARAMETER_GROUP, ROLE, ATTACHMENT, INSTANCE, INSTANCE, KEY, TOPIC,
        ALARM, ALARM, ALARM, PASSWORD, KEY, SECRET, SECRET_VERSION])


def test_subnet_group_spans_the_given_subnets_and_holds_the_primary(build):
    run = build({**DEV, "subnet_ids": ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"]})
    subnet_group = run.one(SUBNET_GROUP, "db-subnets")
    assert subnet_group.inputs["subnetIds"] == ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"]
    assert primary_of(run).inputs["dbSubnetGroupName"] == subnet_group.outputs["name"]


@pytest.mark.parametrize("engine, port", [("postgres", 5432), ("mysql", 3306), ("mariadb", 3306),
                                          ("oracle-se2", 1521), ("sqlserver-se", 1433)])
def test_security_group_admits_only_the_given_groups_on_the_engine_port(build, engine, port):
    run = build({**PROD, "engine": engine, "replica_count": 0, "replica_instance_class": "", **X86,
                 "allowed_security_group_ids": ["sg-web", "sg-bastion"]})
    [security_group] = run.of_type(SECURITY_GROUP, "aws:ec2/securityGroupRule:SecurityGroupRule",
                                   "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert security_group.inputs["vpcId"] == "vpc-0123"
    assert security_group.inputs["ingress"] == [{"protocol": "tcp", "fromPort": port, "toPort": port,
                                                 "securityGroups": ["sg-web", "sg-bastion"],
                                                 "description": "database clients"}]
    assert "egress" not in security_group.inputs
    assert primary_of(run).inputs["vpcSecurityGroupIds"] == [security_group.id]
    assert primary_of(run).inputs["port"] == port


def test_instances_are_private_and_encrypted(build):
    run = build({**PROD, "replica_count": 2})
    for instance in run.of_type(INSTANCE):
        assert instance.inputs["publiclyAccessible"] is False
        assert instance.inputs["storageEncrypted"] is True
        assert instance.inputs["copyTagsToSnapshot"] is True
    assert primary_of(run).inputs["username"] == "dbadmin"


def test_without_replicas_rds_generates_and_keeps_the_password(build):
    run = build(DEV)
    primary = primary_of(run)
    assert primary.inputs["manageMasterUserPassword"] is True
    assert run.of_type(PASSWORD, SECRET, SECRET_VERSION) == []
    for resource in run.resources:
        assert not {"password", "passwordWo"} & set(resource.inputs), resource.name
    assert run.outputs["master_secret_arn"] == primary.outputs["masterUserSecrets"][0]["secretArn"]


def secret_value(value):
    """The value under the SDK's secret mark; an AssertionError when it is not marked secret."""
    assert isinstance(value, dict) and value.get(SECRET_MARKER) == "1b47061264138c4ac30d75fd1eb44270", value
    return value["value"]


@pytest.mark.parametrize("args", [{**PROD, "replica_count": 2}, {**DEV, "password_source": "generated"}],
                         ids=["auto with replicas", "asked for"])
def test_a_generated_password_is_secret_and_kept_in_the_components_own_encrypted_secret(build, args):
    run = build(args)
    [password], [secret], [version] = (run.of_type(kind) for kind in (PASSWORD, SECRET, SECRET_VERSION))
    key = run.one(KEY, "db-credentials")
    assert password.inputs == {"length": 30, "special": False, "minLower": 1, "minUpper": 1, "minNumeric": 1}
    generated = password.outputs["result"]
    primary = primary_of(run)
    assert "manageMasterUserPassword" not in primary.inputs
    assert secret_value(primary.wire_inputs["password"]) == generated
    assert key.inputs["enableKeyRotation"] is True and secret.inputs["kmsKeyId"] == key.outputs["arn"]
    assert version.inputs["secretId"] == secret.id
    assert json.loads(secret_value(version.wire_inputs["secretString"])) == {
        "username": "dbadmin", "password": generated, "engine": "postgres", "host": primary.outputs["address"],
        "port": 5432, "dbname": "app"}
    for resource in run.resources:  # the password appears nowhere but under the secret mark
        text = json.dumps({key: value for key, value in resource.wire_inputs.items()
                           if not (isinstance(value, dict) and SECRET_MARKER in value)})
        assert generated not in text, resource.name
    assert generated not in json.dumps(run.outputs)
    assert run.outputs["master_secret_arn"] == secret.outputs["arn"]


@pytest.mark.parametrize("engine, secret_engine, database", [
    ("mysql", "mysql", "app"), ("oracle-se2", "oracle", "APP"), ("sqlserver-se", "sqlserver", None)])
def test_the_secret_has_the_json_shape_rds_uses_per_engine(build, engine, secret_engine, database):
    run = build({**DEV, **X86, "engine": engine, "password_source": "generated"})
    document = json.loads(secret_value(run.of_type(SECRET_VERSION)[0].wire_inputs["secretString"]))
    assert (document["engine"], document.get("dbname")) == (secret_engine, database)
    assert sorted(document) == sorted(["username", "password", "engine", "host", "port"]
                                      + (["dbname"] if database else []))


def test_sql_server_replicas_keep_the_rds_managed_password(build):
    run = build({**DEV, **X86, "engine": "sqlserver-ee", "replica_count": 1})
    assert primary_of(run).inputs["manageMasterUserPassword"] is True
    assert run.of_type(PASSWORD, SECRET) == []


def test_outputs_come_from_the_primary_the_group_and_the_replicas(build):
    run = build({**PROD, "replica_count": 2})
    primary = primary_of(run)
    assert run.outputs == {
        "endpoint": primary.outputs["endpoint"],
        "address": primary.outputs["address"],
        "port": 5432,
        "master_secret_arn": run.one(SECRET, "db-credentials").outputs["arn"],
        "security_group_id": run.one(SECURITY_GROUP, "db-sg").id,
        "replica_endpoints": [replica.outputs["endpoint"] for replica in replicas_of(run)],
    }
    assert run.outputs["master_secret_arn"].startswith("arn:aws:secretsmanager:us-east-1:")


def test_without_replicas_replica_endpoints_is_empty(build):
    assert build(DEV).outputs["replica_endpoints"] == []


@pytest.mark.parametrize("engine, version, sent, family", [
    ("postgres", "", "17", "postgres17"),
    ("postgres", "16.4", "16.4", "postgres16"),
    ("mysql", "", "8.4", "mysql8.4"),
    ("mysql", "8.0.39", "8.0.39", "mysql8.0"),
    ("mariadb", "10.11", "10.11", "mariadb10.11"),
    ("oracle-se2", "19.0.0.0.ru-2024-10.rur-2024-10.r1", "19.0.0.0.ru-2024-10.rur-2024-10.r1", "oracle-se2-19"),
    ("sqlserver-ex", "", "16.00", "sqlserver-ex-16.0"),
    ("sqlserver-ee", "15.00.4415.2.v1", "15.00.4415.2.v1", "sqlserver-ee-15.0"),
])
def test_parameter_group_family_follows_engine_and_version(build, engine, version, sent, family):
    run = build({**DEV, **X86, "engine": engine, "engine_version": version})
    parameter_group = run.one(PARAMETER_GROUP, "db-params")
    assert parameter_group.inputs["family"] == family
    assert primary_of(run).inputs["engineVersion"] == sent
    assert primary_of(run).inputs["parameterGroupName"] == parameter_group.outputs["name"]


@pytest.mark.parametrize("engine, exports, parameters", [
    ("postgres", ["postgresql", "upgrade"],
     [("rds.force_ssl", "1", "immediate"), ("log_min_duration_statement", "1000", "immediate")]),
    ("mysql", ["error", "slowquery"],
     [("require_secure_transport", "1", "immediate"), ("slow_query_log", "1", "immediate"),
      ("long_query_time", "1", "immediate"), ("log_output", "FILE", "immediate")]),
    ("oracle-se2", ["alert", "audit", "listener", "trace"], []),
    ("sqlserver-ex", ["error"], [("rds.force_ssl", "1", "pending-reboot")]),
    ("sqlserver-web", ["agent", "error"], [("rds.force_ssl", "1", "pending-reboot")]),
])
def test_log_exports_and_parameters_suit_the_engine(build, engine, exports, parameters):
    run = build({**DEV, **X86, "engine": engine})
    assert primary_of(run).inputs["enabledCloudwatchLogsExports"] == exports
    assert [(p["name"], p["value"], p["applyMethod"])
            for p in run.one(PARAMETER_GROUP, "db-params").inputs.get("parameters", [])] == parameters


@pytest.mark.parametrize("engine, license_model, sent, db_name", [
    ("postgres", "", "postgresql-license", "app"),
    ("mariadb", "", "general-public-license", "app"),
    ("oracle-se2", "", "license-included", "APP"),
    ("oracle-se2", "bring-your-own-license", "bring-your-own-license", "APP"),
    ("sqlserver-se", "", "license-included", None),
])
def test_licence_model_and_database_name_per_engine(build, engine, license_model, sent, db_name):
    primary = primary_of(build({**DEV, **X86, "engine": engine, "license_model": license_model}))
    assert primary.inputs["licenseModel"] == sent
    assert primary.inputs.get("dbName") == db_name


def test_replicas_reference_the_primary_and_share_its_safeguards(build):
    run = build({**PROD, "replica_count": 2, "replica_instance_class": "db.r6g.large"})
    primary = primary_of(run)
    replicas = replicas_of(run)
    assert [replica.name for replica in replicas] == ["db-replica-1", "db-replica-2"]
    for replica in replicas:
        assert replica.inputs["replicateSourceDb"] == primary.outputs["identifier"]
        assert replica.property_dependencies["replicateSourceDb"] == (primary.urn,)
        assert replica.inputs["instanceClass"] == "db.r6g.large"
        assert replica.inputs["vpcSecurityGroupIds"] == primary.inputs["vpcSecurityGroupIds"]
        assert replica.inputs["parameterGroupName"] == primary.inputs["parameterGroupName"]
        assert (replica.inputs["storageType"], replica.inputs["allocatedStorage"]) == ("gp3", 100)
        assert replica.inputs["multiAz"] is False and replica.inputs["skipFinalSnapshot"] is True
        assert replica.inputs["deletionProtection"] is True
        for inherited in ("manageMasterUserPassword", "password", "username", "dbName", "dbSubnetGroupName",
                          "engineVersion"):
            assert inherited not in replica.inputs


def test_replicas_default_to_the_primary_class(build):
    [replica] = replicas_of(build({**DEV, "instance_class": "db.r6g.xlarge", "replica_count": 1}))
    assert replica.inputs["instanceClass"] == "db.r6g.xlarge"


def test_dev_alarms_watch_the_primary_and_notify_nobody(build):
    run = build(DEV)
    identifier = primary_of(run).outputs["identifier"]
    alarms = {alarm.name: alarm.inputs for alarm in run.of_type(ALARM)}
    assert {name: (a["metricName"], a["comparisonOperator"], a["threshold"], a["dimensions"])
            for name, a in alarms.items()} == {
        "db-cpu": ("CPUUtilization", "GreaterThanThreshold", 80, {"DBInstanceIdentifier": identifier}),
        "db-free-storage": ("FreeStorageSpace", "LessThanThreshold", 2 * 1024 ** 3,
                            {"DBInstanceIdentifier": identifier}),
    }
    assert all("alarmActions" not in a and "okActions" not in a for a in alarms.values())
    assert run.of_type(TOPIC, KEY) == []


def test_prod_alarms_cover_each_replica_and_notify_an_encrypted_topic(build):
    run = build({**PROD, "replica_count": 2})
    topic, key = run.one(TOPIC, "db-alarms"), run.one(KEY, "db-alarms")
    alarms = {alarm.name: alarm.inputs for alarm in run.of_type(ALARM)}
    assert sorted(alarms) == ["db-cpu", "db-free-storage", "db-replica-1-lag", "db-replica-2-lag"]
    assert alarms["db-free-storage"]["threshold"] == 10 * 1024 ** 3
    for replica in replicas_of(run):
        lag = alarms[f"{replica.name}-lag"]
        assert (lag["metricName"], lag["threshold"]) == ("ReplicaLag", 60)
        assert lag["dimensions"] == {"DBInstanceIdentifier": replica.outputs["identifier"]}
    for alarm in alarms.values():
        assert alarm["namespace"] == "AWS/RDS"
        assert alarm["alarmActions"] == alarm["okActions"] == [topic.outputs["arn"]]
    assert topic.inputs["kmsMasterKeyId"] == key.id
    assert key.inputs["enableKeyRotation"] is True
    statements = json.loads(key.inputs["policy"])["Statement"]
    assert [(s["Principal"], s["Action"]) for s in statements] == [
        ({"AWS": "arn:aws:iam::123456789012:root"}, "kms:*"),
        ({"Service": "cloudwatch.amazonaws.com"}, ["kms:Decrypt", "kms:GenerateDataKey*"]),
    ]


def test_dev_and_prod_differ_where_the_environments_should(build):
    dev_run, prod_run = build(DEV), build(PROD)
    dev, prod = primary_of(dev_run).inputs, primary_of(prod_run).inputs
    fields = ("instanceClass", "multiAz", "allocatedStorage", "maxAllocatedStorage", "backupRetentionPeriod",
              "deletionProtection", "skipFinalSnapshot", "finalSnapshotIdentifier", "performanceInsightsEnabled",
              "performanceInsightsRetentionPeriod", "monitoringInterval")
    assert [dev.get(field) for field in fields] == [
        "db.t4g.micro", False, 20, None, 7, False, True, None, False, None, 0]
    assert [prod.get(field) for field in fields] == [
        "db.m6g.large", True, 100, 500, 14, True, False, "db-final-snapshot", True, 7, 60]
    assert "monitoringRoleArn" not in dev and dev_run.of_type(ROLE, ATTACHMENT) == []
    assert len(replicas_of(dev_run)) == 0 and len(replicas_of(prod_run)) == 1


def test_enhanced_monitoring_role_is_assumed_by_rds_monitoring(build):
    run = build(PROD)
    role, attachment = run.one(ROLE, "db-monitoring"), run.one(ATTACHMENT, "db-monitoring")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    assert attachment.inputs == {"role": role.outputs["name"],
                                 "policyArn": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}
    for instance in run.of_type(INSTANCE):
        assert instance.inputs["monitoringRoleArn"] == role.outputs["arn"]
    assert attachment.urn in primary_of(run).dependencies


@pytest.mark.parametrize("storage, sent", [
    ({}, {"storageType": "gp3"}),
    ({"storage_type": "gp2", "allocated_storage": 50}, {"storageType": "gp2"}),
    ({"allocated_storage": 500, "iops": 15000, "storage_throughput": 750},
     {"storageType": "gp3", "iops": 15000, "storageThroughput": 750}),
    ({"storage_type": "io1", "allocated_storage": 200, "iops": 10000}, {"storageType": "io1", "iops": 10000}),
    ({"storage_type": "io2", "allocated_storage": 100, "iops": 50000}, {"storageType": "io2", "iops": 50000}),
])
def test_storage_inputs_are_sent_only_when_set(build, storage, sent):
    primary = primary_of(build({**DEV, **storage}))
    assert {key: primary.inputs[key] for key in ("storageType", "iops", "storageThroughput")
            if key in primary.inputs} == sent


def test_windows_are_sent_in_the_case_rds_reports(build):
    primary = primary_of(build({**DEV, "backup_window": "23:45-00:15", "maintenance_window": "Sat:22:00-Sat:23:00"}))
    assert (primary.inputs["backupWindow"], primary.inputs["maintenanceWindow"]) == (
        "23:45-00:15", "sat:22:00-sat:23:00")


def test_bad_settings_fail_before_any_resource_is_registered(run_offline):
    def program():
        with pytest.raises(ValueError, match="^replica_count 1: oracle-se2 does not support read replicas"):
            Database("db", {**DEV, **X86, "engine": "oracle-se2", "replica_count": 1})
    assert run_offline(program).resources == []


# --- validation messages, exactly ---------------------------------------------------------------

ALL_FIELDS = ("vpc_id, subnet_ids, allowed_security_group_ids, engine, engine_version, license_model, "
              "instance_class, multi_az, allocated_storage, max_allocated_storage, storage_type, iops, "
              "storage_throughput, backup_retention_days, backup_window, maintenance_window, deletion_protection, "
              "final_snapshot, replica_count, replica_instance_class, performance_insights, monitoring_interval, "
              "alarm_topic, password_source, region, db_name, username")
REPLICA_ENGINES = "mysql, postgres, mariadb, sqlserver-ee"
IO1 = {"storage_type": "io1", "allocated_storage": 100}
NOT_GRAVITON = "allowed: an x86 class such as db.m6i.large, db.r6i.large or db.t3.medium"
NO_INSIGHTS = ("allowed: performance_insights False, or a class other than db.t2.micro, db.t2.small, db.t3.micro, "
               "db.t3.small, db.t4g.micro, db.t4g.small")

INVALID = [
    ({"vpc_id": None, "subnet_ids": None, "allowed_security_group_ids": None},
     "vpc_id, subnet_ids, allowed_security_group_ids not given; required (no default): the VPC id, its database "
     "subnet ids and the security group ids to admit"),
    ({"multiAz": True}, f"multiAz: unknown Database argument(s); allowed: {ALL_FIELDS}"),
    ({"engine": "db2"}, "engine 'db2' is not supported; allowed: mysql, postgres, mariadb, oracle-se2, "
                        "sqlserver-ex, sqlserver-web, sqlserver-se, sqlserver-ee"),
    ({"license_model": "bring-your-own-license"},
     "license_model 'bring-your-own-license' is not available for postgres; allowed: '' (the default, "
     "postgresql-license) or postgresql-license"),
    ({"engine": "sqlserver-se", "license_model": "bring-your-own-license"},
     "license_model 'bring-your-own-license' is not available for sqlserver-se; allowed: '' (the default, "
     "license-included) or license-included"),
    ({"engine": "oracle-se2", "license_model": "general-public-license"},
     "license_model 'general-public-license' is not available for oracle-se2; allowed: '' (the default, "
     "license-included) or license-included or bring-your-own-license"),
    ({"engine_version": "12.5"}, "engine_version '12.5' is not a supported postgres version; allowed: '' (the "
                                 "default, 17) or a version of major 13, 14, 15, 16, 17, 18"),
    ({"engine": "mysql", "engine_version": "8"}, "engine_version '8' is not a supported mysql version; allowed: '' "
                                                 "(the default, 8.4) or a version of major 8.0, 8.4"),
    ({"engine": "mariadb", "engine_version": "10.4.34"},
     "engine_version '10.4.34' is not a supported mariadb version; allowed: '' (the default, 11.4) or a version "
     "of major 10.6, 10.11, 11.4"),
    ({"engine": "sqlserver-ex", "engine_version": "2022"},
     "engine_version '2022' is not a supported sqlserver-ex version; allowed: '' (the default, 16.00) or a "
     "version of major 14.00, 15.00, 16.00"),
    ({"instance_class": "m5.large"}, "instance_class 'm5.large' is not of the form db.<family>.<size>; allowed: an "
                                     "RDS instance class such as db.t4g.micro or db.m6g.large"),
    ({"replica_instance_class": "db.m6g"}, "replica_instance_class 'db.m6g' is not of the form db.<family>.<size>; "
                                           "allowed: an RDS instance class such as db.t4g.micro or db.m6g.large"),
    ({**X86, "engine": "sqlserver-ex", "multi_az": True},
     "multi_az True is not supported for sqlserver-ex; allowed: False, or an engine or edition with Multi-AZ "
     "(mysql, postgres, mariadb, oracle-se2, sqlserver-web, sqlserver-se, sqlserver-ee)"),
    ({"storage_type": "standard"}, "storage_type 'standard' is not supported; allowed: gp3, gp2, io1, io2"),
    ({"allocated_storage": 10}, "allocated_storage 10 GB is out of range for postgres on gp3; allowed: 20 to "
                                "65536 GB"),
    ({"allocated_storage": 70000}, "allocated_storage 70000 GB is out of range for postgres on gp3; allowed: 20 "
                                   "to 65536 GB"),
    ({**X86, "engine": "sqlserver-se", "allocated_storage": 20000},
     "allocated_storage 20000 GB is out of range for sqlserver-se on gp3; allowed: 20 to 16384 GB"),
    ({"storage_type": "io2", "allocated_storage": 50, "iops": 1000},
     "allocated_storage 50 GB is out of range for postgres on io2; allowed: 100 to 65536 GB"),
    ({"max_allocated_storage": 20}, "max_allocated_storage 20 GB is out of range; allowed: 0 (no storage "
                                    "autoscaling) or more than allocated_storage (20 GB) up to 65536 GB"),
    ({**X86, "engine": "sqlserver-web", "max_allocated_storage": 20000},
     "max_allocated_storage 20000 GB is out of range; allowed: 0 (no storage autoscaling) or more than "
     "allocated_storage (20 GB) up to 16384 GB"),
    (IO1, "iops 0: io1 storage needs provisioned IOPS; allowed: 1000 to 5000 (1000 to 256000 IOPS and 0.5 to 50 "
          "IOPS per GB)"),
    ({**IO1, "iops": 6000}, "iops 6000 is out of range for 100 GB of io1 on postgres; allowed: 1000 to 5000 (1000 "
                            "to 256000 IOPS and 0.5 to 50 IOPS per GB)"),
    ({"storage_type": "io1", "allocated_storage": 4000, "iops": 1500},
     "iops 1500 is out of range for 4000 GB of io1 on postgres; allowed: 2000 to 200000 (1000 to 256000 IOPS and "
     "0.5 to 50 IOPS per GB)"),
    ({**IO1, **X86, "engine": "sqlserver-se", "iops": 6000},
     "iops 6000 is out of range for 100 GB of io1 on sqlserver-se; allowed: 1000 to 5000 (1000 to 64000 IOPS and "
     "1 to 50 IOPS per GB)"),
    ({"storage_type": "io2", "allocated_storage": 100, "iops": 200000},
     "iops 200000 is out of range for 100 GB of io2 on postgres; allowed: 1000 to 100000 (1000 to 256000 IOPS and "
     "0.5 to 1000 IOPS per GB)"),
    ({"storage_type": "gp2", "iops": 3000}, "iops 3000 cannot be set on gp2 storage, whose IOPS follow its size; "
                                            "allowed: 0, or storage_type gp3, io1 or io2"),
    ({**IO1, "iops": 1000, "storage_throughput": 500},
     "storage_throughput 500 MiB/s can only be set on gp3 storage; allowed with io1: 0"),
    ({"allocated_storage": 100, "iops": 12000},
     "iops 12000 cannot be set on 100 GB of gp3 for postgres: RDS fixes 3000 IOPS and 125 MiB/s below 400 GB; "
     "allowed: 0, or allocated_storage of at least 400 GB"),
    ({**X86, "engine": "oracle-se2", "allocated_storage": 199, "storage_throughput": 500},
     "storage_throughput 500 cannot be set on 199 GB of gp3 for oracle-se2: RDS fixes 3000 IOPS and 125 MiB/s "
     "below 200 GB; allowed: 0, or allocated_storage of at least 200 GB"),
    ({"allocated_storage": 400, "iops": 5000},
     "iops 5000 is out of range for gp3 on postgres; allowed: 0 (the baseline) or 12000 to 64000 IOPS"),
    ({"allocated_storage": 400, "storage_throughput": 5000},
     "storage_throughput 5000 is out of range for gp3 on postgres; allowed: 0 (the baseline) or 500 to 4000 MiB/s"),
    ({**X86, "engine": "sqlserver-se", "iops": 20000},
     "iops 20000 is out of range for gp3 on sqlserver-se; allowed: 0 (the baseline) or 3000 to 16000 IOPS"),
    ({"backup_retention_days": 36}, "backup_retention_days 36 is out of range; allowed: 0 to 35 (0 turns automated "
                                    "backups off)"),
    ({"backup_retention_days": -1}, "backup_retention_days -1 is out of range; allowed: 0 to 35 (0 turns automated "
                                    "backups off)"),
    ({"backup_retention_days": 0, "replica_count": 1},
     "backup_retention_days 0 turns automated backups off, which read replicas need (replica_count 1); allowed with "
     "replicas: 1 to 35"),
    ({"backup_window": "3:00-03:30"}, "backup_window '3:00-03:30' is not of the form hh24:mi-hh24:mi (UTC); "
                                      "allowed: for example 03:00-03:30"),
    ({"backup_window": "24:00-00:30"}, "backup_window '24:00-00:30' is not of the form hh24:mi-hh24:mi (UTC); "
                                       "allowed: for example 03:00-03:30"),
    ({"backup_window": "03:00-03:15"}, "backup_window '03:00-03:15' lasts 15 minutes; allowed: at least 30 minutes"),
    ({"backup_window": "03:00-03:00"}, "backup_window '03:00-03:00' lasts 0 minutes; allowed: at least 30 minutes"),
    ({"maintenance_window": "sun 04:00-sun 04:30"},
     "maintenance_window 'sun 04:00-sun 04:30' is not of the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of mon, "
     "tue, wed, thu, fri, sat, sun); allowed: for example sun:04:00-sun:04:30"),
    ({"maintenance_window": "sun:04:00-xyz:04:30"},
     "maintenance_window 'sun:04:00-xyz:04:30' is not of the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of mon, "
     "tue, wed, thu, fri, sat, sun); allowed: for example sun:04:00-sun:04:30"),
    ({"maintenance_window": "sun:04:60-sun:05:30"},
     "maintenance_window 'sun:04:60-sun:05:30' is not of the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of mon, "
     "tue, wed, thu, fri, sat, sun); allowed: for example sun:04:00-sun:04:30"),
    ({"maintenance_window": "sun:04:00-sun:04:20"},
     "maintenance_window 'sun:04:00-sun:04:20' lasts 20 minutes; allowed: at least 30 minutes"),
    ({"maintenance_window": "wed:03:15-wed:03:45"},
     "maintenance_window 'wed:03:15-wed:03:45' overlaps backup_window '03:00-03:30', which recurs every day; "
     "allowed: windows that do not overlap on the weekly clock"),
    ({"backup_window": "23:45-00:30", "maintenance_window": "mon:00:15-mon:00:45"},
     "maintenance_window 'mon:00:15-mon:00:45' overlaps backup_window '23:45-00:30', which recurs every day; "
     "allowed: windows that do not overlap on the weekly clock"),
    ({"backup_window": "00:10-00:40", "maintenance_window": "sun:23:50-mon:00:20"},
     "maintenance_window 'sun:23:50-mon:00:20' overlaps backup_window '00:10-00:40', which recurs every day; "
     "allowed: windows that do not overlap on the weekly clock"),
    ({**X86, "engine": "oracle-se2", "replica_count": 1},
     f"replica_count 1: oracle-se2 does not support read replicas; allowed: 0, or an engine with read replicas "
     f"({REPLICA_ENGINES})"),
    ({**X86, "engine": "sqlserver-ex", "replica_count": 1},
     f"replica_count 1: sqlserver-ex does not support read replicas; allowed: 0, or an engine with read replicas "
     f"({REPLICA_ENGINES})"),
    ({**X86, "engine": "sqlserver-se", "replica_count": 2},
     f"replica_count 2: sqlserver-se does not support read replicas; allowed: 0, or an engine with read replicas "
     f"({REPLICA_ENGINES})"),
    ({"replica_count": 16}, "replica_count 16 is out of range for postgres; allowed: 0 to 15"),
    ({"replica_count": -1}, "replica_count -1 is out of range for postgres; allowed: 0 to 15"),
    ({**X86, "engine": "sqlserver-ee", "replica_count": 6},
     "replica_count 6 is out of range for sqlserver-ee; allowed: 0 to 5"),
    ({"monitoring_interval": 20}, "monitoring_interval 20 is not allowed; allowed: 0, 1, 5, 10, 15, 30, 60 seconds "
                                  "(0 turns enhanced monitoring off)"),
    ({**X86, "engine": "sqlserver-se", "db_name": "app"},
     "db_name 'app' cannot be set for sqlserver-se, which creates no database at launch; allowed: ''"),
    ({"db_name": "1app"}, "db_name '1app' is not a valid postgres database name; allowed: '' (the default, app) or 1 "
                          "to 63 letters, digits or underscores, starting with a letter"),
    ({**X86, "engine": "oracle-se2", "db_name": "app"},
     "db_name 'app' is not a valid oracle-se2 database name; allowed: '' (the default, APP) or 1 to 8 upper-case "
     "letters or digits, starting with a letter"),
    ({"username": "admin-user"}, "username 'admin-user' is not a valid master user name; allowed: 1 to 16 letters, "
                                 "digits or underscores, starting with a letter"),
    ({"subnet_ids": ["subnet-a"]}, "subnet_ids has 1 subnet(s); allowed: at least 2, in different availability "
                                   "zones, as a DB subnet group requires"),
    # The rules that make a stack deployable (sources beside them in components/database_rules.py).
    ({"engine": "oracle-se2", "instance_class": "db.m6g.large"},
     f"instance_class db.m6g.large is a Graviton (arm64) class, which RDS offers for mysql, mariadb, postgres only, "
     f"not oracle-se2; {NOT_GRAVITON}"),
    ({**X86, "engine": "sqlserver-ee", "replica_count": 1, "replica_instance_class": "db.r6g.large"},
     "replica_instance_class db.r6g.large is a Graviton (arm64) class, which RDS offers for mysql, mariadb, postgres "
     f"only, not sqlserver-ee; {NOT_GRAVITON}"),
    ({"engine": "mysql", "performance_insights": True},
     f"performance_insights True is not supported for mysql on instance_class db.t4g.micro; {NO_INSIGHTS}"),
    ({"engine": "mariadb", "performance_insights": True, "instance_class": "db.m6g.large", "replica_count": 1,
      "replica_instance_class": "db.t4g.small"},
     f"performance_insights True is not supported for mariadb on replica_instance_class db.t4g.small; {NO_INSIGHTS}"),
    ({"password_source": "rds-managed", "replica_count": 1},
     "password_source 'rds-managed' cannot be used with replica_count 1 on postgres: RDS creates no read replica of "
     "a database whose master password Secrets Manager manages (only SQL Server can); allowed: password_source "
     "'generated' (or 'auto', which picks it), or replica_count 0"),
    ({"password_source": "random"}, "password_source 'random' is not supported; allowed: auto, rds-managed, generated"),
    ({"region": "us-east-1", "instance_class": "db.t3.mega"},
     "instance_class db.t3.mega is not offered for postgres (postgresql-license) in us-east-1 (per the price catalog "
     "(costing/data/prices.csv.gz)); did you mean db.t3.small or db.t3.medium or db.t3.micro?"),
    ({"region": "us-east-1", "engine": "sqlserver-ex", "instance_class": "db.m5.large"},
     "instance_class db.m5.large is not offered for sqlserver-ex (license-included) in us-east-1 (per the price "
     "catalog (costing/data/prices.csv.gz)); did you mean db.t3.large or db.t3.xlarge?"),
    ({"region": "eu-west-1", "engine": "oracle-se2", "license_model": "bring-your-own-license",
      "instance_class": "db.t3.nano"},
     "instance_class db.t3.nano is not offered for oracle-se2 (bring-your-own-license) in eu-west-1 (per the price "
     "catalog (costing/data/prices.csv.gz)); did you mean db.t3.small or db.t3.large or db.t3.xlarge?"),
    ({"engine": "mysql", "allowed_security_group_ids": []},
     "allowed_security_group_ids is empty, so nothing could reach the database; allowed: one or more security group "
     "ids to admit on port 3306"),
]


@pytest.mark.parametrize("overrides, message", INVALID, ids=[message[:60] for _, message in INVALID])
def test_every_validation_message_exactly(overrides, message):
    args = {key: value for key, value in {**BASE, **overrides}.items() if value is not None}
    with pytest.raises(ValueError) as raised:
        Database("db", args)
    assert str(raised.value) == message


@pytest.mark.parametrize("overrides", [
    {**X86, "engine": "oracle-se2", "allocated_storage": 200, "iops": 12000, "storage_throughput": 500},
    {**X86, "engine": "sqlserver-web", "multi_az": True, "iops": 3000, "storage_throughput": 125},
    {**X86, "engine": "sqlserver-ee", "multi_az": True, "replica_count": 5},
    {"storage_type": "io1", "allocated_storage": 100, "iops": 5000},
    {"backup_window": "23:45-00:15", "maintenance_window": "sat:00:15-sat:00:45"},
    {"maintenance_window": "sun:23:45-mon:00:15"},
    {"backup_retention_days": 0, "max_allocated_storage": 65536, "maintenance_window": "Mon:03:30-Mon:04:00"},
])
def test_settings_at_the_edges_of_what_rds_allows_pass(overrides):
    rules.validate({**_defaults(), **overrides})


def _defaults():
    return settings_with_defaults(BASE)


# --- properties -----------------------------------------------------------------------------------

def _minutes(start: int, length: int, modulo: int) -> set[int]:
    return {(start + offset) % modulo for offset in range(length)}


@given(backup_start=st.integers(0, rules.DAY_MINUTES - 1), backup_length=st.integers(30, rules.DAY_MINUTES - 1),
       maintenance_start=st.integers(0, rules.WEEK_MINUTES - 1),
       maintenance_length=st.integers(30, rules.WEEK_MINUTES - 1))
def test_window_overlap_agrees_with_minute_by_minute_comparison(backup_start, backup_length, maintenance_start,
                                                                maintenance_length):
    backup_minutes = {minute for day in range(7)
                      for minute in _minutes(day * rules.DAY_MINUTES + backup_start, backup_length, rules.WEEK_MINUTES)}
    maintenance_minutes = _minutes(maintenance_start, maintenance_length, rules.WEEK_MINUTES)
    assert rules.windows_overlap((backup_start, backup_length), (maintenance_start, maintenance_length)) == bool(
        backup_minutes & maintenance_minutes)


@given(gigabytes=st.integers(100, 65536), iops=st.integers(0, 300000), storage_type=st.sampled_from(["io1", "io2"]))
def test_provisioned_iops_pass_exactly_when_within_rds_limits(gigabytes, iops, storage_type):
    per_gb_high = 50 if storage_type == "io1" else 1000
    allowed = 1000 <= iops <= 256000 and 0.5 * gigabytes <= iops <= per_gb_high * gigabytes
    settings = {**_defaults(), "storage_type": storage_type, "allocated_storage": gigabytes, "iops": iops}
    if allowed:
        rules.validate(settings)
    else:
        with pytest.raises(ValueError, match=f"^iops {iops}"):
            rules.validate(settings)


def test_every_engine_default_version_has_a_family():
    for engine, facts in rules.ENGINES.items():
        version, family = rules.engine_version_and_family(engine, "")
        assert version == facts.default_version and family == facts.families[version], engine
