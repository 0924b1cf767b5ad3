/**
 * The Terraform addresses of every stateful resource, per stack, written out by hand. A refactor that changes one
 * would make Terraform plan a destroy (prevent_destroy does not follow a renamed address): keep the address with
 * the module's `id` / `pinAddress`, or add a `moved` block and update this list deliberately.
 */
import { describe, expect, it } from "vitest";
import { STATEFUL_TYPES } from "./stateful";
import { addresses, synthConfigFile } from "../test/testing";


const PINNED: Record<string, string[]> = {
  "state-backend": [
    "aws_dynamodb_table.lock_table",
    "aws_kms_key.audit_key",
    "aws_kms_key.state_key",
    "aws_s3_bucket.audit_archive",
    "aws_s3_bucket.s3_access_logs",
    "aws_s3_bucket.state_bucket",
  ],
  management: [
    "aws_cloudtrail.organization_trail",
    "aws_iam_user.alice",
    "aws_iam_user.bob",
    "aws_kms_key.guardduty_findings_key",
    "aws_kms_key.logs_key",
    "aws_organizations_account.set-nonprod",
    "aws_organizations_account.set-prod-eu",
    "aws_organizations_account.shared-services",
    "aws_organizations_organization.organization",
  ],
  "shared-services": [
    "aws_ecr_repository.ecr_nonprod_set_api",
    "aws_ecr_repository.ecr_nonprod_set_workers",
    "aws_ecr_repository.ecr_set_api",
    "aws_ecr_repository.ecr_set_workers",
    "aws_kms_key.dns_logs_key",
    "aws_kms_key.ecr_key",
    "aws_kms_key.parent_zone_dnssec",
    "aws_route53_zone.parent_zone",
  ],
  "set-nonprod": [
    "aws_backup_vault.backup_vault",
    "aws_db_instance.postgres",
    "aws_elasticache_replication_group.redis",
    "aws_kms_key.account_zone_dnssec",
    "aws_kms_key.backups_key",
    "aws_kms_key.data_key",
    "aws_kms_key.dns_logs_key",
    "aws_kms_key.logs_key",
    "aws_route53_zone.account_zone",
    "aws_s3_bucket.alb_logs",
    "aws_s3_bucket.s3_access_logs",
    "aws_secretsmanager_secret.secret_logzio_token",
    "aws_secretsmanager_secret.secret_workos_api_key",
    "aws_sqs_queue.ecs_jobs",
    "aws_sqs_queue.ecs_jobs_dlq",
  ],
  "set-prod-eu": [
    "aws_backup_vault.backup_copy_vault",
    "aws_backup_vault.backup_vault",
    "aws_db_instance.postgres",
    "aws_db_instance.postgres_replica_1",
    "aws_elasticache_replication_group.redis",
    "aws_kms_key.account_zone_dnssec",
    "aws_kms_key.backups_copy_key",
    "aws_kms_key.backups_key",
    "aws_kms_key.data_key",
    "aws_kms_key.dns_logs_key",
    "aws_kms_key.logs_key",
    "aws_route53_zone.account_zone",
    "aws_s3_bucket.alb_logs",
    "aws_s3_bucket.s3_access_logs",
    "aws_secretsmanager_secret.secret_logzio_token",
    "aws_secretsmanager_secret.secret_workos_api_key",
    "aws_sqs_queue.ecs_jobs",
    "aws_sqs_queue.ecs_jobs_dlq",
  ],
};

describe("pinned addresses of stateful resources (default config)", () => {
  const stacks = synthConfigFile("config/set.yaml");

  it("covers exactly the stacks of the default config", () => {
    expect(Object.keys(stacks).sort()).toEqual(Object.keys(PINNED).sort());
  });

  it.each(Object.keys(PINNED))("%s: stateful addresses are exactly the pinned list", (stack) => {
    const stateful = addresses(stacks[stack]).filter((a) => STATEFUL_TYPES.includes(a.split(".")[0]));
    expect(stateful).toEqual(PINNED[stack]);
  });

  it.each(Object.keys(PINNED))("%s: every pinned resource has prevent_destroy", (stack) => {
    for (const address of PINNED[stack]) {
      const [type, name] = address.split(".");
      expect(stacks[stack].resource[type][name].lifecycle, address).toMatchObject({ prevent_destroy: true });
    }
  });
});

/** A services account per tier (eurus): the nonprod state foundation and registry are pinned too. */
const PINNED_TIER_SERVICES: Record<string, string[]> = {
  "state-backend-nonprod": ["aws_dynamodb_table.lock_table", "aws_kms_key.state_key", "aws_s3_bucket.s3_access_logs", "aws_s3_bucket.state_bucket"],
  "common-nonprod": [
    "aws_ecr_repository.ecr_eurus_api",
    "aws_ecr_repository.ecr_eurus_workers",
    "aws_ecr_repository.ecr_tenants_acme",
    "aws_ecr_repository.ecr_tenants_globex",
    "aws_kms_key.dns_logs_key",
    "aws_kms_key.ecr_key",
    "aws_kms_key.parent_zone_dnssec",
    "aws_route53_zone.parent_zone",
  ],
};

describe("pinned addresses of the nonprod services account (eurus)", () => {
  const stacks = synthConfigFile("config/examples/eurus.yaml");

  it.each(Object.keys(PINNED_TIER_SERVICES))("%s: stateful addresses are exactly the pinned list, each with prevent_destroy", (stack) => {
    const stateful = addresses(stacks[stack]).filter((a) => STATEFUL_TYPES.includes(a.split(".")[0]));
    expect(stateful).toEqual(PINNED_TIER_SERVICES[stack]);
    for (const address of stateful) {
      const [type, name] = address.split(".");
      expect(stacks[stack].resource[type][name].lifecycle, address).toMatchObject({ prevent_destroy: true });
    }
  });
});
