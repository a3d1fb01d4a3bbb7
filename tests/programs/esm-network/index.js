import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

import { subnetCidrs } from "./plan.js";

const config = new pulumi.Config();
const zoneCount = config.requireNumber("zones");

// Top-level await: an ES module may wait for an invoke before it declares anything.
const { names } = await aws.getAvailabilityZones({ state: "available" });
const zones = names.slice(0, zoneCount);
const cidrs = subnetCidrs("10.20.0.0/16", zones.length);

const vpc = new aws.ec2.Vpc("edge", { cidrBlock: "10.20.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
const gateway = new aws.ec2.InternetGateway("edge", { vpcId: vpc.id });

const publicRoutes = new aws.ec2.RouteTable("public", {
    vpcId: vpc.id,
    routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }],
});
const publicSubnets = zones.map((zone, index) => {
    const subnet = new aws.ec2.Subnet(`public-${zone}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: cidrs.public[index] });
    new aws.ec2.RouteTableAssociation(`public-${zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
    return subnet;
});

const natAddress = new aws.ec2.Eip("nat", { domain: "vpc" });
const nat = new aws.ec2.NatGateway("nat", { allocationId: natAddress.id, subnetId: publicSubnets[0].id });
const privateRoutes = new aws.ec2.RouteTable("private", {
    vpcId: vpc.id,
    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
});
zones.forEach((zone, index) => {
    const subnet = new aws.ec2.Subnet(`private-${zone}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: cidrs.private[index] });
    new aws.ec2.RouteTableAssociation(`private-${zone}`, { subnetId: subnet.id, routeTableId: privateRoutes.id });
});

export const vpcId = vpc.id;
export const zonesUsed = zones;
