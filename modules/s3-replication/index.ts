import { Construct } from "constructs";
import { S3BucketReplicationConfigurationA, type S3BucketReplicationConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { IamRole } from "../iam-role";
import { KmsKey } from "../kms-key";
import { pinAddress } from "../lib/address";
import { accountRootArn, s3BucketArn, type PolicyStatement } from "../lib/policy";
import { SecureBucket, type SecureBucketProps } from "../secure-bucket";
import type { AlarmSpec } from "../alarms";

export type ReplicationFilter = { readonly prefix: string } | { readonly tag: { readonly key: string; readonly value: string } };

export interface ReplicationSourceProps {
  readonly bucketName: string;
  /** Where the bucket's S3 server access logs go. @default no access logging */
  readonly accessLogs?: SecureBucketProps["accessLogs"];
  readonly kmsKeyArn: string;
  readonly roleName: string;
  readonly filters: ReplicationFilter[];
  /** Names the alarms: `replication-<name>-<rule>-failed` and `-late`. @default bucketName */
  readonly alarmName?: string;
  /** Replication latency above which the late alarm fires. @default 900 (RTC's 15 minutes) */
  readonly maxLatencySeconds?: number;
  readonly destination: {
    readonly accountId: string;
    readonly bucketName: string;
    /** Alias ARN of the destination's own key (a key ARN from another stack is unknowable offline). */
    readonly kmsKeyAliasArn: string;
    readonly kmsKeyAlias: string;
  };
}

/**
 * The source side: a data bucket, the replication role, and rules that copy only the filtered objects to another
 * account's bucket, re-encrypted with that account's key and owned by it. Delete markers are not replicated (the
 * destination never deletes source data), Replication Time Control and metrics are on (15 minutes).
 */
export class ReplicationSource extends Construct {
  readonly bucket: SecureBucket;
  readonly ruleIds: string[];
  readonly roleArn: string;
  /** Per rule: failed replications and replication latency. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: ReplicationSourceProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, id, { bucketName: props.bucketName, kmsKeyArn: props.kmsKeyArn, accessLogs: props.accessLogs });
    const source = s3BucketArn(props.bucketName);
    const destination = s3BucketArn(props.destination.bucketName);
    const role = new IamRole(this, `${id}_replication`, {
      roleName: props.roleName,
      description: `S3 replicates a subset of ${props.bucketName} into account ${props.destination.accountId}`,
      trustStatements: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
      inlinePolicies: {
        replicate: [
          { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source },
          { Sid: "ReadSourceVersions", Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: `${source}/*` },
          { Sid: "WriteReplicasOwnedByDestination", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"], Resource: `${destination}/*` },
          { Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: props.kmsKeyArn },
          {
            Sid: "EncryptWithDestinationKey",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: `arn:aws:kms:*:${props.destination.accountId}:key/*`,
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": props.destination.kmsKeyAlias } },
          },
        ],
      },
    });
    this.roleArn = role.roleArn;
    this.ruleIds = props.filters.map((_, i) => `subset-${i + 1}`);
    const what = props.alarmName ?? props.bucketName;
    this.alarms = this.ruleIds.flatMap((ruleId): AlarmSpec[] => {
      const dims = { SourceBucket: props.bucketName, DestinationBucket: props.destination.bucketName, RuleId: ruleId };
      return [
        { name: `replication-${what}-${ruleId}-failed`, description: `Failed replications ${what}/${ruleId}`, namespace: "AWS/S3",
          metricName: "OperationsFailedReplication", dimensions: dims, statistic: "Sum", threshold: 0, comparison: "GreaterThanThreshold", evaluationPeriods: 1 },
        { name: `replication-${what}-${ruleId}-late`, description: `Replication latency ${what}/${ruleId} (s)`, namespace: "AWS/S3",
          metricName: "ReplicationLatency", dimensions: dims, statistic: "Maximum", threshold: props.maxLatencySeconds ?? 900, comparison: "GreaterThanThreshold" },
      ];
    });
    const rules: S3BucketReplicationConfigurationRule[] = props.filters.map((f, i) => ({
      id: this.ruleIds[i],
      priority: i + 1,
      status: "Enabled",
      filter: "prefix" in f ? { prefix: f.prefix } : { tag: { key: f.tag.key, value: f.tag.value } },
      deleteMarkerReplication: { status: "Disabled" },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
      destination: {
        bucket: destination,
        account: props.destination.accountId,
        storageClass: "STANDARD",
        accessControlTranslation: { owner: "Destination" },
        encryptionConfiguration: { replicaKmsKeyId: props.destination.kmsKeyAliasArn },
        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        replicationTime: { status: "Enabled", time: { minutes: 15 } },
      },
    }));
    pinAddress(new S3BucketReplicationConfigurationA(this, "rules", { bucket: this.bucket.bucketId, role: role.roleArn, rule: rules }), id);
  }
}

export interface ReplicaDestinationProps {
  readonly accountId: string;
  readonly bucketName: string;
  /** Where the bucket's S3 server access logs go. @default no access logging */
  readonly accessLogs?: SecureBucketProps["accessLogs"];
  readonly kmsKeyAlias: string;
  /** The source account and its replication role (which may not exist yet: admitted by PrincipalArn). */
  readonly source: { readonly accountId: string; readonly roleArn: string };
}

/** The destination side: its own key and bucket, admitting only the source's replication role. */
export class ReplicaDestination extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: ReplicaDestinationProps) {
    super(scope, id);
    const onlyReplicationRole = { ArnEquals: { "aws:PrincipalArn": props.source.roleArn } };
    const key = new KmsKey(this, `${id}_key`, {
      accountId: props.accountId,
      alias: props.kmsKeyAlias,
      description: `Replicas in ${props.bucketName} (this account's key; the source's is never shared)`,
      statements: [
        {
          Sid: "SourceReplicationRoleEncryptsReplicas",
          Effect: "Allow",
          Principal: { AWS: accountRootArn(props.source.accountId) },
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: onlyReplicationRole,
        },
      ],
    });
    const bucket = s3BucketArn(props.bucketName);
    const admit: PolicyStatement[] = [
      {
        Sid: "SourceReplicationRoleOnly",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(props.source.accountId) },
        Action: ["s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
        Resource: `${bucket}/*`,
        Condition: onlyReplicationRole,
      },
      {
        Sid: "SourceReplicationRoleChecksVersioning",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(props.source.accountId) },
        Action: "s3:GetBucketVersioning", // read only: the source may not suspend versioning here
        Resource: bucket,
        Condition: onlyReplicationRole,
      },
    ];
    this.bucket = new SecureBucket(this, id, { bucketName: props.bucketName, kmsKeyArn: key.keyArn, policyStatements: admit, accessLogs: props.accessLogs });
  }
}
