"""What RDS allows, per engine, and the checks a Database's settings must pass before anything is created.

Pure Python (no Pulumi), so every rule is testable on its own. Sources, as of 2026:
- storage sizes and the IOPS-per-GB ratio: the RDS API reference, CreateDBInstance `AllocatedStorage` and
  `Iops` (gp2/gp3 20-65,536 GB, io1/io2 100-65,536 GB; SQL Server 20-16,384 and 100-16,384 GB; io1 0.5-50
  IOPS per GB, 1-50 for SQL Server);
- io2 Block Express (0.5-1,000 IOPS per GB) and gp3 provisioning: the RDS User Guide, "Amazon RDS DB instance
  storage". gp3 IOPS and throughput can only be set from 400 GB for MySQL, MariaDB and PostgreSQL and from
  200 GB for Oracle (below that RDS fixes 3,000 IOPS and 125 MiB/s; from there the baseline is 12,000 IOPS
  and 500 MiB/s, up to 64,000 and 4,000); SQL Server does not stripe volumes, so it can set them at any size
  (3,000-16,000 IOPS, 125-1,000 MiB/s);
- read replicas: not on Oracle SE2 (Oracle replicas need Enterprise Edition) nor on SQL Server other than
  Enterprise Edition (at most 5 per source there); 15 per source for MySQL, MariaDB and PostgreSQL;
- Multi-AZ: every engine here except SQL Server Express (Web Edition has block-level replication);
- windows: hh24:mi-hh24:mi (daily backup) and ddd:hh24:mi-ddd:hh24:mi (weekly maintenance), UTC, at least
  30 minutes each, never overlapping.
The rules added for real deployments cite their source beside the code (GRAVITON_ENGINES,
NO_PERFORMANCE_INSIGHTS, RDS_MANAGED_PASSWORD_WITH_REPLICAS, and the class availability of components/offerings).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Mapping, Optional

from components import offerings
from components.errors import ArgumentError

STORAGE_TYPES = ("gp3", "gp2", "io1", "io2")
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)
MAX_RETENTION_DAYS = 35
MIN_WINDOW_MINUTES = 30
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
INSTANCE_CLASS = re.compile(r"db\.[a-z][a-z0-9-]*\.[a-z0-9]+")
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")
# Graviton (arm64) classes: a family whose attributes after the generation include g (db.m6g, db.r6gd, db.t4g,
# db.x2g). RDS offers them for MySQL, MariaDB and PostgreSQL only: "Supported DB engines for DB instance
# classes", RDS User Guide, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
# (the price list agrees: no Oracle or SQL Server price for any db.*g class in any region).
GRAVITON_FAMILY = re.compile(r"db\.[a-z]+\d+(?P<attributes>[a-z]*)\.")
GRAVITON_ENGINES = ("mysql", "mariadb", "postgres")
# Performance Insights (now CloudWatch Database Insights) "isn't supported for the following instance
# classes" on RDS for MariaDB and MySQL: "Amazon RDS DB engine, Region, and instance class support for
# Database Insights", RDS User Guide,
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html
NO_PERFORMANCE_INSIGHTS = {
    engine: ("db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small")
    for engine in ("mysql", "mariadb")
}
# "Managing master user passwords with Secrets Manager isn't supported for ... Creating a read replica when the
# source DB or DB cluster manages credentials with Secrets Manager. This applies to all DB engines except RDS for
# SQL Server." ("Password management with Amazon RDS and AWS Secrets Manager", Limitations, RDS User Guide,
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html)
RDS_MANAGED_PASSWORD_WITH_REPLICAS = ("sqlserver-ex", "sqlserver-web", "sqlserver-se", "sqlserver-ee")
PASSWORD_SOURCES = ("auto", "rds-managed", "generated")


@dataclass(frozen=True)
class StorageLimits:
    """Sizes (GB), IOPS and throughput (MiB/s) one engine allows, per storage type."""

    general_purpose_gb: tuple[int, int]
    provisioned_gb: tuple[int, int]
    provisioned_iops: tuple[int, int]
    io1_iops_per_gb: tuple[float, float]
    io2_iops_per_gb: tuple[float, float]
    gp3_tuning_from_gb: int
    gp3_iops: tuple[int, int]
    gp3_throughput: tuple[int, int]

    def size_range(self, storage_type: str) -> tuple[int, int]:
        return self.provisioned_gb if storage_type in ("io1", "io2") else self.general_purpose_gb

    def provisioned_iops_range(self, storage_type: str, gigabytes: int) -> tuple[int, int]:
        """The IOPS an io1/io2 volume of this size may have: the absolute range cut by the per-GB ratio."""
        low_ratio, high_ratio = self.io1_iops_per_gb if storage_type == "io1" else self.io2_iops_per_gb
        low, high = self.provisioned_iops
        return max(low, math.ceil(low_ratio * gigabytes)), min(high, math.floor(high_ratio * gigabytes))


STRIPED_STORAGE = StorageLimits(
    general_purpose_gb=(20, 65536), provisioned_gb=(100, 65536), provisioned_iops=(1000, 256000),
    io1_iops_per_gb=(0.5, 50), io2_iops_per_gb=(0.5, 1000),
    gp3_tuning_from_gb=400, gp3_iops=(12000, 64000), gp3_throughput=(500, 4000),
)
ORACLE_STORAGE = replace(STRIPED_STORAGE, gp3_tuning_from_gb=200)
SQLSERVER_STORAGE = StorageLimits(
    general_purpose_gb=(20, 16384), provisioned_gb=(100, 16384), provisioned_iops=(1000, 64000),
    io1_iops_per_gb=(1, 50), io2_iops_per_gb=(0.5, 1000),
    gp3_tuning_from_gb=20, gp3_iops=(3000, 16000), gp3_throughput=(125, 1000),
)


@dataclass(frozen=True)
class EngineFacts:
    """One engine (or edition): its port, versions, parameter-group families, licences, logs and limits."""

    port: int
    families: dict[str, str]
    """Parameter-group family of each major version RDS offers for the engine, oldest first."""
    version_pattern: str
    """Regex a full or partial engine version matches, its `major` group naming the major version."""
    default_version: str
    """What the component sends when engine_version is '': a major prefix RDS resolves to its newest minor."""
    license_models: tuple[str, ...]
    """Allowed licence models; the first is the default."""
    log_exports: tuple[str, ...]
    parameters: tuple[tuple[str, str, str], ...]
    """(name, value, apply method): TLS required, and the slow-query logging the log exports carry."""
    storage: StorageLimits
    max_replicas: int
    multi_az: bool
    db_name: Optional[tuple[str, str, str]]
    """(default, regex, what the regex allows), or None when the engine creates no database at launch."""


def _families(prefix: str, majors: tuple[str, ...]) -> dict[str, str]:
    return {major: f"{prefix}{major}" for major in majors}


_MYSQL_PARAMETERS = (("require_secure_transport", "1", "immediate"), ("slow_query_log", "1", "immediate"),
                     ("long_query_time", "1", "immediate"), ("log_output", "FILE", "immediate"))
_SQL_NAME = ("app", r"[A-Za-z][A-Za-z0-9_]{0,62}", "1 to 63 letters, digits or underscores, starting with a letter")
_MYSQL = EngineFacts(
    port=3306, families=_families("mysql", ("8.0", "8.4")), version_pattern=r"(?P<major>\d+\.\d+)(\.\d+)?",
    default_version="8.4", license_models=("general-public-license",), log_exports=("error", "slowquery"),
    parameters=_MYSQL_PARAMETERS, storage=STRIPED_STORAGE, max_replicas=15, multi_az=True, db_name=_SQL_NAME,
)


def _sqlserver(edition: str, **differences: Any) -> EngineFacts:
    """SQL Server 2017, 2019 and 2022 (versions 14.00, 15.00, 16.00); families like sqlserver-ex-16.0."""
    facts = EngineFacts(
        port=1433, families={f"{major}.00": f"{edition}-{major}.0" for major in (14, 15, 16)},
        version_pattern=r"(?P<major>\d+\.00)(\.[0-9a-z.]+)?", default_version="16.00",
        license_models=("license-included",), log_exports=("agent", "error"),
        parameters=(("rds.force_ssl", "1", "pending-reboot"),), storage=SQLSERVER_STORAGE, max_replicas=0,
        multi_az=True, db_name=None,
    )
    return replace(facts, **differences)


ENGINES: dict[str, EngineFacts] = {
    "mysql": _MYSQL,
    "postgres": EngineFacts(
        port=5432, families=_families("postgres", ("13", "14", "15", "16", "17", "18")),
        version_pattern=r"(?P<major>\d+)(\.\d+)?", default_version="17", license_models=("postgresql-license",),
        log_exports=("postgresql", "upgrade"),
        parameters=(("rds.force_ssl", "1", "immediate"), ("log_min_duration_statement", "1000", "immediate")),
        storage=STRIPED_STORAGE, max_replicas=15, multi_az=True, db_name=_SQL_NAME,
    ),
    "mariadb": replace(_MYSQL, families=_families("mariadb", ("10.6", "10.11", "11.4")), default_version="11.4"),
    # Oracle 21c and later are container databases only (engine oracle-se2-cdb), so 19 is the only major.
    # The database name is Oracle's SID: upper case, or RDS reports it back in upper case and Pulumi sees a diff.
    "oracle-se2": EngineFacts(
        port=1521, families={"19": "oracle-se2-19"}, version_pattern=r"(?P<major>\d+)(\.[0-9a-z.-]+)?",
        default_version="19", license_models=("license-included", "bring-your-own-license"),
        log_exports=("alert", "audit", "listener", "trace"), parameters=(), storage=ORACLE_STORAGE,
        max_replicas=0, multi_az=True,
        db_name=("APP", r"[A-Z][A-Z0-9]{0,7}", "1 to 8 upper-case letters or digits, starting with a letter"),
    ),
    # SQL Server Express has no SQL Server Agent (so no agent log) and no Multi-AZ.
    "sqlserver-ex": _sqlserver("sqlserver-ex", log_exports=("error",), multi_az=False),
    "sqlserver-web": _sqlserver("sqlserver-web"),
    "sqlserver-se": _sqlserver("sqlserver-se"),
    "sqlserver-ee": _sqlserver("sqlserver-ee", max_replicas=5),
}


def engine_version_and_family(engine: str, engine_version: str) -> tuple[str, str]:
    """The version to send to RDS and the parameter-group family it belongs to (settings already valid)."""
    facts = ENGINES[engine]
    version = engine_version or facts.default_version
    return version, facts.families[re.fullmatch(facts.version_pattern, version)["major"]]


def validate(settings: Mapping[str, Any]) -> None:
    """Raise ArgumentError naming the first bad setting, its value and what is allowed."""
    engine = settings["engine"]
    if engine not in ENGINES:
        raise ArgumentError(f"`engine` {engine!r} is not supported; allowed: {', '.join(ENGINES)}")
    facts = ENGINES[engine]
    _check_license(engine, facts, settings["license_model"])
    _check_version(engine, facts, settings["engine_version"])
    license_model = settings["license_model"] or facts.license_models[0]
    for field in ("instance_class", "replica_instance_class"):
        if settings[field]:
            _check_instance_class(field, settings[field], engine, license_model, settings.get("region"))
    if settings["multi_az"] and not facts.multi_az:
        raise ArgumentError(f"`multi_az` True is not supported for {engine}; allowed: False, or an engine or "
                            f"edition with Multi-AZ ({_engines_where(lambda f: f.multi_az)})")
    _check_storage(engine, facts.storage, settings)
    _check_backups(settings)
    _check_replicas(engine, facts, settings)
    _check_password_source(engine, settings)
    _check_performance_insights(engine, settings)
    if settings["monitoring_interval"] not in MONITORING_INTERVALS:
        raise ArgumentError(f"`monitoring_interval` {settings['monitoring_interval']} is not allowed; allowed: "
                            f"{', '.join(map(str, MONITORING_INTERVALS))} seconds (0 turns enhanced monitoring off)")
    _check_names(engine, facts, settings)
    _check_network(facts, settings)


def _engines_where(predicate) -> str:
    return ", ".join(name for name, facts in ENGINES.items() if predicate(facts))


def _check_license(engine: str, facts: EngineFacts, license_model: str) -> None:
    if license_model and license_model not in facts.license_models:
        raise ArgumentError(f"`license_model` {license_model!r} is not available for {engine}; allowed: '' "
                            f"(the default, {facts.license_models[0]}) or {' or '.join(facts.license_models)}")


def _check_version(engine: str, facts: EngineFacts, engine_version: str) -> None:
    if not engine_version:
        return
    match = re.fullmatch(facts.version_pattern, engine_version)
    if not match or match["major"] not in facts.families:
        raise ArgumentError(f"`engine_version` {engine_version!r} is not a supported {engine} version; allowed: '' "
                            f"(the default, {facts.default_version}) or a version of major "
                            f"{', '.join(facts.families)}")


def _check_instance_class(field: str, value: str, engine: str, license_model: str, region: Optional[str]) -> None:
    if not INSTANCE_CLASS.fullmatch(value):
        raise ArgumentError(f"`{field}` {value!r} is not of the form db.<family>.<size>; "
                            "allowed: an RDS instance class such as db.t4g.micro or db.m6g.large")
    graviton = GRAVITON_FAMILY.match(value)
    if graviton and "g" in graviton["attributes"] and engine not in GRAVITON_ENGINES:
        raise ArgumentError(f"`{field}` {value} is a Graviton (arm64) class, which RDS offers for "
                            f"{', '.join(GRAVITON_ENGINES)} only, not {engine}; allowed: an x86 class such as "
                            "db.m6i.large, db.r6i.large or db.t3.medium")
    problem = offerings.unoffered_db_class(region, engine, license_model, value) if region else None
    if problem:
        raise ArgumentError(f"`{field}` {value} {problem}")


def password_managed_by_rds(engine: str, password_source: str, replica_count: int) -> bool:
    """RDS generates and keeps the password unless asked not to, or unless read replicas need otherwise."""
    if password_source == "auto":
        return not replica_count or engine in RDS_MANAGED_PASSWORD_WITH_REPLICAS
    return password_source == "rds-managed"


def _check_password_source(engine: str, settings: Mapping[str, Any]) -> None:
    source, replicas = settings["password_source"], settings["replica_count"]
    if source not in PASSWORD_SOURCES:
        raise ArgumentError(f"`password_source` {source!r} is not supported; allowed: {', '.join(PASSWORD_SOURCES)}")
    if source == "rds-managed" and replicas and engine not in RDS_MANAGED_PASSWORD_WITH_REPLICAS:
        raise ArgumentError(f"`password_source` 'rds-managed' cannot be used with `replica_count` {replicas} on "
                            f"{engine}: RDS creates no read replica of a database whose master password Secrets "
                            "Manager manages (only SQL Server can); allowed: `password_source` 'generated' (or "
                            "'auto', which picks it), or `replica_count` 0")


def _check_performance_insights(engine: str, settings: Mapping[str, Any]) -> None:
    if not settings["performance_insights"]:
        return
    for field in ("instance_class", "replica_instance_class"):
        if settings[field] in NO_PERFORMANCE_INSIGHTS.get(engine, ()):
            raise ArgumentError(f"`performance_insights` True is not supported for {engine} on `{field}` "
                                f"{settings[field]}; allowed: `performance_insights` False, or a class other than "
                                f"{', '.join(NO_PERFORMANCE_INSIGHTS[engine])}")


def _check_storage(engine: str, limits: StorageLimits, settings: Mapping[str, Any]) -> None:
    storage_type, gigabytes = settings["storage_type"], settings["allocated_storage"]
    if storage_type not in STORAGE_TYPES:
        raise ArgumentError(f"`storage_type` {storage_type!r} is not supported; allowed: {', '.join(STORAGE_TYPES)}")
    low, high = limits.size_range(storage_type)
    if not low <= gigabytes <= high:
        raise ArgumentError(f"`allocated_storage` {gigabytes} GB is out of range for {engine} on {storage_type}; "
                            f"allowed: {low} to {high} GB")
    ceiling = settings["max_allocated_storage"]
    if ceiling and not gigabytes < ceiling <= high:
        raise ArgumentError(f"`max_allocated_storage` {ceiling} GB is out of range; allowed: 0 (no storage "
                            f"autoscaling) or more than `allocated_storage` ({gigabytes} GB) up to {high} GB")
    if storage_type in ("io1", "io2"):
        _check_provisioned_iops(engine, limits, settings)
    elif storage_type == "gp3":
        _check_gp3_tuning(engine, limits, settings)
    elif settings["iops"]:
        raise ArgumentError(f"`iops` {settings['iops']} cannot be set on gp2 storage, whose IOPS follow its size; "
                            "allowed: 0, or `storage_type` gp3, io1 or io2")
    if settings["storage_throughput"] and storage_type != "gp3":
        raise ArgumentError(f"`storage_throughput` {settings['storage_throughput']} MiB/s can only be set on gp3 "
                            f"storage; allowed with {storage_type}: 0")


def _check_provisioned_iops(engine: str, limits: StorageLimits, settings: Mapping[str, Any]) -> None:
    storage_type, gigabytes, iops = settings["storage_type"], settings["allocated_storage"], settings["iops"]
    low, high = limits.provisioned_iops_range(storage_type, gigabytes)
    if low <= iops <= high:
        return
    ratio_low, ratio_high = limits.io1_iops_per_gb if storage_type == "io1" else limits.io2_iops_per_gb
    absolute_low, absolute_high = limits.provisioned_iops
    problem = (f"`iops` 0: {storage_type} storage needs provisioned IOPS" if not iops
               else f"`iops` {iops} is out of range for {gigabytes} GB of {storage_type} on {engine}")
    raise ArgumentError(f"{problem}; allowed: {low} to {high} ({absolute_low} to {absolute_high} IOPS and "
                        f"{ratio_low:g} to {ratio_high:g} IOPS per GB)")


def _check_gp3_tuning(engine: str, limits: StorageLimits, settings: Mapping[str, Any]) -> None:
    gigabytes = settings["allocated_storage"]
    for field, unit, (low, high) in (("iops", "IOPS", limits.gp3_iops),
                                     ("storage_throughput", "MiB/s", limits.gp3_throughput)):
        value = settings[field]
        if not value:
            continue
        if gigabytes < limits.gp3_tuning_from_gb:
            raise ArgumentError(f"`{field}` {value} cannot be set on {gigabytes} GB of gp3 for {engine}: RDS fixes "
                                f"3000 IOPS and 125 MiB/s below {limits.gp3_tuning_from_gb} GB; allowed: 0, or "
                                f"`allocated_storage` of at least {limits.gp3_tuning_from_gb} GB")
        if not low <= value <= high:
            raise ArgumentError(f"`{field}` {value} is out of range for gp3 on {engine}; allowed: 0 (the baseline) "
                                f"or {low} to {high} {unit}")


def _check_backups(settings: Mapping[str, Any]) -> None:
    retention = settings["backup_retention_days"]
    if not 0 <= retention <= MAX_RETENTION_DAYS:
        raise ArgumentError(f"`backup_retention_days` {retention} is out of range; allowed: 0 to {MAX_RETENTION_DAYS} "
                            "(0 turns automated backups off)")
    if retention == 0 and settings["replica_count"] > 0:
        raise ArgumentError(f"`backup_retention_days` 0 turns automated backups off, which read replicas need "
                            f"(`replica_count` {settings['replica_count']}); allowed with replicas: 1 to "
                            f"{MAX_RETENTION_DAYS}")
    backup = parse_backup_window(settings["backup_window"])
    maintenance = parse_maintenance_window(settings["maintenance_window"])
    if windows_overlap(backup, maintenance):
        raise ArgumentError(f"`maintenance_window` {settings['maintenance_window']!r} overlaps `backup_window` "
                            f"{settings['backup_window']!r}, which recurs every day; allowed: windows that do not "
                            "overlap on the weekly clock")


def parse_backup_window(text: str) -> tuple[int, int]:
    """hh24:mi-hh24:mi (UTC) as (start minute of the day, length in minutes); it may cross midnight."""
    match = re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", text)
    if not match or not _valid_times(match.groups()):
        raise ArgumentError(f"`backup_window` {text!r} is not of the form hh24:mi-hh24:mi (UTC); "
                            "allowed: for example 03:00-03:30")
    start_hour, start_minute, end_hour, end_minute = map(int, match.groups())
    start, end = start_hour * 60 + start_minute, end_hour * 60 + end_minute
    return start, _long_enough("backup_window", text, (end - start) % DAY_MINUTES)


def parse_maintenance_window(text: str) -> tuple[int, int]:
    """ddd:hh24:mi-ddd:hh24:mi (UTC) as (start minute of the week from Monday 00:00, length in minutes)."""
    match = re.fullmatch(r"([a-z]{3}):(\d\d):(\d\d)-([a-z]{3}):(\d\d):(\d\d)", text.lower())
    days_and_times = match.groups() if match else ()
    if not match or days_and_times[0] not in WEEKDAYS or days_and_times[3] not in WEEKDAYS or not _valid_times(
            days_and_times[1:3] + days_and_times[4:6]):
        raise ArgumentError(f"`maintenance_window` {text!r} is not of the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd "
                            f"one of {', '.join(WEEKDAYS)}); allowed: for example sun:04:00-sun:04:30")
    start_day, start_hour, start_minute, end_day, end_hour, end_minute = days_and_times
    start = WEEKDAYS.index(start_day) * DAY_MINUTES + int(start_hour) * 60 + int(start_minute)
    end = WEEKDAYS.index(end_day) * DAY_MINUTES + int(end_hour) * 60 + int(end_minute)
    return start, _long_enough("maintenance_window", text, (end - start) % WEEK_MINUTES)


def _valid_times(parts: tuple[str, ...]) -> bool:
    hours, minutes = parts[0::2], parts[1::2]
    return all(int(hour) < 24 for hour in hours) and all(int(minute) < 60 for minute in minutes)


def _long_enough(field: str, text: str, minutes: int) -> int:
    if minutes < MIN_WINDOW_MINUTES:
        raise ArgumentError(f"`{field}` {text!r} lasts {minutes} minutes; allowed: at least {MIN_WINDOW_MINUTES} "
                            "minutes")
    return minutes


def windows_overlap(backup: tuple[int, int], maintenance: tuple[int, int]) -> bool:
    """Does the daily backup window, on any day of the week, share a minute with the weekly maintenance window?"""
    start, length = backup
    return any(_arcs_overlap((day * DAY_MINUTES + start, length), maintenance) for day in range(7))


def _arcs_overlap(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two [start, start + length) arcs on the weekly clock intersect when either starts inside the other."""
    return (second[0] - first[0]) % WEEK_MINUTES < first[1] or (first[0] - second[0]) % WEEK_MINUTES < second[1]


def _check_replicas(engine: str, facts: EngineFacts, settings: Mapping[str, Any]) -> None:
    count = settings["replica_count"]
    if count > 0 and not facts.max_replicas:
        raise ArgumentError(f"`replica_count` {count}: {engine} does not support read replicas; allowed: 0, or an "
                            f"engine with read replicas ({_engines_where(lambda f: f.max_replicas)})")
    if not 0 <= count <= facts.max_replicas:
        raise ArgumentError(f"`replica_count` {count} is out of range for {engine}; allowed: 0 to {facts.max_replicas}")


def _check_names(engine: str, facts: EngineFacts, settings: Mapping[str, Any]) -> None:
    db_name = settings["db_name"]
    if db_name and facts.db_name is None:
        raise ArgumentError(f"`db_name` {db_name!r} cannot be set for {engine}, which creates no database at launch; "
                            "allowed: ''")
    if db_name and not re.fullmatch(facts.db_name[1], db_name):
        raise ArgumentError(f"`db_name` {db_name!r} is not a valid {engine} database name; allowed: '' (the default, "
                            f"{facts.db_name[0]}) or {facts.db_name[2]}")
    if not USERNAME.fullmatch(settings["username"]):
        raise ArgumentError(f"`username` {settings['username']!r} is not a valid master user name; allowed: 1 to 16 "
                            "letters, digits or underscores, starting with a letter")


def _check_network(facts: EngineFacts, settings: Mapping[str, Any]) -> None:
    """Lists known now are checked; lists that are still Outputs are the caller's to get right."""
    subnets, sources = settings["subnet_ids"], settings["allowed_security_group_ids"]
    if isinstance(subnets, list) and len(subnets) < 2:
        raise ArgumentError(f"`subnet_ids` has {len(subnets)} subnet(s); allowed: at least 2, in different "
                            "availability zones, as a DB subnet group requires")
    if isinstance(sources, list) and not sources:
        raise ArgumentError(f"`allowed_security_group_ids` is empty, so nothing could reach the database; allowed: one "
                            f"or more security group ids to admit on port {facts.port}")
