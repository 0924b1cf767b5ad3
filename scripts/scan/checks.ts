/**
 * Security checks by checkov / CIS ID (shared/SECURITY.md), evaluated on `terraform show -json` plan output: final
 * values with the provider's defaults filled in. Each check says which resource types it applies to and returns
 * true (passed), false (failed) or "n/a" for a resource it does not concern.
 */

import { expandAction, type ActionInfo } from "./iam-actions";

export interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly values: Record<string, any>;
  /** Attributes known only after apply (e.g. ARNs). */
  readonly unknown: Record<string, unknown>;
}

export interface StackContext {
  readonly stack: string;
  readonly tier: string;
  readonly resources: PlannedResource[];
  /** Resources of `type` whose configuration refers to `address`. */
  referencing(type: string, address: string): PlannedResource[];
}

export type Outcome = boolean | "n/a";

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly types: string[];
  evaluate(r: PlannedResource, ctx: StackContext): Outcome;
}

const isSet = (r: PlannedResource, key: string) => (r.values[key] !== null && r.values[key] !== undefined && r.values[key] !== "") || r.unknown[key] === true;
const policyOf = (text: unknown) => (typeof text === "string" && text ? (JSON.parse(text) as { Statement: Record<string, unknown>[] }).Statement : []);
const allowsEveryone = (statements: Record<string, unknown>[]) =>
  statements.some((s) => s.Effect === "Allow" && (s.Principal === "*" || (s.Principal as { AWS?: unknown })?.AWS === "*"));
const one = (ctx: StackContext, type: string, r: PlannedResource) => ctx.referencing(type, r.address)[0];
const prodOnly = (ctx: StackContext, test: () => boolean): Outcome => (ctx.tier === "prod" ? test() : "n/a");
const isReplica = (r: PlannedResource) => !!r.values.replicate_source_db;
const containers = (r: PlannedResource) => JSON.parse(r.values.container_definitions ?? "[]") as Record<string, unknown>[];

/** Identity policy documents landing-zone may create. */
const IAM_POLICIES = ["aws_iam_role_policy", "aws_iam_group_policy", "aws_iam_policy", "aws_iam_user_policy"];
const identityStatements = (r: PlannedResource) =>
  policyOf(typeof r.values.policy === "string" ? r.values.policy.replace(/\$\$\{/g, "${") : undefined);
/** Allow statements over every resource (Resource "*", or NotResource, which is at least as broad). */
const allowsOnAnyResource = (r: PlannedResource) =>
  identityStatements(r).filter((st) => st.Effect === "Allow" && ([st.Resource ?? []].flat().includes("*") || st.NotResource !== undefined));
const actionsOf = (st: Record<string, unknown>): ActionInfo[] => (st.NotAction !== undefined ? expandAction("*") : [st.Action ?? []].flat().flatMap((a) => expandAction(String(a))));
/** Passes when no Allow on every resource grants an action `bad` picks. */
const noUnconstrained = (r: PlannedResource, bad: (a: ActionInfo) => boolean) => !allowsOnAnyResource(r).some((st) => actionsOf(st).some(bad));
const named = (list: string[]) => { const set = new Set(list.map((a) => a.toLowerCase())); return (a: ActionInfo) => a.name === "*" || set.has(a.name.toLowerCase()); };
// The action lists of checkov's cloudsplaining checks (CKV_AWS_286–288), as published by cloudsplaining.
const PRIVILEGE_ESCALATION = named([
  "iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
  "iam:CreatePolicyVersion", "iam:PassRole", "iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy", "iam:UpdateLoginProfile", "lambda:UpdateFunctionCode", "glue:UpdateDevEndpoint", "codestar:CreateProjectFromTemplate",
]);
const CREDENTIALS_EXPOSURE = named([ // checkov excludes ecr:GetAuthorizationToken (it only works on "*")
  "chime:CreateApiKey", "codepipeline:PollForJobs", "cognito-identity:GetOpenIdToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
  "cognito-identity:GetCredentialsForIdentity", "connect:GetFederationToken", "connect:GetFederationTokens", "ec2:GetPasswordData",
  "gamelift:GetInstanceAccess", "gamelift:RequestUploadCredentials", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey", "lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword",
  "rds-db:Connect", "redshift:GetClusterCredentials", "sso:GetRoleCredentials", "mediapackage:RotateChannelCredentials",
  "mediapackage:RotateIngestEndpointCredentials", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
  "sts:GetFederationToken", "sts:GetSessionToken",
]);
const DATA_EXFILTRATION = named(["s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue"]);
const GITHUB_OIDC = "token.actions.githubusercontent.com";
/** Trust statements of a role that federate GitHub Actions' OIDC provider (by its ARN or its condition keys). */
const githubTrust = (r: PlannedResource) =>
  policyOf(r.values.assume_role_policy).filter((st) => {
    const federated = (st.Principal as { Federated?: unknown })?.Federated;
    return federated !== undefined && JSON.stringify([federated, st.Condition ?? {}]).includes(GITHUB_OIDC);
  });

/** Port ranges a security-group resource opens to the whole internet (0.0.0.0/0 or ::/0); "all" for every port. */
function worldIngress(r: PlannedResource): ({ from: number; to: number } | "all")[] {
  const world = (v: unknown) => [v ?? []].flat().some((c) => c === "0.0.0.0/0" || c === "::/0");
  const range = (protocol: unknown, from: unknown, to: unknown) =>
    String(protocol) === "-1" || String(protocol) === "all" ? ("all" as const) : { from: Number(from), to: Number(to) };
  if (r.type === "aws_vpc_security_group_ingress_rule") {
    return world(r.values.cidr_ipv4) || world(r.values.cidr_ipv6) ? [range(r.values.ip_protocol, r.values.from_port, r.values.to_port)] : [];
  }
  if (r.type === "aws_security_group_rule" && r.values.type !== "ingress") return [];
  const rules = r.type === "aws_security_group" ? (r.values.ingress ?? []) : [r.values];
  return rules
    .filter((i: Record<string, unknown>) => world(i.cidr_blocks) || world(i.ipv6_cidr_blocks))
    .map((i: Record<string, unknown>) => range(i.protocol, i.from_port, i.to_port));
}
const INGRESS = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];
const opensToWorld = (r: PlannedResource, port: number) => worldIngress(r).some((x) => x === "all" || (x.from <= port && port <= x.to));
const publicAccessBlock = (key: string) => (r: PlannedResource) => r.values[key] === true;

const S3 = ["aws_s3_bucket"];
/** The bucket other buckets' server access logs go to (it cannot log to itself, and AWS requires SSE-S3 for it). */
const isAccessLogTarget = (r: PlannedResource, c: StackContext) =>
  c.resources.some((x) => x.type === "aws_s3_bucket_logging" && x.values.target_bucket === r.values.bucket);
const RDS = ["aws_db_instance"];
/** Once per account: the password policy every account's baseline stack holds. */
const ACCOUNT_BASELINE = ["aws_iam_account_password_policy"];
const REDIS = ["aws_elasticache_replication_group"];
const DOCDB = ["aws_docdb_cluster"];

export const CHECKS: Check[] = [
  // S3
  { id: "CKV2_AWS_6", title: "S3 bucket has a public access block with all four settings", types: S3, evaluate: (r, c) => {
    const pab = one(c, "aws_s3_bucket_public_access_block", r);
    return !!pab && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => pab.values[k] === true);
  } },
  { id: "CKV_AWS_53", title: "S3 public access block: block public ACLs", types: ["aws_s3_bucket_public_access_block"], evaluate: publicAccessBlock("block_public_acls") },
  { id: "CKV_AWS_54", title: "S3 public access block: block public policy", types: ["aws_s3_bucket_public_access_block"], evaluate: publicAccessBlock("block_public_policy") },
  { id: "CKV_AWS_55", title: "S3 public access block: ignore public ACLs", types: ["aws_s3_bucket_public_access_block"], evaluate: publicAccessBlock("ignore_public_acls") },
  { id: "CKV_AWS_56", title: "S3 public access block: restrict public buckets", types: ["aws_s3_bucket_public_access_block"], evaluate: publicAccessBlock("restrict_public_buckets") },
  { id: "CKV_AWS_21", title: "S3 bucket versioning enabled", types: S3, evaluate: (r, c) => one(c, "aws_s3_bucket_versioning", r)?.values.versioning_configuration?.[0]?.status === "Enabled" },
  { id: "CKV_AWS_145", title: "S3 bucket encrypted with a KMS CMK (n/a: ALB and S3 access-log targets, which AWS delivers to only with SSE-S3)", types: S3, evaluate: (r, c) =>
    c.resources.some((x) => x.type === "aws_lb" && x.values.access_logs?.[0]?.bucket === r.values.bucket) || isAccessLogTarget(r, c)
      ? "n/a"
      : one(c, "aws_s3_bucket_server_side_encryption_configuration", r)?.values.rule?.[0]?.apply_server_side_encryption_by_default?.[0]?.sse_algorithm === "aws:kms" },
  { id: "CKV_AWS_18", title: "S3 bucket sends server access logs (n/a: the access-log bucket itself)", types: S3, evaluate: (r, c) =>
    isAccessLogTarget(r, c) ? "n/a" : !!one(c, "aws_s3_bucket_logging", r)?.values.target_bucket },
  { id: "CKV2_AWS_61", title: "S3 bucket has a lifecycle configuration", types: S3, evaluate: (r, c) => !!one(c, "aws_s3_bucket_lifecycle_configuration", r) },
  { id: "CKV_AWS_300", title: "S3 lifecycle aborts incomplete multipart uploads", types: S3, evaluate: (r, c) =>
    (one(c, "aws_s3_bucket_lifecycle_configuration", r)?.values.rule ?? []).some((x: { abort_incomplete_multipart_upload?: unknown[] }) => x.abort_incomplete_multipart_upload?.length) },
  { id: "CKV2_AWS_65", title: "S3 object ownership BucketOwnerEnforced (no ACLs)", types: S3, evaluate: (r, c) =>
    one(c, "aws_s3_bucket_ownership_controls", r)?.values.rule?.[0]?.object_ownership === "BucketOwnerEnforced" },
  { id: "CKV_AWS_70", title: "S3 bucket policy allows nothing to everyone", types: S3, evaluate: (r, c) => !allowsEveryone(policyOf(one(c, "aws_s3_bucket_policy", r)?.values.policy)) },
  { id: "LZ_S3_TLS_ONLY", title: "S3 bucket policy denies aws:SecureTransport=false", types: S3, evaluate: (r, c) =>
    policyOf(one(c, "aws_s3_bucket_policy", r)?.values.policy).some((s) => s.Effect === "Deny" && JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"')) },
  { id: "LZ_S3_NO_FORCE_DESTROY", title: "S3 bucket force_destroy is false", types: S3, evaluate: (r) => r.values.force_destroy === false },
  { id: "CKV_AWS_143", title: "Audit archive has Object Lock", types: S3, evaluate: (r) => (r.name.includes("audit") ? r.values.object_lock_enabled === true : "n/a") },
  // KMS
  { id: "CKV_AWS_7", title: "KMS key rotation enabled (n/a: asymmetric keys, which AWS cannot rotate)", types: ["aws_kms_key"], evaluate: (r) =>
    (r.values.customer_master_key_spec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT" ? "n/a" : r.values.enable_key_rotation === true },
  { id: "CKV_AWS_33", title: "KMS key policy has no wildcard principal", types: ["aws_kms_key"], evaluate: (r) => !allowsEveryone(policyOf(r.values.policy)) },
  { id: "CKV2_AWS_64", title: "KMS key has an explicit key policy", types: ["aws_kms_key"], evaluate: (r) => typeof r.values.policy === "string" && r.values.policy.length > 0 },
  { id: "LZ_KMS_30_DAY_WINDOW", title: "KMS key deletion window is 30 days", types: ["aws_kms_key"], evaluate: (r) => r.values.deletion_window_in_days === 30 },
  // CloudTrail
  { id: "CKV_AWS_67", title: "CloudTrail is multi-region", types: ["aws_cloudtrail"], evaluate: (r) => r.values.is_multi_region_trail === true },
  { id: "CKV_AWS_36", title: "CloudTrail log file validation", types: ["aws_cloudtrail"], evaluate: (r) => r.values.enable_log_file_validation === true },
  { id: "CKV_AWS_35", title: "CloudTrail encrypted with KMS", types: ["aws_cloudtrail"], evaluate: (r) => isSet(r, "kms_key_id") },
  { id: "CKV_AWS_251", title: "CloudTrail logging enabled", types: ["aws_cloudtrail"], evaluate: (r) => r.values.enable_logging === true },
  { id: "CKV_AWS_252", title: "CloudTrail notifies an SNS topic", types: ["aws_cloudtrail"], evaluate: (r) => isSet(r, "sns_topic_name") },
  { id: "LZ_CIS_MONITORING", title: "CIS 4.1–4.15: a metric filter and an alarm per control on the trail's log group", types: ["aws_cloudtrail"], evaluate: (r, c) => {
    if (!isSet(r, "cloud_watch_logs_group_arn")) return false;
    const filters = c.resources.filter((x) => x.type === "aws_cloudwatch_log_metric_filter");
    const alarmed = new Set(c.resources.filter((x) => x.type === "aws_cloudwatch_metric_alarm").map((x) => `${x.values.namespace}|${x.values.metric_name}`));
    return Array.from({ length: 15 }, (_, i) => `cis-4.${i + 1}-`).every((prefix) => filters.some((f) => {
      const metric = f.values.metric_transformation?.[0];
      return String(f.values.name).startsWith(prefix) && !!metric && alarmed.has(`${metric.namespace}|${metric.name}`);
    }));
  } },
  { id: "CKV2_AWS_10", title: "CloudTrail delivers to CloudWatch Logs", types: ["aws_cloudtrail"], evaluate: (r) => isSet(r, "cloud_watch_logs_group_arn") },
  // Detective controls and account-wide defaults (CIS AWS Foundations v3; checkov has no resource checks for these)
  { id: "LZ_CIS_3_3", title: "CIS 3.3: AWS Config records all supported resource types, and recording is on", types: ["aws_config_configuration_recorder"], evaluate: (r, c) =>
    r.values.recording_group?.[0]?.all_supported === true && one(c, "aws_config_configuration_recorder_status", r)?.values.is_enabled === true },
  { id: "LZ_CIS_3_3_EVERY_REGION", title: "CIS 3.3: the account records Config in every region it sets defaults for, global resources in exactly one, each with a delivery channel", types: ACCOUNT_BASELINE, evaluate: (_r, c) => {
    const recorders = c.resources.filter((x) => x.type === "aws_config_configuration_recorder");
    const regions = c.resources.filter((x) => x.type === "aws_ebs_encryption_by_default").length;
    return recorders.length > 0 && recorders.length === regions && recorders.filter((x) => x.values.recording_group?.[0]?.include_global_resource_types === true).length === 1
      && c.resources.filter((x) => x.type === "aws_config_delivery_channel").length === recorders.length;
  } },
  { id: "LZ_CIS_2_1_4", title: "CIS 2.1.4: S3 account-level public access block, all four settings", types: ACCOUNT_BASELINE, evaluate: (_r, c) =>
    c.resources.some((x) => x.type === "aws_s3_account_public_access_block" && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => x.values[k] === true)) },
  { id: "LZ_CIS_2_2_1", title: "CIS 2.2.1: EBS encryption by default", types: ["aws_ebs_encryption_by_default"], evaluate: (r) => r.values.enabled === true },
  { id: "LZ_CIS_5_6", title: "CIS 5.6: instance metadata defaults require IMDSv2 (hop limit at most 2)", types: ["aws_ec2_instance_metadata_defaults"], evaluate: (r) =>
    r.values.http_tokens === "required" && Number(r.values.http_put_response_hop_limit) <= 2 },
  { id: "LZ_CIS_5_6_EVERY_REGION", title: "CIS 2.2.1 / 5.6: EBS and IMDS defaults in the same regions, one pair per region", types: ACCOUNT_BASELINE, evaluate: (_r, c) => {
    const count = (type: string) => c.resources.filter((x) => x.type === type).length;
    return count("aws_ebs_encryption_by_default") > 0 && count("aws_ebs_encryption_by_default") === count("aws_ec2_instance_metadata_defaults");
  } },
  { id: "LZ_CIS_4_16", title: "CIS 4.16: Security Hub on, with CIS AWS Foundations v3, applied to the organization root", types: ["aws_securityhub_configuration_policy"], evaluate: (r, c) =>
    r.values.configuration_policy?.[0]?.service_enabled === true
      && (r.values.configuration_policy?.[0]?.enabled_standard_arns ?? []).some((a: string) => a.includes("cis-aws-foundations-benchmark/v/3.0.0"))
      && !!one(c, "aws_securityhub_configuration_policy_association", r) },
  { id: "LZ_GUARDDUTY_ORGANIZATION", title: "GuardDuty enrols every account of the organization (auto-enable ALL)", types: ["aws_guardduty_organization_configuration"], evaluate: (r) =>
    r.values.auto_enable_organization_members === "ALL" },
  { id: "LZ_ACCESS_ANALYZER_UNUSED", title: "Unused-access analyzer reports access unused for at most 365 days", types: ["aws_accessanalyzer_analyzer"], evaluate: (r) =>
    (r.values.type === "ORGANIZATION_UNUSED_ACCESS" ? Number(r.values.configuration?.[0]?.unused_access?.[0]?.unused_access_age) <= 365 : "n/a") },
  // Route 53
  { id: "CKV2_AWS_38", title: "Public zone is DNSSEC-signed", types: ["aws_route53_zone"], evaluate: (r, c) =>
    one(c, "aws_route53_hosted_zone_dnssec", r)?.values.signing_status === "SIGNING" && !!one(c, "aws_route53_key_signing_key", r) },
  { id: "CKV2_AWS_39", title: "Public zone has query logging", types: ["aws_route53_zone"], evaluate: (r, c) => !!one(c, "aws_route53_query_log", r) },
  // RDS
  { id: "CKV_AWS_16", title: "RDS storage encrypted", types: RDS, evaluate: (r) => r.values.storage_encrypted === true },
  { id: "CKV_AWS_17", title: "RDS not publicly accessible", types: RDS, evaluate: (r) => r.values.publicly_accessible === false },
  { id: "CKV_AWS_293", title: "RDS deletion protection", types: RDS, evaluate: (r) => r.values.deletion_protection === true },
  { id: "CKV_AWS_133", title: "RDS backup retention 1–35 days", types: RDS, evaluate: (r) => (isReplica(r) ? "n/a" : r.values.backup_retention_period >= 1 && r.values.backup_retention_period <= 35) },
  { id: "CKV_AWS_157", title: "RDS Multi-AZ (prod)", types: RDS, evaluate: (r, c) => (isReplica(r) ? "n/a" : prodOnly(c, () => r.values.multi_az === true)) },
  { id: "CKV_AWS_129", title: "RDS log exports enabled", types: RDS, evaluate: (r) => (r.values.enabled_cloudwatch_logs_exports ?? []).includes("postgresql") },
  { id: "CKV_AWS_118", title: "RDS enhanced monitoring", types: RDS, evaluate: (r) => r.values.monitoring_interval > 0 },
  { id: "CKV_AWS_161", title: "RDS IAM authentication", types: RDS, evaluate: (r) => r.values.iam_database_authentication_enabled === true },
  { id: "CKV_AWS_226", title: "RDS auto minor version upgrade", types: RDS, evaluate: (r) => r.values.auto_minor_version_upgrade === true },
  { id: "CKV_AWS_353", title: "RDS Performance Insights", types: RDS, evaluate: (r) => r.values.performance_insights_enabled === true },
  { id: "CKV_AWS_354", title: "RDS Performance Insights encrypted with a CMK", types: RDS, evaluate: (r) => isSet(r, "performance_insights_kms_key_id") },
  { id: "CKV2_AWS_60", title: "RDS copies tags to snapshots", types: RDS, evaluate: (r) => r.values.copy_tags_to_snapshot === true },
  { id: "LZ_RDS_FINAL_SNAPSHOT", title: "RDS takes a final snapshot", types: RDS, evaluate: (r) => (isReplica(r) ? "n/a" : r.values.skip_final_snapshot === false) },
  { id: "LZ_RDS_KEEP_AUTOMATED_BACKUPS", title: "RDS keeps automated backups on delete", types: RDS, evaluate: (r) => r.values.delete_automated_backups === false },
  { id: "LZ_RDS_IN_BACKUP_PLAN", title: "RDS primary is selected by an AWS Backup plan (by its tags)", types: RDS, evaluate: (r, c) => {
    if (isReplica(r)) return "n/a";
    const tags = { ...(r.values.tags_all ?? {}), ...(r.values.tags ?? {}) } as Record<string, string>;
    return c.resources.some((x) => x.type === "aws_backup_selection" &&
      (x.values.selection_tag ?? []).some((t: { type: string; key: string; value: string }) => t.type === "STRINGEQUALS" && tags[t.key] === t.value));
  } },
  { id: "CKV2_AWS_30", title: "PostgreSQL parameter group logs statements (log_statement)", types: ["aws_db_parameter_group"], evaluate: (r) =>
    !String(r.values.family ?? "").startsWith("postgres") ? "n/a"
      : (r.values.parameter ?? []).some((p: { name: string; value: string }) => p.name === "log_statement" && ["ddl", "mod", "all"].includes(p.value)) },
  { id: "CKV2_AWS_69", title: "RDS parameter group forces TLS", types: ["aws_db_parameter_group"], evaluate: (r) =>
    (r.values.parameter ?? []).some((p: { name: string; value: string }) => p.name === "rds.force_ssl" && p.value === "1") },
  // API Gateway (HTTP APIs)
  { id: "CKV_AWS_95", title: "API Gateway V2 stage logs access", types: ["aws_apigatewayv2_stage"], evaluate: (r) => !!r.values.access_log_settings?.[0]?.destination_arn || (r.unknown.access_log_settings as { destination_arn?: boolean }[] | undefined)?.[0]?.destination_arn === true },
  { id: "LZ_APIGW_THROTTLED", title: "API Gateway V2 stage throttles its default route", types: ["aws_apigatewayv2_stage"], evaluate: (r) =>
    Number(r.values.default_route_settings?.[0]?.throttling_rate_limit) > 0 && Number(r.values.default_route_settings?.[0]?.throttling_burst_limit) > 0 },
  { id: "LZ_APIGW_TLS", title: "API Gateway custom domain requires TLS 1.2", types: ["aws_apigatewayv2_domain_name"], evaluate: (r) => r.values.domain_name_configuration?.[0]?.security_policy === "TLS_1_2" },
  { id: "LZ_APIGW_CUSTOM_DOMAIN_ONLY", title: "API Gateway V2 API answers only at its custom domain (execute-api endpoint off)", types: ["aws_apigatewayv2_api"], evaluate: (r) => r.values.disable_execute_api_endpoint === true },
  // DocumentDB
  { id: "CKV_AWS_74", title: "DocumentDB encrypted at rest", types: DOCDB, evaluate: (r) => r.values.storage_encrypted === true },
  { id: "CKV_AWS_182", title: "DocumentDB encrypted with a KMS CMK", types: DOCDB, evaluate: (r) => isSet(r, "kms_key_id") },
  { id: "CKV_AWS_85", title: "DocumentDB exports its logs (audit, profiler)", types: DOCDB, evaluate: (r) => ["audit", "profiler"].every((l) => (r.values.enabled_cloudwatch_logs_exports ?? []).includes(l)) },
  { id: "LZ_DOCDB_BACKUP", title: "DocumentDB keeps backups (≥ 1 day), deletion protection and a final snapshot", types: DOCDB, evaluate: (r) =>
    r.values.backup_retention_period >= 1 && r.values.deletion_protection === true && r.values.skip_final_snapshot === false },
  { id: "CKV_AWS_90", title: "DocumentDB cluster parameter group requires TLS", types: ["aws_docdb_cluster_parameter_group"], evaluate: (r) =>
    (r.values.parameter ?? []).some((p: Record<string, unknown>) => p.name === "tls" && p.value === "enabled") },
  { id: "CKV_AWS_104", title: "DocumentDB cluster parameter group turns audit logs on", types: ["aws_docdb_cluster_parameter_group"], evaluate: (r) =>
    (r.values.parameter ?? []).some((p: Record<string, unknown>) => p.name === "audit_logs" && p.value === "enabled") },
  // ElastiCache
  { id: "CKV_AWS_29", title: "Redis encrypted at rest", types: REDIS, evaluate: (r) => String(r.values.at_rest_encryption_enabled) === "true" },
  { id: "CKV_AWS_30", title: "Redis encrypted in transit", types: REDIS, evaluate: (r) => r.values.transit_encryption_enabled === true },
  { id: "CKV_AWS_31", title: "Redis auth through an RBAC user group", types: REDIS, evaluate: (r) => isSet(r, "user_group_ids") && !r.values.auth_token },
  { id: "CKV_AWS_191", title: "Redis encrypted with a CMK", types: REDIS, evaluate: (r) => isSet(r, "kms_key_id") },
  { id: "CKV2_AWS_50", title: "Redis automatic failover (prod)", types: REDIS, evaluate: (r, c) => prodOnly(c, () => r.values.automatic_failover_enabled === true) },
  // ECR
  { id: "CKV_AWS_51", title: "ECR tags immutable", types: ["aws_ecr_repository"], evaluate: (r) => r.values.image_tag_mutability === "IMMUTABLE" },
  { id: "CKV_AWS_163", title: "ECR scan on push", types: ["aws_ecr_repository"], evaluate: (r) => r.values.image_scanning_configuration?.[0]?.scan_on_push === true },
  { id: "CKV_AWS_136", title: "ECR encrypted with KMS", types: ["aws_ecr_repository"], evaluate: (r) => r.values.encryption_configuration?.[0]?.encryption_type === "KMS" },
  { id: "CKV_AWS_32", title: "ECR policy not public", types: ["aws_ecr_repository_policy"], evaluate: (r) => !allowsEveryone(policyOf(r.values.policy)) },
  // ALB
  { id: "CKV_AWS_131", title: "ALB drops invalid headers", types: ["aws_lb"], evaluate: (r) => r.values.drop_invalid_header_fields === true },
  { id: "CKV_AWS_150", title: "ALB deletion protection (prod)", types: ["aws_lb"], evaluate: (r, c) => prodOnly(c, () => r.values.enable_deletion_protection === true) },
  { id: "CKV_AWS_91", title: "ALB access logs", types: ["aws_lb"], evaluate: (r) => r.values.access_logs?.[0]?.enabled === true },
  { id: "CKV_AWS_328", title: "ALB desync mitigation defensive or strictest", types: ["aws_lb"], evaluate: (r) => ["defensive", "strictest"].includes(r.values.desync_mitigation_mode) },
  { id: "CKV2_AWS_28", title: "ALB protected by WAFv2", types: ["aws_lb"], evaluate: (r, c) => c.referencing("aws_wafv2_web_acl_association", r.address).length > 0 },
  { id: "CKV2_AWS_20", title: "ALB redirects HTTP to HTTPS", types: ["aws_lb"], evaluate: (r, c) => {
    const http = c.referencing("aws_lb_listener", r.address).filter((l) => l.values.protocol === "HTTP");
    return http.every((l) => (l.values.default_action ?? []).some((a: { type: string; redirect?: { protocol: string }[] }) => a.type === "redirect" && a.redirect?.[0]?.protocol === "HTTPS"));
  } },
  { id: "CKV_AWS_2", title: "ALB listener is HTTPS or redirects to it", types: ["aws_lb_listener"], evaluate: (r) =>
    r.values.protocol === "HTTPS" || r.values.default_action?.[0]?.redirect?.[0]?.protocol === "HTTPS" },
  { id: "CKV_AWS_103", title: "ALB HTTPS listener uses TLS 1.2+", types: ["aws_lb_listener"], evaluate: (r) => (r.values.protocol === "HTTPS" ? /TLS13|TLS-1-2/.test(r.values.ssl_policy) : "n/a") },
  { id: "CKV_AWS_261", title: "Target group health check", types: ["aws_lb_target_group"], evaluate: (r) => r.values.health_check?.[0]?.enabled === true },
  // VPC
  { id: "CKV2_AWS_11", title: "VPC flow logs enabled", types: ["aws_vpc"], evaluate: (r, c) => c.referencing("aws_flow_log", r.address).length > 0 },
  { id: "CKV2_AWS_12", title: "Default security group has no rules", types: ["aws_default_security_group"], evaluate: (r) => !(r.values.ingress ?? []).length && !(r.values.egress ?? []).length },
  { id: "CKV_AWS_23", title: "Security group rules are described", types: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"], evaluate: (r) => !!r.values.description },
  { id: "CKV_AWS_260", title: "No internet ingress except the ALB's 80/443", types: INGRESS, evaluate: (r) =>
    worldIngress(r).every((x) => x !== "all" && x.from === x.to && [80, 443].includes(x.from)) },
  { id: "CKV_AWS_24", title: "No internet ingress to SSH (22)", types: INGRESS, evaluate: (r) => !opensToWorld(r, 22) },
  { id: "CKV_AWS_25", title: "No internet ingress to RDP (3389)", types: INGRESS, evaluate: (r) => !opensToWorld(r, 3389) },
  { id: "CKV_AWS_277", title: "No internet ingress on all ports", types: INGRESS, evaluate: (r) => !worldIngress(r).some((x) => x === "all" || (x.from <= 0 && x.to >= 65535)) },
  { id: "CKV2_AWS_1", title: "NACL attached to subnets", types: ["aws_network_acl"], evaluate: (r) => isSet(r, "subnet_ids") },
  // ECS
  { id: "CKV_AWS_65", title: "ECS Container Insights", types: ["aws_ecs_cluster"], evaluate: (r) => (r.values.setting ?? []).some((s: { name: string; value: string }) => s.name === "containerInsights" && s.value !== "disabled") },
  { id: "CKV_AWS_333", title: "ECS tasks get no public IP", types: ["aws_ecs_service"], evaluate: (r) => r.values.network_configuration?.[0]?.assign_public_ip === false },
  { id: "CKV_AWS_332", title: "ECS Fargate platform LATEST", types: ["aws_ecs_service"], evaluate: (r) => r.values.platform_version === "LATEST" },
  { id: "CKV_AWS_336", title: "ECS containers have read-only root filesystems", types: ["aws_ecs_task_definition"], evaluate: (r) => containers(r).every((x) => x.readonlyRootFilesystem === true) },
  { id: "CKV_AWS_334", title: "ECS containers are not privileged", types: ["aws_ecs_task_definition"], evaluate: (r) => containers(r).every((x) => x.privileged !== true) },
  { id: "CKV_AWS_335", title: "ECS tasks do not share the host's process namespace", types: ["aws_ecs_task_definition"], evaluate: (r) => r.values.pid_mode !== "host" },
  { id: "CKV_AWS_249", title: "ECS execution role differs from task role", types: ["aws_ecs_task_definition"], evaluate: (r) => r.values.execution_role_arn !== r.values.task_role_arn || r.unknown.execution_role_arn === true },
  // Logs, secrets, queues, DynamoDB, backups
  { id: "CKV_AWS_66", title: "Log group has a retention period", types: ["aws_cloudwatch_log_group"], evaluate: (r) => Number(r.values.retention_in_days) > 0 },
  { id: "CKV_AWS_158", title: "Log group encrypted with KMS", types: ["aws_cloudwatch_log_group"], evaluate: (r) => isSet(r, "kms_key_id") },
  { id: "CKV_AWS_338", title: "Audit log groups kept ≥ 365 days", types: ["aws_cloudwatch_log_group"], evaluate: (r) =>
    /flow_logs|organization_trail/.test(r.name) ? r.values.retention_in_days >= 365 : "n/a" },
  { id: "CKV_AWS_149", title: "Secrets encrypted with a CMK", types: ["aws_secretsmanager_secret"], evaluate: (r) => isSet(r, "kms_key_id") },
  { id: "LZ_SQS_KMS", title: "SQS queues encrypted with a CMK", types: ["aws_sqs_queue"], evaluate: (r) => isSet(r, "kms_master_key_id") },
  { id: "CKV_AWS_28", title: "DynamoDB point-in-time recovery", types: ["aws_dynamodb_table"], evaluate: (r) => r.values.point_in_time_recovery?.[0]?.enabled === true },
  { id: "CKV_AWS_119", title: "DynamoDB encrypted with a CMK", types: ["aws_dynamodb_table"], evaluate: (r) => r.values.server_side_encryption?.[0]?.enabled === true },
  { id: "CKV_AWS_166", title: "Backup vault encrypted with a CMK", types: ["aws_backup_vault"], evaluate: (r) => isSet(r, "kms_key_arn") },
  // IAM
  { id: "CKV_AWS_9", title: "Password expires within 90 days", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.max_password_age > 0 && r.values.max_password_age <= 90 },
  { id: "CKV_AWS_10", title: "Password length ≥ 14", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.minimum_password_length >= 14 },
  { id: "CKV_AWS_11", title: "Password needs a lowercase letter", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.require_lowercase_characters === true },
  { id: "CKV_AWS_12", title: "Password needs a number", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.require_numbers === true },
  { id: "CKV_AWS_13", title: "Password reuse prevention ≥ 24", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.password_reuse_prevention >= 24 },
  { id: "CKV_AWS_14", title: "Password needs a symbol", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.require_symbols === true },
  { id: "CKV_AWS_15", title: "Password needs an uppercase letter", types: ["aws_iam_account_password_policy"], evaluate: (r) => r.values.require_uppercase_characters === true },
  { id: "CKV2_AWS_21", title: "Every IAM user is in a group", types: ["aws_iam_user"], evaluate: (r, c) =>
    c.referencing("aws_iam_user_group_membership", r.address).length > 0 || c.referencing("aws_iam_group_membership", r.address).length > 0 },
  { id: "CKV_AWS_60", title: "No role trusts Principal *", types: ["aws_iam_role"], evaluate: (r) => !allowsEveryone(policyOf(r.values.assume_role_policy)) },
  { id: "CKV_AWS_40", title: "No policies attached to users", types: ["aws_iam_user_policy", "aws_iam_user_policy_attachment"], evaluate: () => false },
  { id: "CKV_AWS_62", title: "No policy allows \"*\" on \"*\" (full admin)", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, (a) => a.name === "*") },
  { id: "CKV_AWS_63", title: "No policy allows Action \"*\"", types: IAM_POLICIES, evaluate: (r) =>
    !identityStatements(r).some((st) => st.Effect === "Allow" && (st.NotAction !== undefined || [st.Action ?? []].flat().some((a) => a === "*" || a === "*:*"))) },
  { id: "CKV_AWS_355", title: "Resource \"*\" only for actions that cannot be restricted", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, (a) => a.restrictable) },
  { id: "CKV_AWS_286", title: "No privilege escalation on any resource", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, PRIVILEGE_ESCALATION) },
  { id: "CKV_AWS_287", title: "No credentials exposure on any resource", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, CREDENTIALS_EXPOSURE) },
  { id: "CKV_AWS_288", title: "No data exfiltration on any resource", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, DATA_EXFILTRATION) },
  { id: "CKV_AWS_289", title: "No permissions management on any resource", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, (a) => a.accessLevel.includes("Permissions management")) },
  { id: "CKV_AWS_290", title: "No write access on any resource", types: IAM_POLICIES, evaluate: (r) => noUnconstrained(r, (a) => a.restrictable && a.accessLevel.includes("Write")) },
  { id: "CKV_AWS_358", title: "GitHub OIDC trust pins the exact sub (StringEquals, no wildcard)", types: ["aws_iam_role"], evaluate: (r) => {
    const trust = githubTrust(r);
    if (!trust.length) return "n/a";
    return trust.every((st) => {
      const cond = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const subs = [cond.StringEquals?.[`${GITHUB_OIDC}:sub`] ?? []].flat().map(String);
      return subs.length > 0 && subs.every((v) => /^repo:[^*?]+:(ref:refs\/heads\/|environment:|pull_request$)[^*?]*$/.test(v)) && !JSON.stringify(cond.StringLike ?? {}).includes(":sub");
    });
  } },
  { id: "CKV_AWS_393", title: "GitHub OIDC trust: literal provider ARN and aud = sts.amazonaws.com", types: ["aws_iam_role"], evaluate: (r) => {
    const trust = githubTrust(r);
    if (!trust.length) return "n/a";
    return trust.every((st) => {
      const provider = String((st.Principal as { Federated: unknown }).Federated);
      const aud = ((st.Condition ?? {}) as Record<string, Record<string, unknown>>).StringEquals?.[`${GITHUB_OIDC}:aud`];
      return /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(provider) && aud === "sts.amazonaws.com";
    });
  } },
];
