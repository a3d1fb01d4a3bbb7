import pulumi
import pulumi_aws as aws
import pulumi_random as random

suffix = random.RandomPet("suffix", length=2)
password = random.RandomPassword("admin", length=24, special=False)

bucket = aws.s3.BucketV2("assets", bucket=suffix.id.apply(lambda pet: f"assets-{pet}"))
aws.s3.BucketPublicAccessBlock("assets", bucket=bucket.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)

secret = aws.secretsmanager.Secret("admin-password")
aws.secretsmanager.SecretVersion("admin-password", secret_id=secret.id, secret_string=password.result)

pulumi.export("bucket", bucket.bucket)
