/** Resource types whose loss loses data or identity: pinned, prevent_destroy, and called out in every plan summary. */
export const STATEFUL_TYPES = [
  "aws_s3_bucket",
  "aws_dynamodb_table",
  "aws_kms_key",
  "aws_organizations_organization",
  "aws_organizations_account",
  "aws_ecr_repository",
  "aws_route53_zone",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_elasticache_replication_group",
  "aws_docdb_cluster",
  "aws_docdb_cluster_instance",
  "aws_backup_vault",
  "aws_cloudtrail",
  "aws_iam_user",
  "aws_identitystore_user",
  "aws_identitystore_group",
  "aws_sqs_queue",
  "aws_secretsmanager_secret",
];

/**
 * What the destroy guard refuses to delete or replace in a plan: the stateful types, and the resources whose loss
 * silently removes a control or an access path — guardrail SCPs and their attachments, OUs, DNSSEC signing keys, the
 * GitHub OIDC provider, EKS clusters. (These are not prevent_destroy: a reviewed change may replace them deliberately
 * by lifting the guard.)
 */
export const GUARDED_TYPES = [
  ...STATEFUL_TYPES,
  "aws_organizations_policy",
  "aws_organizations_policy_attachment",
  "aws_organizations_organizational_unit",
  "aws_route53_key_signing_key",
  "aws_iam_openid_connect_provider",
  "aws_eks_cluster",
];
