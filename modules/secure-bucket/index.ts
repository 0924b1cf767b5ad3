import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { pinAddress, protect } from "../lib/address";
import { policyJson, s3BucketArn, type PolicyStatement } from "../lib/policy";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * CMK for SSE-KMS (bucket key on), or "SSE-S3" for the few AWS log deliveries that cannot write to SSE-KMS
   * buckets (ALB access logs, S3 server access logs).
   */
  readonly kmsKeyArn: string | "SSE-S3";
  /** Where S3 server access logs go. @default no access logging (only for the log bucket itself) */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /** Days before noncurrent versions expire. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Transitions of current objects to colder storage. @default none */
  readonly transitions?: { readonly days: number; readonly storageClass: "STANDARD_IA" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE" }[];
  /** Object Lock (WORM) in the given mode for the given days. @default off */
  readonly objectLock?: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
  /** Other ids of the same key that writers may name in their SSE-KMS header (e.g. its alias ARN). @default none */
  readonly kmsKeyAliases?: string[];
  /** Extra bucket-policy statements (the TLS-only and encryption denies are always present). @default none */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Prefixes whose writers encrypt with a key of their own (a service that must name a key it can use, e.g. GuardDuty
   * exports), each with the key ARNs (patterns allowed) accepted there instead of the bucket's key. @default none
   */
  readonly prefixKeys?: { readonly prefix: string; readonly kmsKeyArnPatterns: string[] }[];
}

/**
 * An S3 bucket that is private, versioned, KMS-encrypted, TLS-only and protected from destroy.
 * Every resource of the bucket shares the module id as its Terraform name (`aws_s3_bucket.<id>` …).
 */
export class SecureBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketId: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const arn = s3BucketArn(props.bucketName);
    const bucket = protect(
      new S3Bucket(this, "bucket", {
        bucket: props.bucketName,
        forceDestroy: false,
        objectLockEnabled: props.objectLock ? true : undefined,
      }),
      id,
    );
    this.bucketName = props.bucketName;
    this.bucketArn = arn;
    this.bucketId = bucket.id;

    pinAddress(new S3BucketVersioningA(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }), id);
    pinAddress(
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        bucket: bucket.id,
        rule: [
          props.kmsKeyArn === "SSE-S3"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true },
        ],
      }),
      id,
    );
    const publicAccess = pinAddress(
      new S3BucketPublicAccessBlock(this, "public-access", {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      id,
    );
    pinAddress(new S3BucketOwnershipControls(this, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }), id);

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-uploads-and-expire-old-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
      },
    ];
    if (props.transitions?.length) {
      rules.push({
        id: "transition-to-cold-storage",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: props.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
      });
    }
    pinAddress(new S3BucketLifecycleConfiguration(this, "lifecycle", { bucket: bucket.id, rule: rules }), id);

    if (props.accessLogs) {
      pinAddress(
        new S3BucketLoggingA(this, "logging", { bucket: bucket.id, targetBucket: props.accessLogs.bucketName, targetPrefix: props.accessLogs.prefix }),
        id,
      );
    }
    if (props.objectLock) {
      pinAddress(
        new S3BucketObjectLockConfigurationA(this, "object-lock", {
          bucket: bucket.id,
          rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        }),
        id,
      );
    }

    pinAddress(
      new S3BucketPolicy(this, "policy", {
        bucket: bucket.id,
        policy: policyJson([
          ...secureTransportStatements(arn, props.kmsKeyArn === "SSE-S3" ? "SSE-S3" : [props.kmsKeyArn, ...(props.kmsKeyAliases ?? [])], props.prefixKeys),
          ...(props.policyStatements ?? []),
        ]),
        // A policy put before the public-access block exists could briefly be evaluated as public.
        dependsOn: [publicAccess],
      }),
      id,
    );
  }
}

/**
 * Denies plain HTTP, TLS below 1.2, and uploads that ask for any encryption other than this bucket's own (under a
 * prefix of `prefixKeys`: other than that prefix's keys).
 */
export function secureTransportStatements(
  bucketArn: string,
  kmsKeyIds: string[] | "SSE-S3",
  prefixKeys: { readonly prefix: string; readonly kmsKeyArnPatterns: string[] }[] = [],
): PolicyStatement[] {
  const everything = [bucketArn, `${bucketArn}/*`];
  const tls: PolicyStatement[] = [
    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    { Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
  ];
  if (kmsKeyIds === "SSE-S3") {
    return [
      ...tls,
      {
        Sid: "DenyOtherEncryption",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "AES256" } },
      },
    ];
  }
  return [
    ...tls,
    {
      Sid: "DenyNonKmsEncryption",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
    },
    {
      Sid: "DenyOtherKmsKeys",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      ...(prefixKeys.length ? { NotResource: prefixKeys.map((p) => `${bucketArn}/${p.prefix}*`) } : { Resource: `${bucketArn}/*` }),
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyIds.length === 1 ? kmsKeyIds[0] : kmsKeyIds } },
    },
    ...prefixKeys.map((p, i): PolicyStatement => ({
      Sid: `DenyOtherKmsKeysUnderPrefix${i + 1}`,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${p.prefix}*`,
      Condition: { StringNotLikeIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": p.kmsKeyArnPatterns } },
    })),
  ];
}

/** Bucket-policy statement letting S3 server access logging deliver the logs of one account's buckets. */
export function accessLogDeliveryStatement(logBucketArn: string, sourceAccountId: string): PolicyStatement {
  return {
    Sid: "S3ServerAccessLogsOfThisAccount",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${logBucketArn}/*`,
    Condition: { StringEquals: { "aws:SourceAccount": sourceAccountId } },
  };
}
