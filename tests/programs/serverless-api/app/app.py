import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    order = json.loads(event["body"])
    TABLE.put_item(Item=order)
    return {"statusCode": 201, "body": json.dumps({"id": order["id"]})}
