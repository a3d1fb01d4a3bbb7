"""Pages of the site, one S3 object each (imported by __main__.py from the program's own folder)."""

import pulumi
import pulumi_aws as aws


def publish(bucket: aws.s3.BucketV2, pages_file: str) -> list[aws.s3.BucketObjectv2]:
    # Relative to the working directory: the program runs from main's folder (infra/), as under the CLI.
    with open(pages_file, encoding="utf-8") as handle:
        pages = [line.strip() for line in handle if line.strip()]
    return [aws.s3.BucketObjectv2(page, bucket=bucket.id, key=page, content_type="text/html",
                                  content=f"<h1>{page}</h1>", opts=pulumi.ResourceOptions(parent=bucket))
            for page in pages]
