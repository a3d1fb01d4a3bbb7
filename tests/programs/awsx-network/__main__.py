import pulumi
import pulumi_aws as aws
import pulumi_awsx as awsx

vpc = awsx.ec2.Vpc("vpc", cidr_block="10.0.0.0/16", number_of_availability_zones=2,
                   nat_gateways=awsx.ec2.NatGatewayConfigurationArgs(strategy=awsx.ec2.NatGatewayStrategy.SINGLE))
cluster = aws.ecs.Cluster("cluster")
awsx.ecs.FargateService(
    "web", cluster=cluster.arn, desired_count=2,
    network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(subnets=vpc.private_subnet_ids),
    task_definition_args=awsx.ecs.FargateServiceTaskDefinitionArgs(
        container=awsx.ecs.TaskDefinitionContainerDefinitionArgs(name="web", image="nginx:1.27", cpu=256,
                                                                 memory=512, essential=True)))
# A resource of the program's own next to the components is priced as usual.
aws.ec2.Eip("egress", domain="vpc")

pulumi.export("vpc_id", vpc.vpc_id)
