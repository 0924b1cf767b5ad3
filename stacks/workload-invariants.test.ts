/** Encryption, exposure and data-loss invariants over every workload stack of every shipped config. */
import { describe, expect, it } from "vitest";
import { loadConfigFile, shippedConfigFiles } from "../config";
import { ALB_TLS_POLICY } from "../modules/alb";
import { resources, synthConfigFile, type StackJson } from "../test/testing";

interface App { port: number; healthCheckPath: string }
const workloadStacks: [string, string, StackJson, boolean, App][] = shippedConfigFiles().flatMap((file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  const app = { port: config.app.apiPort, healthCheckPath: config.app.healthCheckPath };
  return config.accounts
    .filter((a) => a.enabled && a.role === "workload")
    .map((a) => [file, a.name, stacks[a.name], a.tier === "prod", app] as [string, string, StackJson, boolean, App]);
});

describe.each(workloadStacks)("%s %s", (_file, _name, stack, isProd, app) => {
  const all = (type: string) => Object.entries(resources(stack, type));

  it("RDS: encrypted with the data key, private, IAM auth, PI with CMK, monitoring, logs, and every data-loss guard", () => {
    for (const [id, db] of all("aws_db_instance")) {
      expect(db, id).toMatchObject({
        storage_encrypted: true, kms_key_id: "${aws_kms_key.data_key.arn}", publicly_accessible: false, deletion_protection: true,
        iam_database_authentication_enabled: true, performance_insights_enabled: true, performance_insights_kms_key_id: "${aws_kms_key.data_key.arn}",
        monitoring_interval: 60, enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"], auto_minor_version_upgrade: true,
        copy_tags_to_snapshot: true, delete_automated_backups: false, storage_type: "gp3", lifecycle: { prevent_destroy: true },
      });
    }
    const primary = resources(stack, "aws_db_instance").postgres;
    expect(primary).toMatchObject({ skip_final_snapshot: false, manage_master_user_password: true, master_user_secret_kms_key_id: "${aws_kms_key.data_key.arn}" });
    expect(primary.max_allocated_storage).toBeGreaterThan(primary.allocated_storage);
    expect(primary.multi_az).toBe(isProd);
  });

  it("RDS: forces TLS and logs statements, and is selected by the backup plan", () => {
    const params = Object.fromEntries(resources(stack, "aws_db_parameter_group").postgres.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(params).toMatchObject({ "rds.force_ssl": "1", log_statement: "ddl" });
    const selection = resources(stack, "aws_backup_selection").backup_plan.selection_tag[0];
    expect(resources(stack, "aws_db_instance").postgres.tags[selection.key]).toBe(selection.value);
  });

  it("Redis: KMS at rest, TLS in transit, RBAC with IAM auth and the default user off, failover in prod", () => {
    const r = resources(stack, "aws_elasticache_replication_group").redis;
    expect(r).toMatchObject({ at_rest_encryption_enabled: "true", transit_encryption_enabled: true, kms_key_id: "${aws_kms_key.data_key.arn}", lifecycle: { prevent_destroy: true } });
    expect(r.auth_token).toBeUndefined();
    expect(r.user_group_ids).toEqual(["${aws_elasticache_user_group.redis.user_group_id}"]);
    expect(resources(stack, "aws_elasticache_user").redis_default.access_string).toBe("off -@all");
    expect(resources(stack, "aws_elasticache_user").redis_app.authentication_mode).toEqual({ type: "iam" });
    expect([r.automatic_failover_enabled, r.multi_az_enabled]).toEqual([isProd, isProd]);
  });

  it("every log group, queue, secret, topic and vault is encrypted with a customer key", () => {
    for (const [id, g] of all("aws_cloudwatch_log_group")) expect(g.kms_key_id, id).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
    for (const [id, q] of all("aws_sqs_queue")) expect(q.kms_master_key_id, id).toBe("${aws_kms_key.data_key.arn}");
    for (const [id, s] of all("aws_secretsmanager_secret")) expect([s.kms_key_id, s.recovery_window_in_days], id).toEqual(["${aws_kms_key.data_key.arn}", 30]);
    for (const [id, t] of all("aws_sns_topic")) expect(t.kms_master_key_id, id).toBe("${aws_kms_key.logs_key.arn}");
    for (const [id, v] of all("aws_backup_vault")) expect([v.kms_key_arn?.startsWith("${aws_kms_key.backups"), v.force_destroy, v.lifecycle?.prevent_destroy], id).toEqual([true, false, true]);
  });

  it("ALB: HTTPS with a TLS 1.2+ policy, HTTP only redirects, invalid headers dropped, desync strictest, logs, WAF, deletion protection in prod", () => {
    expect(resources(stack, "aws_lb").alb).toMatchObject({
      drop_invalid_header_fields: true, desync_mitigation_mode: "strictest", enable_deletion_protection: isProd, internal: false,
      access_logs: { enabled: true, prefix: "alb" },
    });
    const listeners = resources(stack, "aws_lb_listener");
    expect(listeners.alb_https).toMatchObject({ port: 443, protocol: "HTTPS", ssl_policy: ALB_TLS_POLICY });
    expect(listeners.alb_http_redirect.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
    expect(resources(stack, "aws_wafv2_web_acl_association").alb.resource_arn).toBe("${aws_lb.alb.arn}");
    expect(resources(stack, "aws_lb_target_group").alb_api.health_check).toMatchObject({ enabled: true, path: app.healthCheckPath });
  });

  it("security groups form exactly the chain internet → ALB → app → PostgreSQL / Redis (/ DocumentDB)", () => {
    const rule = (r: StackJson) =>
      `${r.security_group_id.match(/aws_security_group\.(\w+)\./)![1]}:${r.from_port}:${r.cidr_ipv4 ?? r.referenced_security_group_id!.match(/aws_security_group\.(\w+)\./)![1]}`;
    const docdb = Object.keys(resources(stack, "aws_docdb_cluster")).length > 0; // the data stores the stack holds
    expect(Object.values(resources(stack, "aws_vpc_security_group_ingress_rule")).map(rule).sort()).toEqual([
      "alb:443:0.0.0.0/0", "alb:80:0.0.0.0/0", `app:${app.port}:alb`, "postgres:5432:app", "redis:6379:app", ...(docdb ? ["docdb:27017:app"] : []),
    ].sort());
    expect(Object.values(resources(stack, "aws_vpc_security_group_egress_rule")).map(rule).sort()).toEqual([
      `alb:${app.port}:app`, "app:443:0.0.0.0/0", "app:5432:postgres", "app:6379:redis", ...(docdb ? ["app:27017:docdb"] : []),
      ...(Object.keys(resources(stack, "aws_apigatewayv2_vpc_link")).length ? ["http_api_vpc_link:443:alb"] : []), // API Gateway's link: only to the ALB
    ].sort());
    for (const [id, sg] of Object.entries({ ...resources(stack, "aws_security_group"), ...resources(stack, "aws_vpc_security_group_ingress_rule") })) {
      expect(sg.description, id).toBeTruthy();
    }
  });

  it("data subnets' NACL admits only the app subnets, on the data ports", () => {
    const acl = resources(stack, "aws_network_acl").network_data;
    const appCidrs = Object.entries(resources(stack, "aws_subnet")).filter(([id]) => id.startsWith("network_app_")).map(([, s]) => s.cidr_block);
    expect([...new Set(acl.ingress.map((r: { cidr_block: string }) => r.cidr_block))].sort()).toEqual([...appCidrs].sort());
    expect(new Set(acl.ingress.map((r: { from_port: number }) => r.from_port))).toEqual(new Set([5432, 6379, ...(Object.keys(resources(stack, "aws_docdb_cluster")).length ? [27017] : [])]));
    const dataSubnets = Object.keys(resources(stack, "aws_subnet")).filter((id) => id.startsWith("network_data_"));
    expect(acl.subnet_ids).toHaveLength(dataSubnets.length);
    expect(dataSubnets.length).toBeGreaterThanOrEqual(2); // a DB subnet group must span two AZs
  });

  it("ECS (when used): Container Insights, private tasks, LATEST platform, hardened containers, execution role ≠ task role", () => {
    const cluster = resources(stack, "aws_ecs_cluster").ecs;
    if (!cluster) return;
    expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
    for (const svc of ["api", "workers"]) {
      const service = resources(stack, "aws_ecs_service")[`ecs_${svc}`];
      expect(service).toMatchObject({ platform_version: "LATEST", network_configuration: { assign_public_ip: false } });
      const task = resources(stack, "aws_ecs_task_definition")[`ecs_${svc}`];
      expect(task.execution_role_arn).not.toBe(task.task_role_arn);
      const [container] = JSON.parse(task.container_definitions);
      expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false });
      expect(container.image).toMatch(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/.+:bootstrap$/);
    }
  });
});

describe.each(workloadStacks)("%s %s: backup vault lock", (_file, _name, stack, isProd) => {
  it("prod vaults (and the copy vault) carry a compliance-mode Vault Lock; nonprod none by default", () => {
    const locks = Object.values(resources(stack, "aws_backup_vault_lock_configuration"));
    const vaults = Object.keys(resources(stack, "aws_backup_vault"));
    if (!isProd) return expect(locks).toEqual([]);
    expect(locks).toHaveLength(vaults.length);
    for (const lock of locks) {
      expect(lock).toMatchObject({ changeable_for_days: 3 });
      expect(lock.min_retention_days).toBeGreaterThanOrEqual(1);
      expect(lock.max_retention_days).toBeGreaterThanOrEqual(lock.min_retention_days);
    }
  });
});
