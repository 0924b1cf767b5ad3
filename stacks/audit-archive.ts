import type { Construct } from "constructs";
import {
  auditAccount,
  auditBucketName,
  kmsAliasArn,
  auditKmsAlias,
  managementAccount,
  orgTrailArn,
  requireAccountId,
  type Account,
  type OrgConfig,
} from "../config";
import { KmsKey } from "../modules/kms-key";
import { s3BucketArn } from "../modules/lib/policy";
import { cloudTrailBucketStatements, cloudTrailKeyStatements } from "../modules/org-trail";
import { SecureBucket } from "../modules/secure-bucket";
import type { AccessLogTarget } from "./access-logs";

/** The audit-log archive: the organization trail's bucket and key, in the audit account. */
export function addAuditArchive(scope: Construct, config: OrgConfig, account: Account, accessLogs: AccessLogTarget): SecureBucket {
  const accountId = requireAccountId(account, "the audit archive");
  const managementId = requireAccountId(managementAccount(config), "the organization trail");
  const trailArn = orgTrailArn(config, managementId);
  const bucketName = auditBucketName(config, accountId);
  const key = new KmsKey(scope, "audit_key", {
    accountId,
    alias: auditKmsAlias(config),
    description: "Organization CloudTrail logs",
    statements: cloudTrailKeyStatements(trailArn, managementId),
  });
  return new SecureBucket(scope, "audit_archive", {
    bucketName,
    kmsKeyArn: key.keyArn,
    kmsKeyAliases: [auditKmsKeyId(config, account)],
    objectLock: { mode: config.audit.objectLockMode === "governance" ? "GOVERNANCE" : "COMPLIANCE", days: config.audit.objectLockDays },
    transitions: [{ days: config.audit.glacierAfterDays, storageClass: "GLACIER" }],
    noncurrentVersionExpirationDays: Math.max(config.audit.objectLockDays, 365),
    policyStatements: cloudTrailBucketStatements(s3BucketArn(bucketName), trailArn),
    accessLogs: accessLogs(bucketName),
  });
}

/** How other accounts name the audit key (no cross-stack tokens): its alias ARN. */
export function auditKmsKeyId(config: OrgConfig, account: Account = auditAccount(config)): string {
  return kmsAliasArn(account.region, requireAccountId(account, "the audit key"), auditKmsAlias(config));
}
