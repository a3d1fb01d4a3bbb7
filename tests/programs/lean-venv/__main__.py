import importlib.util

import pulumi
import pulumi_aws as aws

for module in ("pandas", "typer", "costing"):
    if importlib.util.find_spec(module) is not None:
        raise RuntimeError(f"{module} is importable: this program is not running in its own virtualenv")

topic = aws.sns.Topic("events")
queue = aws.sqs.Queue("events", message_retention_seconds=345600)
aws.sns.TopicSubscription("events", topic=topic.arn, protocol="sqs", endpoint=queue.arn)
pulumi.export("queue", queue.url)
