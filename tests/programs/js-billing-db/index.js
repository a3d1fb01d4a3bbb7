"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

const config = new pulumi.Config();
const owner = config.require("owner");
const costCenter = config.require("costCenter"); // not declared in Pulumi.yaml: required by the program alone

const database = new aws.rds.Instance("billing", {
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: config.require("instanceClass"),
    allocatedStorage: 50,
    storageType: "gp3",
    storageEncrypted: true,
    username: "billing",
    password: config.requireSecret("dbPassword"),
    skipFinalSnapshot: true,
    tags: { Owner: owner, CostCenter: costCenter },
});

exports.endpoint = database.endpoint;
exports.password = config.requireSecret("dbPassword");
