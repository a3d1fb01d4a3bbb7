import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** The site's files, one bucket object each, with their content types. */
export function upload(bucket: aws.s3.Bucket, folder: string): aws.s3.BucketObjectv2[] {
    const types: Record<string, string> = { ".html": "text/html", ".css": "text/css" };
    return fs.readdirSync(folder).sort().map((name) => new aws.s3.BucketObjectv2(name, {
        bucket: bucket.id,
        key: name,
        source: new pulumi.asset.FileAsset(path.join(folder, name)),
        contentType: types[path.extname(name)] ?? "application/octet-stream",
    }, { parent: bucket }));
}
