import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

import { upload } from "./site";

// Pulumi runs an exported async function and makes what it returns the stack's outputs.
export = async () => {
    const config = new pulumi.Config();
    const identity = await aws.getCallerIdentity();

    const bucket = new aws.s3.Bucket("site", { tags: { Account: identity.accountId } });
    new aws.s3.BucketPublicAccessBlock("site", {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    const files = upload(bucket, "www");

    const access = new aws.cloudfront.OriginAccessControl("site", {
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
    });
    const cdn = new aws.cloudfront.Distribution("site", {
        enabled: true,
        defaultRootObject: config.require("indexDocument"),
        priceClass: "PriceClass_100",
        origins: [{ originId: "s3", domainName: bucket.bucketRegionalDomainName, originAccessControlId: access.id }],
        defaultCacheBehavior: {
            targetOriginId: "s3",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
            cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6", // AWS's managed CachingOptimized policy
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
    });

    const readByCdn = aws.iam.getPolicyDocumentOutput({
        statements: [{
            actions: ["s3:GetObject"],
            resources: [pulumi.interpolate`${bucket.arn}/*`],
            principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
            conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [cdn.arn] }],
        }],
    });
    new aws.s3.BucketPolicy("site", { bucket: bucket.id, policy: readByCdn.json });

    return { url: pulumi.interpolate`https://${cdn.domainName}`, files: files.length };
};
