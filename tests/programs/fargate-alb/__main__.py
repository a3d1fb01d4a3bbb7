import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
image = config.get("image") or "public.ecr.aws/nginx/nginx:1.27"
desired_count = config.get_int("desiredCount") or 1

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[aws.ec2.GetSubnetsFilterArgs(name="vpc-id", values=[vpc.id])])

everywhere = [aws.ec2.SecurityGroupEgressArgs(protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"])]
web_sg = aws.ec2.SecurityGroup("web", vpc_id=vpc.id, egress=everywhere, ingress=[
    aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=80, to_port=80, cidr_blocks=["0.0.0.0/0"])])
task_sg = aws.ec2.SecurityGroup("task", vpc_id=vpc.id, egress=everywhere, ingress=[
    aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=80, to_port=80, security_groups=[web_sg.id])])

alb = aws.lb.LoadBalancer("web", load_balancer_type="application", security_groups=[web_sg.id],
                          subnets=subnets.ids)
target_group = aws.lb.TargetGroup("app", port=80, protocol="HTTP", target_type="ip", vpc_id=vpc.id)
listener = aws.lb.Listener("http", load_balancer_arn=alb.arn, port=80, default_actions=[
    aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=target_group.arn)])

execution_role = aws.iam.Role("task-execution", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs-tasks.amazonaws.com"}}],
}))
aws.iam.RolePolicyAttachment("task-execution", role=execution_role.name,
                             policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
logs = aws.cloudwatch.LogGroup("app", retention_in_days=14)

cluster = aws.ecs.Cluster("cluster")
task = aws.ecs.TaskDefinition(
    "app", family="app", cpu="512", memory="1024", network_mode="awsvpc", requires_compatibilities=["FARGATE"],
    execution_role_arn=execution_role.arn,
    container_definitions=logs.name.apply(lambda group: json.dumps([{
        "name": "app", "image": image, "essential": True,
        "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": group, "awslogs-region": aws.config.region, "awslogs-stream-prefix": "app"}},
    }])))
aws.ecs.Service(
    "app", cluster=cluster.arn, desired_count=desired_count, launch_type="FARGATE", task_definition=task.arn,
    network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
        subnets=subnets.ids, security_groups=[task_sg.id], assign_public_ip=True),
    load_balancers=[aws.ecs.ServiceLoadBalancerArgs(target_group_arn=target_group.arn, container_name="app",
                                                    container_port=80)],
    opts=pulumi.ResourceOptions(depends_on=[listener]))

pulumi.export("url", alb.dns_name.apply(lambda name: f"http://{name}"))
