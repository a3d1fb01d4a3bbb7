"use strict";
const aws = require("@pulumi/aws");
const awsx = require("@pulumi/awsx");

const vpc = new awsx.ec2.Vpc("vpc", {
    cidrBlock: "10.0.0.0/16",
    numberOfAvailabilityZones: 2,
    natGateways: { strategy: awsx.ec2.NatGatewayStrategy.Single },
});
const cluster = new aws.ecs.Cluster("cluster");
new awsx.ecs.FargateService("web", {
    cluster: cluster.arn,
    desiredCount: 2,
    networkConfiguration: { subnets: vpc.privateSubnetIds },
    taskDefinitionArgs: {
        container: { name: "web", image: "nginx:1.27", cpu: 256, memory: 512, essential: true },
    },
});
// A resource of the program's own next to the components is priced as usual.
new aws.ec2.Eip("egress", { domain: "vpc" });

exports.vpcId = vpc.vpcId;
