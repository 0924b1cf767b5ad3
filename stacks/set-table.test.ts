/**
 * S.E.T's "What differs between nonprod and prod" table (shared/seeds/000), one row per test: each row reads the
 * same property out of set-nonprod's and set-prod-eu's synthesized JSON and compares it with the table.
 */
import { describe, expect, it } from "vitest";
import { resources, synthConfigFile, type StackJson } from "../test/testing";

const stacks = synthConfigFile("config/set.yaml");
const nonprod = stacks["set-nonprod"];
const prod = stacks["set-prod-eu"];
const ci = stacks["state-backend"];

const only = (stack: StackJson, type: string, id: string) => resources(stack, type)[id];
const azs = (s: StackJson) => Object.entries(resources(s, "aws_subnet")).filter(([id]) => id.startsWith("network_app_")).map(([, x]) => x.availability_zone);
const task = (s: StackJson, svc: string) => ({ cpu: only(s, "aws_ecs_task_definition", `ecs_${svc}`).cpu, memory: only(s, "aws_ecs_task_definition", `ecs_${svc}`).memory });
const scaling = (s: StackJson, svc: string) => [only(s, "aws_appautoscaling_target", `ecs_${svc}`).min_capacity, only(s, "aws_appautoscaling_target", `ecs_${svc}`).max_capacity];

const rows: [string, (s: StackJson) => unknown, unknown, unknown][] = [
  ["Region", (s) => s.provider.aws[0].region, "eu-west-1", "eu-west-1"],
  ["URL (api)", (s) => only(s, "aws_route53_record", "api").name, "api.setdev.binarynetworks.ai", "api.set.binarynetworks.ai"],
  ["URL (zone)", (s) => only(s, "aws_route53_zone", "account_zone").name, "setdev.binarynetworks.ai", "set.binarynetworks.ai"],
  ["Availability: AZs", azs, ["eu-west-1a"], ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
  ["Availability: NAT gateways", (s) => Object.keys(resources(s, "aws_nat_gateway")).length, 1, 3],
  ["Fargate (api) size", (s) => task(s, "api"), { cpu: "512", memory: "1024" }, { cpu: "1024", memory: "2048" }],
  ["Fargate (api) tasks", (s) => scaling(s, "api"), [1, 2], [2, 10]],
  ["Fargate (workers) size", (s) => task(s, "workers"), { cpu: "512", memory: "1024" }, { cpu: "1024", memory: "2048" }],
  ["Fargate (workers) tasks", (s) => scaling(s, "workers"), [1, 1], [1, 10]],
  ["Fargate (workers) scale on queue depth", (s) => only(s, "aws_appautoscaling_policy", "ecs_workers_queue_depth").target_tracking_scaling_policy_configuration.customized_metric_specification.metric_name,
    "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesVisible"],
  ["RDS class", (s) => only(s, "aws_db_instance", "postgres").instance_class, "db.t4g.small", "db.m6g.large"],
  ["RDS Multi-AZ", (s) => only(s, "aws_db_instance", "postgres").multi_az, false, true],
  ["RDS read replicas", (s) => Object.keys(resources(s, "aws_db_instance")).filter((k) => k.includes("replica")).length, 0, 1],
  ["Redis node type", (s) => only(s, "aws_elasticache_replication_group", "redis").node_type, "cache.t4g.micro", "cache.r7g.large"],
  ["Redis nodes / Multi-AZ", (s) => { const r = only(s, "aws_elasticache_replication_group", "redis"); return [r.num_cache_clusters, r.multi_az_enabled, r.automatic_failover_enabled]; },
    [1, false, false], [2, true, true]],
  ["Backup retention: PITR days", (s) => only(s, "aws_db_instance", "postgres").backup_retention_period, 3, 35],
  ["Backup retention: AWS Backup days", (s) => only(s, "aws_backup_plan", "backup_plan").rule[0].lifecycle.delete_after, 3, 35],
  ["Cross-region encrypted backups", (s) => {
    const copy = only(s, "aws_backup_plan", "backup_plan").rule[0].copy_action;
    if (!copy) return null;
    const alias = s.provider.aws.find((p: { alias?: string }) => p.alias === "backup_copy");
    return { region: alias.region, vault: copy[0].destination_vault_arn, key: only(s, "aws_backup_vault", "backup_copy_vault").kms_key_arn };
  }, null, { region: "il-central-1", vault: "${aws_backup_vault.backup_copy_vault.arn}", key: "${aws_kms_key.backups_copy_key.arn}" }],
  ["KMS keys per environment (never cross account)", (s) => {
    const principals = Object.values(resources(s, "aws_kms_key")).flatMap((k) => JSON.parse(k.policy).Statement.flatMap((st: { Principal: { AWS?: string } }) => (st.Principal.AWS ? [st.Principal.AWS] : [])));
    return [...new Set(principals)];
  }, ["arn:aws:iam::333333333333:root"], ["arn:aws:iam::444444444444:root"]],
  ["WorkOS / Logz.io secrets per environment", (s) => Object.values(resources(s, "aws_secretsmanager_secret")).map((x) => x.name).sort(),
    ["set-nonprod/logzio-token", "set-nonprod/workos-api-key"], ["set-prod-eu/logzio-token", "set-prod-eu/workos-api-key"]],
];

describe("S.E.T nonprod vs prod table", () => {
  it.each(rows)("%s", (_row, read, expectedNonprod, expectedProd) => {
    expect(read(nonprod)).toEqual(expectedNonprod);
    expect(read(prod)).toEqual(expectedProd);
  });

  it("Deploy trigger: nonprod through the nonprod environment (deploys from develop), prod only through the production environment", () => {
    const sub = (tier: string) => JSON.parse(only(ci, "aws_iam_role", `ci_${tier}`).assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
    expect(sub("nonprod")).toBe("repo:binarynetworks/set-infra:environment:nonprod");
    expect(sub("prod")).toBe("repo:binarynetworks/set-infra:environment:production");
  });

  it("Deploy (rolling + circuit breaker + auto-rollback) in both", () => {
    for (const s of [nonprod, prod]) {
      for (const svc of ["api", "workers"]) {
        expect(only(s, "aws_ecs_service", `ecs_${svc}`)).toMatchObject({
          deployment_circuit_breaker: { enable: true, rollback: true }, deployment_minimum_healthy_percent: 100,
          lifecycle: { ignore_changes: ["task_definition", "desired_count"] },
        });
      }
    }
  });
});
