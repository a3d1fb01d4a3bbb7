import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
node_count = config.require_int("nodeCount")

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[aws.ec2.GetSubnetsFilterArgs(name="vpc-id", values=[vpc.id])])


def service_role(name: str, service: str, policies: list[str]) -> tuple[aws.iam.Role, list[aws.iam.RolePolicyAttachment]]:
    role = aws.iam.Role(name, assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}],
    }))
    attachments = [aws.iam.RolePolicyAttachment(f"{name}-{policy.split('/')[-1]}", role=role.name, policy_arn=policy)
                   for policy in policies]
    return role, attachments


cluster_role, cluster_policies = service_role(
    "cluster", "eks.amazonaws.com", ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"])
node_role, node_policies = service_role("nodes", "ec2.amazonaws.com", [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
])

cluster = aws.eks.Cluster(
    "cluster", role_arn=cluster_role.arn, version="1.31",
    vpc_config=aws.eks.ClusterVpcConfigArgs(subnet_ids=subnets.ids, endpoint_public_access=True),
    opts=pulumi.ResourceOptions(depends_on=cluster_policies))

aws.eks.NodeGroup(
    "general", cluster_name=cluster.name, node_role_arn=node_role.arn, subnet_ids=subnets.ids,
    instance_types=[config.require("nodeType")], disk_size=40,
    scaling_config=aws.eks.NodeGroupScalingConfigArgs(desired_size=node_count, min_size=1, max_size=node_count * 2),
    opts=pulumi.ResourceOptions(depends_on=node_policies))

pulumi.export("endpoint", cluster.endpoint)
