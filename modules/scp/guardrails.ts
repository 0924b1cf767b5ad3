/**
 * Guardrail SCP documents, one per guardrail, as plain statements. Inputs are ARNs and patterns; nothing here
 * knows about accounts or YAML. Every document must stay under AWS's 5,120-character SCP limit when minified.
 */
import type { PolicyStatement } from "../lib/policy";

export const SCP_MAX_CHARACTERS = 5120;

/** Actions that are global (or only live in us-east-1) and must not be region-denied. */
export const GLOBAL_SERVICE_ACTIONS = [
  "a4b:*", "account:*", "acm:*", "aws-marketplace:*", "aws-portal:*", "budgets:*", "ce:*", "chatbot:*", "cloudfront:*",
  "cur:*", "directconnect:*", "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways",
  "fms:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "kms:*", "networkmanager:*", "organizations:*",
  "pricing:*", "route53:*", "route53domains:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:PutAccountPublic*",
  "shield:*", "sts:*", "support:*", "trustedadvisor:*", "waf:*", "waf-regional:*", "wafv2:*", "wellarchitected:*",
];

export interface CoreGuardrailProps {
  /** Principals allowed to manage the account-level S3 public access block (the deploy role). */
  readonly trustedPrincipalArns: string[];
}

/**
 * Never leave the organization, never switch regions on or off, never act as root, keep the S3 account public-access
 * block, 30-day KMS deletion.
 */
export function coreGuardrail(props: CoreGuardrailProps): PolicyStatement[] {
  return [
    { Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
    // Disabling an opt-in region would cut off the baseline and the detective controls there; the management account
    // (where SCPs never apply) enables them.
    { Sid: "DenyRegionOptInChanges", Effect: "Deny", Action: ["account:EnableRegion", "account:DisableRegion"], Resource: "*" },
    { Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } },
    {
      Sid: "DenyS3AccountPublicAccessChanges",
      Effect: "Deny",
      Action: "s3:PutAccountPublicAccessBlock", // also authorises DeleteAccountPublicAccessBlock
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": props.trustedPrincipalArns } },
    },
    {
      Sid: "DenyShortKmsDeletionWindow",
      Effect: "Deny",
      Action: "kms:ScheduleKeyDeletion",
      Resource: "*",
      Condition: { NumericLessThan: { "kms:ScheduleKeyDeletionPendingWindowInDays": "30" } },
    },
  ];
}

export interface ProtectAuditProps {
  /** Principals that may still change the audit services: the landing zone's deploy role and the break-glass role. */
  readonly managerPrincipalArns: string[];
}

/**
 * The organization trail, AWS Config (recorders, delivery, aggregators), GuardDuty, Security Hub and Access Analyzer
 * cannot be stopped, reconfigured, deleted or cut loose from their administrator, except by the landing zone itself.
 */
export function protectAuditGuardrail(props: ProtectAuditProps): PolicyStatement[] {
  return [
    {
      Sid: "ProtectAuditServices",
      Effect: "Deny",
      Action: [
        "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
        "config:DeleteConfigurationRecorder", "config:StopConfigurationRecorder", "config:PutConfigurationRecorder", "config:DeleteDeliveryChannel",
        "config:PutDeliveryChannel", "config:DeleteConfigRule", "config:DeleteConfigurationAggregator", "config:PutConfigurationAggregator",
        "config:DeleteRetentionConfiguration", "config:DeleteConformancePack", "config:DeleteOrganizationConformancePack",
        "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateFromAdministratorAccount",
        "guardduty:DisassociateMembers", "guardduty:DeleteMembers", "guardduty:StopMonitoringMembers", "guardduty:UpdateOrganizationConfiguration",
        "guardduty:UpdateMemberDetectors", "guardduty:CreateFilter", "guardduty:UpdateFilter", "guardduty:DeletePublishingDestination",
        "securityhub:DisableSecurityHub", "securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
        "securityhub:DisassociateMembers", "securityhub:DeleteMembers", "securityhub:BatchDisableStandards", "securityhub:UpdateStandardsControl",
        "securityhub:BatchUpdateStandardsControlAssociations", "securityhub:UpdateOrganizationConfiguration", "securityhub:DeleteFindingAggregator",
        "securityhub:UpdateFindingAggregator", "securityhub:DeleteConfigurationPolicy", "securityhub:UpdateConfigurationPolicy",
        "securityhub:StartConfigurationPolicyDisassociation",
        "access-analyzer:DeleteAnalyzer", "access-analyzer:CreateArchiveRule", "access-analyzer:UpdateArchiveRule", "access-analyzer:ApplyArchiveRule",
        "organizations:DeregisterDelegatedAdministrator",
      ],
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": props.managerPrincipalArns } },
    },
    {
      Sid: "ProtectConfigServiceRole",
      Effect: "Deny",
      Action: ["iam:DeleteServiceLinkedRole"],
      Resource: "arn:aws:iam::*:role/aws-service-role/config.amazonaws.com/*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": props.managerPrincipalArns } },
    },
  ];
}

export interface ProtectLandingZoneProps {
  /** Pattern of the baseline roles, e.g. arn:aws:iam::*:role/acme-*. */
  readonly baselineRoleArnPattern: string;
  /** Principals that manage the landing zone (deploy role, bootstrap role). */
  readonly managerPrincipalArns: string[];
  /** Accounts whose principals may assume baseline roles (identity and CI accounts). */
  readonly roleAssumingAccountIds: string[];
  /** Buckets whose configuration only the managers may change (state, audit archive). */
  readonly protectedBucketArns: string[];
  /**
   * The role Organizations creates in every member account (OrganizationAccountAccessRole): the break-glass path. No
   * member principal may change it or assume it, so only the management account reaches it.
   */
  readonly breakGlassRoleArnPattern: string | string[];
}

/** Baseline roles, the state bucket, the audit archive and backups can only be changed by the landing zone itself. */
export function protectLandingZoneGuardrail(props: ProtectLandingZoneProps): PolicyStatement[] {
  const notManager = { ArnNotLike: { "aws:PrincipalArn": props.managerPrincipalArns } };
  const roleChanges = [
    "iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
    "iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole",
  ];
  return [
    { Sid: "ProtectBaselineRoles", Effect: "Deny", Action: roleChanges, Resource: props.baselineRoleArnPattern, Condition: notManager },
    // No exemption: a member principal that could rewrite it (or assume it) would inherit every exemption below.
    { Sid: "ProtectBreakGlassRole", Effect: "Deny", Action: roleChanges, Resource: props.breakGlassRoleArnPattern },
    { Sid: "BreakGlassOnlyFromManagement", Effect: "Deny", Action: "sts:AssumeRole", Resource: props.breakGlassRoleArnPattern },
    {
      Sid: "AssumeBaselineRolesOnlyFromIdentityAndCi",
      Effect: "Deny",
      Action: "sts:AssumeRole",
      Resource: props.baselineRoleArnPattern,
      Condition: { StringNotEquals: { "aws:PrincipalAccount": props.roleAssumingAccountIds }, ...notManager },
    },
    {
      Sid: "ProtectStateAndAuditBuckets",
      Effect: "Deny",
      Action: [
        "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration",
        "s3:PutEncryptionConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls",
      ],
      Resource: props.protectedBucketArns,
      Condition: notManager,
    },
    {
      Sid: "ProtectStateHistory",
      Effect: "Deny",
      Action: ["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention", "s3:PutObjectLegalHold"],
      Resource: props.protectedBucketArns.map((b) => `${b}/*`),
      Condition: notManager,
    },
    {
      Sid: "ProtectBackups",
      Effect: "Deny",
      Action: [
        "backup:DeleteBackupVault", "backup:DeleteBackupVaultAccessPolicy", "backup:PutBackupVaultAccessPolicy", "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVaultLockConfiguration", "backup:DeleteBackupPlan",
      ],
      Resource: "*",
      Condition: notManager,
    },
  ];
}

export interface RestrictRegionsProps {
  readonly allowedRegions: string[];
}

/**
 * Deny everything outside the allowed regions, except global services — and CloudWatch Logs in us-east-1, the only
 * region Route 53 delivers DNS query logs to.
 */
export function restrictRegionsGuardrail(props: RestrictRegionsProps): PolicyStatement[] {
  return [
    {
      Sid: "DenyOutsideAllowedRegions",
      Effect: "Deny",
      NotAction: [...GLOBAL_SERVICE_ACTIONS, "logs:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": props.allowedRegions } },
    },
    {
      Sid: "DenyLogsOutsideAllowedRegionsAndRoute53QueryLogRegion",
      Effect: "Deny",
      Action: "logs:*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...new Set([...props.allowedRegions, "us-east-1"])] } },
    },
  ];
}
