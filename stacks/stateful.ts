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
  "aws_backup_vault",
  "aws_cloudtrail",
  "aws_iam_user",
  "aws_sqs_queue",
  "aws_secretsmanager_secret",
];
