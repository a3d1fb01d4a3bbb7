"use strict";
// Orders API: POST /orders -> Lambda -> DynamoDB.
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
const { handlerCode } = require("./app/code");

const config = new pulumi.Config();

const table = new aws.dynamodb.Table("orders", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
});

const assumeRole = aws.iam.getPolicyDocumentOutput({
    statements: [{
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
    }],
});
const role = new aws.iam.Role("handler", { assumeRolePolicy: assumeRole.json });
new aws.iam.RolePolicyAttachment("handler-logs", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
});
new aws.iam.RolePolicy("handler-table", {
    role: role.id,
    policy: table.arn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: arn }],
    })),
});

const handler = new aws.lambda.Function("handler", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    code: handlerCode(),
    role: role.arn,
    memorySize: config.getNumber("memorySize") || 256,
    timeout: 10,
    environment: { variables: { TABLE: table.name } },
});

const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });
const integration = new aws.apigatewayv2.Integration("handler", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: handler.invokeArn,
    payloadFormatVersion: "2.0",
});
new aws.apigatewayv2.Route("post-orders", {
    apiId: api.id,
    routeKey: "POST /orders",
    target: pulumi.interpolate`integrations/${integration.id}`,
});
const stage = new aws.apigatewayv2.Stage("default", { apiId: api.id, name: "$default", autoDeploy: true });
new aws.lambda.Permission("api", {
    action: "lambda:InvokeFunction",
    function: handler.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
});

exports.url = stage.invokeUrl;
exports.table = table.name;
