/** What makes the eurus design (shared/seeds 002): tenants on a shared platform, costs per tenant, RPO = 4 h. */
import { describe, expect, it } from "vitest";
import { resources, synthConfigFile } from "../../stacks/testing";

const stacks = synthConfigFile("config/examples/eurus.yaml");

describe.each(["eurus-dev", "eurus-staging", "eurus-prod"])("eurus %s", (name) => {
  const r = (type: string) => resources(stacks[name], type);

  it("runs each tenant as its own service behind its own ALB host rule", () => {
    const zone = r("aws_route53_zone").account_zone.name;
    const rules = Object.values(r("aws_lb_listener_rule")).map((x) => x.condition[0].host_header.values[0]).sort();
    expect(rules).toEqual([`acme.${zone}`, `globex.${zone}`]);
    expect(Object.keys(r("aws_ecs_service")).sort()).toEqual(["ecs_api", "ecs_tenant-acme", "ecs_tenant-globex", "ecs_workers"]);
    expect(r("aws_ecs_service")["ecs_tenant-acme"].load_balancer[0].target_group_arn).toBe("${aws_lb_target_group.alb_tenant-acme.arn}");
  });

  it("tags every tenant resource tenant=<name>", () => {
    for (const type of ["aws_ecs_service", "aws_ecs_task_definition", "aws_cloudwatch_log_group", "aws_lb_target_group", "aws_lb_listener_rule"]) {
      const tenantResources = Object.entries(r(type)).filter(([id]) => id.includes("tenant"));
      expect(tenantResources.length, type).toBe(2);
      for (const [id, res] of tenantResources) expect(res.tags, `${type}.${id}`).toEqual({ tenant: id.includes("acme") ? "acme" : "globex" });
    }
    expect(r("aws_ecs_service")["ecs_tenant-acme"].propagate_tags).toBe("SERVICE");
  });

  it("traces with X-Ray: a daemon sidecar in every task, write access for every task role", () => {
    for (const [id, task] of Object.entries(r("aws_ecs_task_definition"))) {
      const containers = JSON.parse(task.container_definitions);
      expect(containers.map((c: { name: string }) => c.name), id).toContain("xray-daemon");
      expect(containers[0].environment).toContainEqual({ name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" });
    }
    const xray = Object.entries(r("aws_iam_role_policy_attachment")).filter(([, a]) => a.policy_arn === "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
    expect(xray.map(([k]) => k).sort()).toEqual(["ecs_api_task_AWSXRayDaemonWriteAccess", "ecs_tenants_task_AWSXRayDaemonWriteAccess", "ecs_workers_task_AWSXRayDaemonWriteAccess"]);
  });

  it("meets RPO = 4 h in production (backups every 4 hours, PITR) and has alarms and a dashboard", () => {
    const plan = r("aws_backup_plan").backup_plan.rule[0];
    if (name === "eurus-prod") {
      expect(plan.schedule).toBe("cron(0 */4 * * ? *)");
      expect(r("aws_db_instance").postgres.backup_retention_period).toBeGreaterThan(0);
      expect(r("aws_db_instance").postgres.multi_az).toBe(true);
    }
    expect(Object.keys(r("aws_cloudwatch_metric_alarm")).length).toBeGreaterThanOrEqual(10);
    expect(r("aws_cloudwatch_dashboard").alarms.dashboard_name).toBe(name);
  });
});

describe("eurus CloudFront (prod ingress)", () => {
  const r = (type: string) => resources(stacks["eurus-prod"], type);
  it("fronts the ALB over HTTPS only, TLS 1.2+, with a us-east-1 certificate, at www.<zone>", () => {
    expect(r("aws_cloudfront_distribution").cdn).toMatchObject({
      aliases: ["www.app.eurus.example"],
      origin: [{ domain_name: "api.app.eurus.example", custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } }],
      default_cache_behavior: { viewer_protocol_policy: "redirect-to-https" },
      viewer_certificate: { minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" },
    });
    expect(r("aws_acm_certificate").cdn_certificate.provider).toBe("aws.us_east_1");
    expect(resources(stacks["eurus-dev"], "aws_cloudfront_distribution")).toEqual({});
  });
});

describe("eurus organization", () => {
  it("activates the tenant tag for cost allocation in the management account", () => {
    expect(resources(stacks.management, "aws_ce_cost_allocation_tag").tenant).toMatchObject({ tag_key: "tenant", status: "Active" });
  });

  it("keeps state, ECR and DNS in common-prod; common-nonprod holds only the baseline", () => {
    expect(stacks["state-backend"].provider.aws[0].allowed_account_ids).toEqual(["840000000003"]);
    expect(Object.keys(resources(stacks["common-prod"], "aws_ecr_repository")).length).toBe(4);
    expect(resources(stacks["common-nonprod"], "aws_ecr_repository")).toEqual({});
    expect(resources(stacks["common-nonprod"], "aws_iam_account_password_policy").password_policy).toBeDefined();
  });
});
