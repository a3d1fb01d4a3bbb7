"use strict";
const pulumi = require("@pulumi/pulumi");

/** The function's code: one file, written here rather than read from a build folder. */
exports.handlerCode = () => new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(`
const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const client = new DynamoDBClient({});
exports.handler = async (event) => {
    const id = Date.now().toString();
    await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: id } } }));
    return { statusCode: 201, body: JSON.stringify({ id }) };
};
`),
});
