"""The web stack: Network -> WebTier -> Database, one stack per environment (stacks/Pulumi.<env>.yaml).

Every setting and every component's arguments are checked before the first resource is registered; a
refusal is a SettingError (a pulumi.RunError), printed as one line naming the stack file and the setting.
The web tier is built before the database because the database's security group admits only the web
instances' security group."""

import pulumi
import pulumi_aws as aws

from components.database import Database
from components.network import Network, available_zones
from components.settings import StackSettings
from components.web import WebTier

settings = StackSettings.load()
provider = aws.Provider("aws", region=settings.region, default_tags={"tags": settings.default_tags()})
settings.check_components(available_zones(pulumi.InvokeOptions(provider=provider)))
in_region = pulumi.ResourceOptions(providers={"aws": provider})

network = Network("network", settings.network_args(), opts=in_region)
web = WebTier("web", settings.web_args(network), opts=in_region)
database = Database("database", settings.database_args(network, web), opts=in_region)

pulumi.export("vpc_id", network.vpc_id)
pulumi.export("public_subnet_ids", network.public_subnet_ids)
pulumi.export("private_subnet_ids", network.private_subnet_ids)
pulumi.export("isolated_subnet_ids", network.isolated_subnet_ids)
pulumi.export("nat_gateway_ids", network.nat_gateway_ids)
pulumi.export("load_balancer_dns_name", web.load_balancer_dns_name)
pulumi.export("target_group_arn", web.target_group_arn)
pulumi.export("autoscaling_group_name", web.autoscaling_group_name)
pulumi.export("database_endpoint", database.endpoint)
pulumi.export("database_secret_arn", database.master_secret_arn)
pulumi.export("database_replica_endpoints", database.replica_endpoints)
