"""The stack's settings (Pulumi.yaml defaults merged with stacks/Pulumi.<stack>.yaml), read into typed
component arguments. This is the only module that knows config key names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pulumi

from components.database import DatabaseArgs
from components.network import Network, NetworkArgs, VpnArgs
from components.web import HealthCheckArgs, WebTier, WebTierArgs

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StackSettings:
    """Typed view of the stack's configuration."""

    config: pulumi.Config
    region: str
    environment: str
    cost_center: str

    @classmethod
    def load(cls) -> "StackSettings":
        config = pulumi.Config()
        return cls(
            config=config,
            region=pulumi.Config("aws").require("region"),
            environment=config.require("environment"),
            cost_center=config.get("costCenter") or "",
        )

    def default_tags(self) -> dict[str, str]:
        """Cost-allocation tags the AWS provider puts on every resource."""
        tags = {"Project": pulumi.get_project(), "Environment": self.environment, "ManagedBy": "pulumi"}
        if self.cost_center:
            tags["CostCenter"] = self.cost_center
        return tags

    def network_args(self) -> NetworkArgs:
        c = self.config
        args = NetworkArgs(
            architecture=c.get("architecture") or "public-private",
            cidr_block=c.get("vpcCidr") or "10.0.0.0/16",
            availability_zone_count=_int(c, "azCount", 2),
            availability_zones=c.get_object("availabilityZones") or [],
            nat_strategy=c.get("natStrategy") or "single",
            isolated_subnets=_bool(c, "isolatedSubnets", False),
            public_subnet_cidrs=c.get_object("publicSubnetCidrs") or [],
            private_subnet_cidrs=c.get_object("privateSubnetCidrs") or [],
            isolated_subnet_cidrs=c.get_object("isolatedSubnetCidrs") or [],
            s3_gateway_endpoint=_bool(c, "s3GatewayEndpoint", True),
            flow_logs=_bool(c, "flowLogs", False),
            network_acls=_bool(c, "networkAcls", False),
        )
        if args["architecture"].endswith("vpn"):
            args["vpn"] = VpnArgs(
                customer_gateway_ip=c.get("vpnCustomerGatewayIp") or "",
                bgp_asn=_int(c, "vpnBgpAsn", 65000),
                on_premises_cidrs=c.get_object("vpnOnPremisesCidrs") or [],
                route_propagation=_bool(c, "vpnRoutePropagation", False),
            )
        return args

    def web_args(self, network: Network) -> WebTierArgs:
        """Instances go in the private subnets (public only when there are none); the load balancer
        in the public subnets, or in the private ones when the architecture has no public subnets."""
        c = self.config
        architecture = c.get("architecture") or "public-private"
        has_public = architecture != "private-vpn"
        has_private = architecture != "public-only"
        return WebTierArgs(
            vpc_id=network.vpc_id,
            vpc_cidr=network.vpc_cidr,
            load_balancer_subnet_ids=network.public_subnet_ids if has_public else network.private_subnet_ids,
            instance_subnet_ids=network.private_subnet_ids if has_private else network.public_subnet_ids,
            region=self.region,
            lb_type=c.get("lbType") or "application",
            internal=_bool(c, "lbInternal", False),
            certificate_arn=c.get("certificateArn") or "",
            app_port=_int(c, "appPort", 8080),
            health_check=HealthCheckArgs(
                path=c.get("healthCheckPath") or "/health",
                interval_seconds=_int(c, "healthCheckIntervalSeconds", 30),
                healthy_threshold=_int(c, "healthyThreshold", 3),
                unhealthy_threshold=_int(c, "unhealthyThreshold", 3),
            ),
            deregistration_delay_seconds=_int(c, "deregistrationDelaySeconds", 30),
            instance_type=c.get("instanceType") or "t3.micro",
            ami_map=c.get_object("amiMap") or {},
            user_data=self._user_data(),
            root_volume_gb=_int(c, "rootVolumeGb", 20),
            detailed_monitoring=_bool(c, "detailedMonitoring", False),
            min_size=_int(c, "asgMin", 1),
            desired_capacity=_int(c, "asgDesired", 1),
            max_size=_int(c, "asgMax", 2),
            health_check_grace_seconds=_int(c, "healthCheckGraceSeconds", 300),
            scaling_metric=c.get("scalingMetric") or "cpu",
            scaling_target=_int(c, "scalingTarget", 50),
        )

    def database_args(self, network: Network, web: WebTier) -> DatabaseArgs:
        c = self.config
        return DatabaseArgs(
            vpc_id=network.vpc_id,
            subnet_ids=network.database_subnet_ids,
            allowed_security_group_ids=[web.instance_security_group_id],
            engine=c.get("dbEngine") or "postgres",
            engine_version=c.get("dbEngineVersion") or "",
            license_model=c.get("dbLicenseModel") or "",
            instance_class=c.get("dbInstanceClass") or "db.t4g.micro",
            multi_az=_bool(c, "dbMultiAz", False),
            allocated_storage=_int(c, "dbAllocatedStorage", 20),
            max_allocated_storage=_int(c, "dbMaxAllocatedStorage", 0),
            storage_type=c.get("dbStorageType") or "gp3",
            iops=_int(c, "dbIops", 0),
            storage_throughput=_int(c, "dbStorageThroughput", 0),
            backup_retention_days=_int(c, "dbBackupRetentionDays", 7),
            backup_window=c.get("dbBackupWindow") or "03:00-03:30",
            maintenance_window=c.get("dbMaintenanceWindow") or "sun:04:00-sun:04:30",
            deletion_protection=_bool(c, "dbDeletionProtection", False),
            final_snapshot=_bool(c, "dbFinalSnapshot", False),
            replica_count=_int(c, "dbReplicaCount", 0),
            replica_instance_class=c.get("dbReplicaInstanceClass") or "",
            performance_insights=_bool(c, "dbPerformanceInsights", False),
            monitoring_interval=_int(c, "dbMonitoringInterval", 0),
            alarm_topic=_bool(c, "dbAlarmTopic", False),
        )

    def _user_data(self) -> str:
        path = self.config.get("userDataFile")
        if path:
            return (PROJECT_DIR / path).read_text(encoding="utf-8")
        return self.config.get("userData") or ""


def _int(config: pulumi.Config, key: str, default: int) -> int:
    value = config.get_int(key)
    return default if value is None else value


def _bool(config: pulumi.Config, key: str, default: bool) -> bool:
    value = config.get_bool(key)
    return default if value is None else value
