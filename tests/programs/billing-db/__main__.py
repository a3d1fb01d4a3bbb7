import pulumi
import pulumi_aws as aws

config = pulumi.Config()
owner = config.require("owner")
cost_center = config.require("costCenter")  # not declared in Pulumi.yaml: required by the program alone

database = aws.rds.Instance(
    "billing",
    engine="postgres",
    engine_version="16.4",
    instance_class=config.require("instanceClass"),
    allocated_storage=50,
    storage_type="gp3",
    storage_encrypted=True,
    username="billing",
    password=config.require_secret("dbPassword"),
    skip_final_snapshot=True,
    tags={"Owner": owner, "CostCenter": cost_center},
)

pulumi.export("endpoint", database.endpoint)
pulumi.export("password", config.require_secret("dbPassword"))
