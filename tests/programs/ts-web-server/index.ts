import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const instanceType = config.require("instanceType");

// The newest Amazon Linux 2023 image, looked up in the stack's region.
const ami = aws.ec2.getAmiOutput({
    mostRecent: true,
    owners: ["amazon"],
    filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }],
});

const group = new aws.ec2.SecurityGroup("web", {
    description: "HTTP from anywhere",
    ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const server = new aws.ec2.Instance("web", {
    ami: ami.id,
    instanceType,
    vpcSecurityGroupIds: [group.id],
    metadataOptions: { httpTokens: "required" },
    rootBlockDevice: { volumeType: "gp3", volumeSize: 20, encrypted: true },
    userData: `#!/bin/bash
dnf install -y nginx
systemctl enable --now nginx
`,
    tags: { Name: "web" },
});

const address = new aws.ec2.Eip("web", { instance: server.id, domain: "vpc" });

export const url = pulumi.interpolate`http://${address.publicIp}`;
export const image = ami.id;
