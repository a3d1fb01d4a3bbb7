import pulumi
import pulumi_aws as aws

from website import publish

config = pulumi.Config()
bucket = aws.s3.BucketV2("docs")
pages = publish(bucket, config.require("pagesFile"))
pulumi.export("pages", len(pages))
