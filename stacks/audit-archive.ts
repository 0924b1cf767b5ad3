import type { Construct } from "constructs";
import {
  auditAccount,
  auditBucketName,
  kmsAliasArn,
  auditKmsAlias,
  enabledAccounts,
  kmsKeyArnPattern,
  securityAccount,
  securityNames,
  managementAccount,
  orgTrailArn,
  requireAccountId,
  type Account,
  type OrgConfig,
} from "../config";
import { configBucketStatements, configKeyStatement } from "../modules/config-recorder";
import { guardDutyExportBucketStatements } from "../modules/guardduty-organization";
import { KmsKey } from "../modules/kms-key";
import { s3BucketArn } from "../modules/lib/policy";
import { cloudTrailBucketStatements, cloudTrailKeyStatements } from "../modules/org-trail";
import { SecureBucket } from "../modules/secure-bucket";
import type { AccessLogTarget } from "./access-logs";

/** The audit-log archive: the organization trail's and AWS Config's bucket and key, in the audit account. */
export function addAuditArchive(scope: Construct, config: OrgConfig, account: Account, accessLogs: AccessLogTarget): SecureBucket {
  const accountId = requireAccountId(account, "the audit archive");
  const managementId = requireAccountId(managementAccount(config), "the organization trail");
  const trailArn = orgTrailArn(config, managementId);
  const bucketName = auditBucketName(config, accountId);
  // Every account records AWS Config into the archive (its own stack's recorder, in each allowed region).
  // While bootstrapping, accounts still being created have no id: they are admitted once they do.
  const recordingAccounts = enabledAccounts(config).flatMap((a) => (a.id ? [a.id] : []));
  const securityId = securityAccount(config).id;
  const findings = { prefix: securityNames(config).guardDutyFindingsPrefix };
  const key = new KmsKey(scope, "audit_key", {
    accountId,
    alias: auditKmsAlias(config),
    description: "Organization CloudTrail logs",
    statements: [...cloudTrailKeyStatements(trailArn, managementId), configKeyStatement(recordingAccounts)],
  });
  return new SecureBucket(scope, "audit_archive", {
    bucketName,
    kmsKeyArn: key.keyArn,
    kmsKeyAliases: [auditKmsKeyId(config, account)],
    objectLock: { mode: config.audit.objectLockMode === "governance" ? "GOVERNANCE" : "COMPLIANCE", days: config.audit.objectLockDays },
    transitions: [{ days: config.audit.glacierAfterDays, storageClass: "GLACIER" }],
    noncurrentVersionExpirationDays: Math.max(config.audit.objectLockDays, 365),
    policyStatements: [
      ...cloudTrailBucketStatements(s3BucketArn(bucketName), trailArn),
      ...configBucketStatements(s3BucketArn(bucketName), recordingAccounts),
      ...(securityId ? guardDutyExportBucketStatements(s3BucketArn(bucketName), findings.prefix, securityId) : []),
    ],
    // GuardDuty names the key it encrypts exports with: one of the security account's, in this bucket's region.
    prefixKeys: securityId ? [{ prefix: `${findings.prefix}/`, kmsKeyArnPatterns: [kmsKeyArnPattern(account.region, securityId)] }] : undefined,
    accessLogs: accessLogs(bucketName),
  });
}

/** How other accounts name the audit key (no cross-stack tokens): its alias ARN. */
export function auditKmsKeyId(config: OrgConfig, account: Account = auditAccount(config)): string {
  return kmsAliasArn(account.region, requireAccountId(account, "the audit key"), auditKmsAlias(config));
}
