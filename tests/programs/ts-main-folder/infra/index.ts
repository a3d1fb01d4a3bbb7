import * as aws from "@pulumi/aws";

import { httpListener } from "./listener";

const port = Number(process.env.APP_PORT);
const vpc = aws.ec2.getVpcOutput({ default: true });
const subnets = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] });

const group = new aws.ec2.SecurityGroup("front", {
    vpcId: vpc.id,
    ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [vpc.cidrBlock] }],
});
const balancer = new aws.lb.LoadBalancer("front", {
    loadBalancerType: "application",
    securityGroups: [group.id],
    subnets: subnets.ids,
});
const targets = new aws.lb.TargetGroup("app", { port, protocol: "HTTP", targetType: "ip", vpcId: vpc.id });
httpListener(balancer, targets);

export const dnsName = balancer.dnsName;
