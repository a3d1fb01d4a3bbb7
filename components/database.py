"""Database: an RDS instance with safe defaults (the seed's RDS chapter), its read replicas and alarms.

Private (subnet group over the given subnets, never public, a security group that admits only the given
source groups on the engine's port), encrypted at rest, TLS required by its parameter group, backups in
validated windows. The master password is typed by nobody, in one of two shapes (password_source):
- RDS-managed: RDS generates it and keeps it in a Secrets Manager secret of its own;
- generated: a pulumi_random password (a secret in Pulumi's state), which the component stores in its own
  Secrets Manager secret, encrypted with its own KMS key, in the JSON shape RDS uses (username, password,
  engine, host, port, dbname). RDS cannot create read replicas of an RDS-managed source except on SQL Server,
  so `auto` picks this shape when there are replicas.
What RDS allows per engine lives in database_rules.
"""


import json
from typing import Any, Mapping, Optional, Required, TypedDict

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from components import database_rules as rules
from components.errors import ArgumentError
from components.project import defaults

TYPE_TOKEN = "webstack:index:Database"
MONITORING_POLICY = "policy/service-role/AmazonRDSEnhancedMonitoringRole"
PERFORMANCE_INSIGHTS_FREE_DAYS = 7
CPU_ALARM_PERCENT = 80
FREE_STORAGE_ALARM_FRACTION = 0.10
REPLICA_LAG_ALARM_SECONDS = 60
# A generated master password: 30 characters (RDS for Oracle's maximum; MySQL and MariaDB allow 41, the others
# 128), letters and digits only: RDS refuses "/", '"', "@" and spaces, Oracle "&" and "'" too ("CreateDBInstance",
# MasterUserPassword, Amazon RDS API Reference,
# https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html). 30 of 62 symbols is 178 bits.
PASSWORD_LENGTH = 30
# The "engine" of the JSON a database secret holds ("JSON structure of AWS Secrets Manager secrets", Amazon RDS
# credentials, https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html).
SECRET_ENGINES = {"mysql": "mysql", "postgres": "postgres", "mariadb": "mariadb", "oracle-se2": "oracle",
                  "sqlserver-ex": "sqlserver", "sqlserver-web": "sqlserver", "sqlserver-se": "sqlserver",
                  "sqlserver-ee": "sqlserver"}


class DatabaseArgs(TypedDict, total=False):
    """Arguments of a Database. Defaults: the stack settings of Pulumi.yaml each field names (SETTINGS), and
    db_name and username below."""

    vpc_id: Required[pulumi.Input[str]]
    """VPC of the database's security group."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Subnets of the DB subnet group: the isolated ones, or the private ones when there are none; at least
    two, in different availability zones."""
    allowed_security_group_ids: Required[pulumi.Input[list[pulumi.Input[str]]]]
    """Security groups admitted on the engine's port (the web tier's instances); nothing else is."""
    engine: str
    """mysql, postgres, mariadb, oracle-se2, sqlserver-ex, sqlserver-web, sqlserver-se or sqlserver-ee."""
    engine_version: str
    """Full or major version; empty for the component's: postgres 17, mysql 8.4, mariadb 11.4,
    oracle-se2 19, SQL Server 16.00 (2022). The parameter group's family follows it."""
    license_model: str
    """Empty for the engine's (license-included for Oracle, which also takes bring-your-own-license)."""
    instance_class: str
    """RDS instance class, `db.<family>.<size>`."""
    multi_az: bool
    """Synchronous standby in another AZ; not available for sqlserver-ex."""
    allocated_storage: int
    """GB: gp2/gp3 20-65,536 (SQL Server 20-16,384), io1/io2 from 100."""
    max_allocated_storage: int
    """Storage autoscaling ceiling in GB; 0 turns autoscaling off."""
    storage_type: str
    """gp3, gp2, io1 or io2."""
    iops: int
    """Provisioned IOPS: required for io1/io2; gp3 from 400 GB (Oracle 200 GB, SQL Server any size); 0 for
    none."""
    storage_throughput: int
    """gp3 throughput in MiB/s, from the same sizes as gp3 IOPS; 0 for the baseline."""
    backup_retention_days: int
    """Days of automated backups, 0-35 (at least 1 with replicas)."""
    backup_window: str
    """Daily, hh24:mi-hh24:mi UTC, at least 30 minutes."""
    maintenance_window: str
    """Weekly, ddd:hh24:mi-ddd:hh24:mi UTC, at least 30 minutes, clear of the backup window."""
    deletion_protection: bool
    """Refuse deletion (the prod stack turns it on)."""
    final_snapshot: bool
    """Snapshot the primary when it is deleted (the prod stack turns it on)."""
    replica_count: int
    """Read replicas; not for oracle-se2 nor SQL Server other than sqlserver-ee."""
    replica_instance_class: str
    """Class of the replicas; empty for the primary's."""
    performance_insights: bool
    """Performance Insights with its free 7-day retention; not on MySQL and MariaDB micro and small classes."""
    monitoring_interval: int
    """Enhanced monitoring every 1, 5, 10, 15, 30 or 60 seconds, with its IAM role; 0 for off."""
    alarm_topic: bool
    """Create an SNS topic (KMS-encrypted) that the alarms notify; without it the alarms have no actions."""
    password_source: str
    """Who makes the master password: rds-managed (RDS generates and keeps it in Secrets Manager), generated
    (a pulumi_random password the component keeps in its own KMS-encrypted secret), or auto (rds-managed, except
    generated when there are read replicas on an engine other than SQL Server, which RDS requires)."""
    region: str
    """The stack's AWS region: when given, instance_class and replica_instance_class must be classes RDS offers
    there for the engine and licence (per the price catalog); empty to skip that check."""
    db_name: str
    """Database created at launch; empty for app (APP on Oracle); SQL Server creates none. Default: `""`."""
    username: str
    """Master user name (its password is never typed: see password_source). Default: `"dbadmin"`."""


# Argument -> the stack setting (Pulumi.yaml) that gives its default and that a stack sets it with.
SETTINGS: Mapping[str, str] = {
    "engine": "dbEngine", "engine_version": "dbEngineVersion", "license_model": "dbLicenseModel",
    "instance_class": "dbInstanceClass", "multi_az": "dbMultiAz", "allocated_storage": "dbAllocatedStorage",
    "max_allocated_storage": "dbMaxAllocatedStorage", "storage_type": "dbStorageType", "iops": "dbIops",
    "storage_throughput": "dbStorageThroughput", "backup_retention_days": "dbBackupRetentionDays",
    "backup_window": "dbBackupWindow", "maintenance_window": "dbMaintenanceWindow",
    "deletion_protection": "dbDeletionProtection", "final_snapshot": "dbFinalSnapshot",
    "replica_count": "dbReplicaCount", "replica_instance_class": "dbReplicaInstanceClass",
    "performance_insights": "dbPerformanceInsights", "monitoring_interval": "dbMonitoringInterval",
    "alarm_topic": "dbAlarmTopic", "password_source": "dbPasswordSource", "region": "aws:region",
}
OTHER_DEFAULTS: Mapping[str, Any] = {"region": "", "db_name": "", "username": "dbadmin"}  # region: no catalog check
REQUIRED = ("vpc_id", "subnet_ids", "allowed_security_group_ids")


def settings_with_defaults(args: DatabaseArgs) -> dict[str, Any]:
    """The args with every optional field filled in; a missing required field is an error."""
    missing = [field for field in REQUIRED if args.get(field) is None]
    if missing:
        raise ArgumentError(f"{', '.join(f'`{field}`' for field in missing)} not given; required (no default): the "
                            "VPC id, its database subnet ids and the security group ids to admit")
    base = {**defaults(SETTINGS), **OTHER_DEFAULTS}
    unknown = sorted(set(args) - set(base) - set(REQUIRED))
    if unknown:
        raise ArgumentError(f"{', '.join(unknown)}: unknown Database argument(s); allowed: "
                            f"{', '.join(REQUIRED + tuple(base))}")
    return {**base, **{key: value for key, value in args.items() if value is not None}}


class Database(pulumi.ComponentResource):
    """A private, encrypted RDS instance, its read replicas, security group, subnet and parameter groups,
    optional enhanced monitoring, and CloudWatch alarms (optionally notifying an SNS topic)."""

    endpoint: pulumi.Output[str]
    """host:port of the primary (the writer)."""
    address: pulumi.Output[str]
    """Host name of the primary."""
    port: pulumi.Output[int]
    """The engine's port."""
    master_secret_arn: pulumi.Output[str]
    """ARN of the Secrets Manager secret holding the master user's credentials (RDS's own, or the component's
    with a generated password)."""
    security_group_id: pulumi.Output[str]
    """The database's security group (admits only allowed_security_group_ids on the engine's port)."""
    replica_endpoints: pulumi.Output[list[str]]
    """host:port of each read replica, in order; empty without replicas."""

    def __init__(self, name: str, args: DatabaseArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        settings = settings_with_defaults(args)
        rules.validate(settings)
        super().__init__(TYPE_TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        facts = rules.ENGINES[settings["engine"]]

        security_group = _security_group(name, settings, facts.port, child)
        subnet_group = aws.rds.SubnetGroup(f"{name}-subnets", subnet_ids=settings["subnet_ids"],
                                           description=f"{name}: database subnets", opts=child)
        parameter_group = _parameter_group(name, settings, facts, child)
        monitoring = _monitoring(name, settings["monitoring_interval"], self)
        shared = _shared_instance_inputs(settings, facts, security_group, parameter_group, monitoring)
        rds_managed = rules.password_managed_by_rds(settings["engine"], settings["password_source"],
                                                    settings["replica_count"])
        password = None if rds_managed else _generated_password(name, child)
        primary = _primary(name, settings, facts, shared, subnet_group, monitoring, password, child)
        replica_names = [f"{name}-replica-{number}" for number in range(1, settings["replica_count"] + 1)]
        replicas = {replica: _replica(replica, settings, shared, primary, child) for replica in replica_names}
        _alarms(name, settings, primary, replicas, self)

        self.endpoint = primary.endpoint
        self.address = primary.address
        self.port = primary.port
        self.master_secret_arn = (primary.master_user_secrets.apply(lambda secrets: secrets[0].secret_arn)
                                  if rds_managed else _credentials_secret(name, settings, facts, password, primary,
                                                                          self).arn)
        self.security_group_id = security_group.id
        self.replica_endpoints = pulumi.Output.all(*[replica.endpoint for replica in replicas.values()])
        self.register_outputs({
            "endpoint": self.endpoint, "address": self.address, "port": self.port,
            "master_secret_arn": self.master_secret_arn, "security_group_id": self.security_group_id,
            "replica_endpoints": self.replica_endpoints,
        })


def _security_group(name: str, settings: dict[str, Any], port: int,
                    child: pulumi.ResourceOptions) -> aws.ec2.SecurityGroup:
    """One inline ingress rule from the allowed groups on the engine's port; inline rules are exclusive, so
    nothing else can be added to the group out of band. No egress: the database opens no connections."""
    return aws.ec2.SecurityGroup(
        f"{name}-sg", vpc_id=settings["vpc_id"], description=f"{name}: admits the allowed groups on {port}",
        ingress=[aws.ec2.SecurityGroupIngressArgs(
            protocol="tcp", from_port=port, to_port=port, security_groups=settings["allowed_security_group_ids"],
            description="database clients")],
        opts=child)


def _parameter_group(name: str, settings: dict[str, Any], facts: rules.EngineFacts,
                     child: pulumi.ResourceOptions) -> aws.rds.ParameterGroup:
    _, family = rules.engine_version_and_family(settings["engine"], settings["engine_version"])
    return aws.rds.ParameterGroup(
        f"{name}-params", family=family, description=f"{name}: {family}",
        parameters=[aws.rds.ParameterGroupParameterArgs(name=parameter, value=value, apply_method=method)
                    for parameter, value, method in facts.parameters],
        opts=child)


def _monitoring(name: str, interval: int, parent: pulumi.Resource) -> Optional[tuple[aws.iam.Role, pulumi.Resource]]:
    """The role RDS's enhanced-monitoring agent assumes, and its policy attachment; None when monitoring is off."""
    if not interval:
        return None
    child = pulumi.ResourceOptions(parent=parent)
    role = aws.iam.Role(f"{name}-monitoring", assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }), description=f"{name}: RDS enhanced monitoring", opts=child)
    partition = aws.get_partition_output(opts=pulumi.InvokeOutputOptions(parent=parent)).partition
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-monitoring", role=role.name,
        policy_arn=partition.apply(lambda p: f"arn:{p}:iam::aws:{MONITORING_POLICY}"), opts=child)
    return role, attachment


def _shared_instance_inputs(settings: dict[str, Any], facts: rules.EngineFacts,
                            security_group: aws.ec2.SecurityGroup, parameter_group: aws.rds.ParameterGroup,
                            monitoring: Optional[tuple[aws.iam.Role, pulumi.Resource]]) -> dict[str, Any]:
    """What the primary and its replicas have in common."""
    performance_insights = settings["performance_insights"]
    return dict(
        engine=settings["engine"], port=facts.port,
        allocated_storage=settings["allocated_storage"],
        max_allocated_storage=settings["max_allocated_storage"] or None,
        storage_type=settings["storage_type"], iops=settings["iops"] or None,
        storage_throughput=settings["storage_throughput"] or None, storage_encrypted=True,
        vpc_security_group_ids=[security_group.id], publicly_accessible=False,
        parameter_group_name=parameter_group.name, copy_tags_to_snapshot=True,
        deletion_protection=settings["deletion_protection"], auto_minor_version_upgrade=True,
        performance_insights_enabled=performance_insights,
        performance_insights_retention_period=PERFORMANCE_INSIGHTS_FREE_DAYS if performance_insights else None,
        monitoring_interval=settings["monitoring_interval"],
        monitoring_role_arn=monitoring[0].arn if monitoring else None,
        enabled_cloudwatch_logs_exports=list(facts.log_exports),
    )


def _primary(name: str, settings: dict[str, Any], facts: rules.EngineFacts, shared: dict[str, Any],
             subnet_group: aws.rds.SubnetGroup, monitoring: Optional[tuple[aws.iam.Role, pulumi.Resource]],
             password: Optional[random.RandomPassword], child: pulumi.ResourceOptions) -> aws.rds.Instance:
    version, _ = rules.engine_version_and_family(settings["engine"], settings["engine_version"])
    final_snapshot = settings["final_snapshot"]
    return aws.rds.Instance(
        f"{name}-primary", **shared,
        engine_version=version, license_model=settings["license_model"] or facts.license_models[0],
        instance_class=settings["instance_class"], multi_az=settings["multi_az"],
        db_name=_db_name(settings, facts), username=settings["username"],
        manage_master_user_password=True if password is None else None,
        password=None if password is None else pulumi.Output.secret(password.result),
        db_subnet_group_name=subnet_group.name,
        backup_retention_period=settings["backup_retention_days"], backup_window=settings["backup_window"],
        maintenance_window=settings["maintenance_window"].lower(),
        skip_final_snapshot=not final_snapshot,
        final_snapshot_identifier=f"{name}-final-snapshot" if final_snapshot else None,
        # The monitoring role must hold its policy before RDS starts the agent.
        opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(
            depends_on=[monitoring[1]] if monitoring else None)))


def _generated_password(name: str, child: pulumi.ResourceOptions) -> random.RandomPassword:
    """Letters and digits, at least one of each kind; pulumi_random keeps `result` secret in the state."""
    return random.RandomPassword(f"{name}-master-password", length=PASSWORD_LENGTH, special=False, min_lower=1,
                                 min_upper=1, min_numeric=1, opts=child)


def _credentials_secret(name: str, settings: dict[str, Any], facts: rules.EngineFacts,
                        password: random.RandomPassword, primary: aws.rds.Instance,
                        parent: pulumi.Resource) -> aws.secretsmanager.Secret:
    """The generated credentials in a Secrets Manager secret of the component's, encrypted with a KMS key of its
    own (rotated yearly), in the JSON shape of RDS's secrets; the value is built in an apply on secret outputs,
    and marked secret again so it stays one whatever the inputs."""
    child = pulumi.ResourceOptions(parent=parent)
    key = aws.kms.Key(f"{name}-credentials", description=f"{name}: encrypts the master credentials secret",
                      enable_key_rotation=True, opts=child)
    secret = aws.secretsmanager.Secret(f"{name}-credentials", kms_key_id=key.arn,
                                       description=f"{name}: master user credentials", opts=child)
    database = _db_name(settings, facts)

    def credentials(values: list[Any]) -> str:
        generated, host, port = values
        document = {"username": settings["username"], "password": generated,
                    "engine": SECRET_ENGINES[settings["engine"]], "host": host, "port": port}
        return json.dumps({**document, "dbname": database} if database else document)

    aws.secretsmanager.SecretVersion(
        f"{name}-credentials", secret_id=secret.id,
        secret_string=pulumi.Output.secret(pulumi.Output.all(password.result, primary.address, primary.port)
                                           .apply(credentials)),
        opts=child)
    return secret


def _db_name(settings: dict[str, Any], facts: rules.EngineFacts) -> Optional[str]:
    if facts.db_name is None:
        return None
    return settings["db_name"] or facts.db_name[0]


def _replica(name: str, settings: dict[str, Any], shared: dict[str, Any], primary: aws.rds.Instance,
             child: pulumi.ResourceOptions) -> aws.rds.Instance:
    """A same-region read replica: it inherits engine version, subnet group, credentials and encryption key
    from the primary; RDS takes no final snapshot of a replica."""
    return aws.rds.Instance(
        name, **shared, replicate_source_db=primary.identifier,
        instance_class=settings["replica_instance_class"] or settings["instance_class"], multi_az=False,
        skip_final_snapshot=True, opts=child)


def _alarms(name: str, settings: dict[str, Any], primary: aws.rds.Instance,
            replicas: dict[str, aws.rds.Instance], parent: pulumi.Resource) -> None:
    """CPU and free storage on the primary, replica lag on each replica; notifying a topic when asked."""
    child = pulumi.ResourceOptions(parent=parent)
    actions = [_alarm_topic(name, parent).arn] if settings["alarm_topic"] else None
    free_storage_bytes = settings["allocated_storage"] * 1024 ** 3 * FREE_STORAGE_ALARM_FRACTION

    def alarm(alarm_name: str, instance: aws.rds.Instance, metric: str, statistic: str, comparison: str,
              threshold: float, description: str) -> None:
        aws.cloudwatch.MetricAlarm(
            alarm_name, namespace="AWS/RDS", metric_name=metric, statistic=statistic, period=300,
            evaluation_periods=3, comparison_operator=comparison, threshold=threshold,
            dimensions={"DBInstanceIdentifier": instance.identifier}, alarm_description=description,
            alarm_actions=actions, ok_actions=actions, opts=child)

    alarm(f"{name}-cpu", primary, "CPUUtilization", "Average", "GreaterThanThreshold", CPU_ALARM_PERCENT,
          f"{name}: primary CPU above {CPU_ALARM_PERCENT}% for 15 minutes")
    alarm(f"{name}-free-storage", primary, "FreeStorageSpace", "Minimum", "LessThanThreshold",
          free_storage_bytes, f"{name}: primary free storage below 10% of {settings['allocated_storage']} GB")
    for replica_name, replica in replicas.items():
        alarm(f"{replica_name}-lag", replica, "ReplicaLag", "Maximum", "GreaterThanThreshold",
              REPLICA_LAG_ALARM_SECONDS, f"{replica_name}: more than {REPLICA_LAG_ALARM_SECONDS} s behind")


def _alarm_topic(name: str, parent: pulumi.Resource) -> aws.sns.Topic:
    """An SNS topic encrypted with its own KMS key. Not the AWS-managed alias/aws/sns: its key policy cannot
    let CloudWatch use it, so alarms could not publish to the topic."""
    child = pulumi.ResourceOptions(parent=parent)
    invoke = pulumi.InvokeOutputOptions(parent=parent)
    account = aws.get_caller_identity_output(opts=invoke).account_id
    partition = aws.get_partition_output(opts=invoke).partition
    key = aws.kms.Key(f"{name}-alarms", description=f"{name}: encrypts the database alarm topic",
                      enable_key_rotation=True, policy=pulumi.Output.all(partition, account).apply(_alarm_key_policy),
                      opts=child)
    return aws.sns.Topic(f"{name}-alarms", kms_master_key_id=key.id, opts=child)


def _alarm_key_policy(partition_and_account: list[str]) -> str:
    partition, account = partition_and_account
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AccountAdministersTheKey", "Effect": "Allow",
         "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "CloudWatchAlarmsPublishToTheTopic", "Effect": "Allow",
         "Principal": {"Service": "cloudwatch.amazonaws.com"},
         "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"},
    ]})
