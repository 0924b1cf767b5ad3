import type { Construct } from "constructs";
import { accessLogBucketName, type OrgConfig } from "../config";
import { s3BucketArn } from "../modules/lib/policy";
import { accessLogDeliveryStatement, SecureBucket } from "../modules/secure-bucket";

/** Where a bucket sends its server access logs: the account's access-log bucket, under a prefix per bucket. */
export type AccessLogTarget = (bucketName: string) => { readonly bucketName: string; readonly prefix: string };

/**
 * The account's S3 server-access-log bucket (CKV_AWS_18: every other bucket logs into it). SSE-S3, because S3
 * server access logging cannot deliver to SSE-KMS buckets; it does not log itself. One stack per account creates it.
 */
export function addAccessLogBucket(scope: Construct, config: OrgConfig, accountId: string): AccessLogTarget {
  const bucketName = accessLogBucketName(config, accountId);
  new SecureBucket(scope, "s3_access_logs", {
    bucketName,
    kmsKeyArn: "SSE-S3",
    noncurrentVersionExpirationDays: 30,
    transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
    policyStatements: [accessLogDeliveryStatement(s3BucketArn(bucketName), accountId)],
  });
  return (source) => ({ bucketName, prefix: `${source}/` });
}
