"""Orders API: POST /orders -> Lambda -> DynamoDB."""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()

table = aws.dynamodb.Table(
    "orders",
    attributes=[aws.dynamodb.TableAttributeArgs(name="id", type="S")],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
)

assume_role = aws.iam.get_policy_document(statements=[aws.iam.GetPolicyDocumentStatementArgs(
    actions=["sts:AssumeRole"],
    principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=["lambda.amazonaws.com"])],
)])
role = aws.iam.Role("handler", assume_role_policy=assume_role.json)
aws.iam.RolePolicyAttachment(
    "handler-logs", role=role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
aws.iam.RolePolicy("handler-table", role=role.id, policy=table.arn.apply(lambda arn: json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": arn}],
})))

handler = aws.lambda_.Function(
    "handler",
    runtime="python3.12",
    handler="app.handler",
    code=pulumi.FileArchive("./app"),
    role=role.arn,
    memory_size=config.get_int("memorySize") or 256,
    timeout=10,
    environment=aws.lambda_.FunctionEnvironmentArgs(variables={"TABLE": table.name}),
)

api = aws.apigatewayv2.Api("api", protocol_type="HTTP")
integration = aws.apigatewayv2.Integration(
    "handler", api_id=api.id, integration_type="AWS_PROXY", integration_uri=handler.invoke_arn,
    payload_format_version="2.0")
aws.apigatewayv2.Route("post-orders", api_id=api.id, route_key="POST /orders",
                       target=integration.id.apply(lambda id: f"integrations/{id}"))
stage = aws.apigatewayv2.Stage("default", api_id=api.id, name="$default", auto_deploy=True)
aws.lambda_.Permission("api", action="lambda:InvokeFunction", function=handler.name,
                       principal="apigateway.amazonaws.com",
                       source_arn=api.execution_arn.apply(lambda arn: f"{arn}/*/*"))

pulumi.export("url", stage.invoke_url)
pulumi.export("table", table.name)
