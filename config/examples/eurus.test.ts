/** What makes the eurus design (shared/seeds 002): tenants on a shared platform, costs per tenant, RPO = 4 h. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { FULL_AWS_ACCESS, parsePolicy, rcpsOfOu, roleInlinePolicies, scpsOfOu, simulate } from "../../test/iam-simulation";
import { configNotes, loadConfigFile } from "..";
import { resources, synthConfigFile, synthYaml, type StackJson } from "../../test/testing";

const stacks = synthConfigFile("config/examples/eurus.yaml");

describe.each(["eurus-dev", "eurus-staging", "eurus-prod"])("eurus %s", (name) => {
  const r = (type: string) => resources(stacks[name], type);

  it("runs each tenant as its own service behind its own ALB host rule, and a header rule for the API Gateway's /<tenant>/ routes", () => {
    const zone = r("aws_route53_zone").account_zone.name;
    const rules = Object.values(r("aws_lb_listener_rule")).map((x) => x.condition[0].host_header?.values[0] ?? `${x.condition[0].http_header.http_header_name}=${x.condition[0].http_header.values[0]}`).sort();
    expect(rules).toEqual([`acme.${zone}`, `globex.${zone}`, "x-lz-tenant=acme", "x-lz-tenant=globex"]);
    expect(r("aws_lb_listener_rule")["alb_tenant-acme_header"].action[0].target_group_arn).toBe("${aws_lb_target_group.alb_tenant-acme.arn}");
    expect(Object.keys(r("aws_ecs_service")).sort()).toEqual(["ecs_api", "ecs_tenant-acme", "ecs_tenant-globex", "ecs_workers"]);
    expect(r("aws_ecs_service")["ecs_tenant-acme"].load_balancer[0].target_group_arn).toBe("${aws_lb_target_group.alb_tenant-acme.arn}");
  });

  it("tags every tenant resource tenant=<name>", () => {
    for (const type of ["aws_ecs_service", "aws_ecs_task_definition", "aws_cloudwatch_log_group", "aws_lb_target_group", "aws_lb_listener_rule"]) {
      const tenantResources = Object.entries(r(type)).filter(([id]) => id.includes("tenant"));
      expect(tenantResources.length, type).toBe(type === "aws_lb_listener_rule" ? 4 : 2); // host and header rule per tenant
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
  it("fronts the ALB over HTTPS only, TLS 1.2+, with a us-east-1 certificate, at www.<zone> (the ALB at origin.<zone>, beside the API Gateway at api.<zone>)", () => {
    expect(r("aws_cloudfront_distribution").cdn).toMatchObject({
      aliases: ["www.app.eurus.example"],
      origin: [{ domain_name: "origin.app.eurus.example", custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } }],
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

});

/** ECR, DNS and state per tier (seed 002: a common-services account for non-prod, another for prod). */
describe("eurus common services per tier", () => {
  const NONPROD = "840000000002";
  const PROD = "840000000003";
  const role = (stack: StackJson, id: string) => resources(stack, "aws_iam_role")[id];
  const trust = (stack: StackJson, id: string) => parsePolicy(role(stack, id).assume_role_policy);

  it("state: nonprod stacks keep state in common-nonprod (state-backend-nonprod), management and prod in common-prod", () => {
    const backend = (stack: string) => stacks[stack].terraform.backend.s3;
    for (const stack of ["state-backend-nonprod", "common-nonprod", "eurus-dev", "eurus-staging"]) {
      expect(backend(stack), stack).toMatchObject({ bucket: `eurus-tfstate-${NONPROD}`, assume_role: { role_arn: `arn:aws:iam::${NONPROD}:role/eurus-tfstate-nonprod` } });
    }
    for (const stack of ["state-backend", "management", "common-prod", "eurus-prod"]) {
      expect(backend(stack), stack).toMatchObject({ bucket: `eurus-tfstate-${PROD}`, assume_role: { role_arn: `arn:aws:iam::${PROD}:role/eurus-tfstate-prod` } });
    }
    const nonprodState = stacks["state-backend-nonprod"];
    expect(nonprodState.provider.aws[0].allowed_account_ids).toEqual([NONPROD]);
    expect(resources(nonprodState, "aws_s3_bucket").state_bucket.bucket).toBe(`eurus-tfstate-${NONPROD}`);
    expect(resources(nonprodState, "aws_s3_bucket").state_bucket.lifecycle.prevent_destroy).toBe(true);
    expect(Object.keys(resources(nonprodState, "aws_iam_role")).sort()).toEqual(["state_access_nonprod", "state_reader"]);
    expect(Object.keys(resources(stacks["state-backend"], "aws_iam_role")).filter((id) => id.startsWith("state_")).sort()).toEqual(["state_access_prod", "state_reader"]);
    // CI stays central: one OIDC provider and the CI roles, in common-prod only.
    expect(resources(nonprodState, "aws_iam_openid_connect_provider")).toEqual({});
    expect(Object.keys(resources(stacks["state-backend"], "aws_iam_openid_connect_provider"))).toEqual(["github"]);
  });

  it("the nonprod state role in common-nonprod admits the nonprod and prod CI roles of common-prod, not a developer", async () => {
    const nonprodState = stacks["state-backend-nonprod"];
    const request = (principal: string) => ({
      principal, action: "sts:AssumeRole", resource: `arn:aws:iam::${NONPROD}:role/eurus-tfstate-nonprod`, resourceAccount: NONPROD,
      identityPolicies: [{ name: "full", policy: FULL_AWS_ACCESS }],
      resourcePolicy: trust(nonprodState, "state_access_nonprod"),
    });
    expect(await simulate(request(`arn:aws:iam::${PROD}:role/eurus-ci-nonprod`))).toBe("Allowed");
    expect(await simulate(request(`arn:aws:iam::${PROD}:role/eurus-ci-prod`))).toBe("Allowed");
    expect(await simulate(request(`arn:aws:iam::${PROD}:role/eurus-developer`))).toBe("ImplicitlyDenied");
    expect(await simulate(request(`arn:aws:iam::${NONPROD}:role/eurus-admin`))).toBe("Allowed");
    // The nonprod CI role's own policy points at the state role in common-nonprod, never at prod state.
    const ci = roleInlinePolicies(stacks["state-backend"], "ci_nonprod")[0].policy.Statement;
    expect(ci.find((x) => x.Sid === "UseTierState")!.Resource).toBe(`arn:aws:iam::${NONPROD}:role/eurus-tfstate-nonprod`);
    const mainPlan = roleInlinePolicies(stacks["state-backend"], "ci_main_plan")[0].policy.Statement;
    expect(mainPlan.find((x) => x.Sid === "ReadState")!.Resource).toEqual([`arn:aws:iam::${PROD}:role/eurus-tfstate-reader`, `arn:aws:iam::${NONPROD}:role/eurus-tfstate-reader`]);
  });

  it("ECR: a registry per tier; nonprod workloads pull from common-nonprod, prod from common-prod; each pushed only by its tier's CI", () => {
    for (const [stack, pullers, pusher] of [
      ["common-nonprod", ["840000000004", "840000000005"], "ci-nonprod"],
      ["common-prod", ["840000000006"], "ci-prod"],
    ] as const) {
      const repos = resources(stacks[stack], "aws_ecr_repository");
      expect(Object.values(repos).map((r) => r.name).sort(), stack).toEqual(["eurus/api", "eurus/workers", "tenants/acme", "tenants/globex"]);
      const policy = parsePolicy(resources(stacks[stack], "aws_ecr_repository_policy").ecr_eurus_api.policy).Statement;
      expect(policy.find((x) => x.Sid === "WorkloadAccountsPull")!.Principal, stack).toEqual({ AWS: pullers.map((id) => `arn:aws:iam::${id}:root`) });
      expect(policy.find((x) => x.Sid === "CiPushes")!.Principal, stack).toEqual({ AWS: [`arn:aws:iam::${PROD}:role/eurus-${pusher}`] });
      expect(resources(stacks[stack], "aws_kms_alias").ecr_key.name).toBe("alias/eurus-ecr");
    }
    const image = (stack: string) => JSON.parse(resources(stacks[stack], "aws_ecs_task_definition").ecs_api.container_definitions)[0].image;
    expect(image("eurus-dev")).toBe(`${NONPROD}.dkr.ecr.eu-central-1.amazonaws.com/eurus/api:bootstrap`);
    expect(image("eurus-prod")).toBe(`${PROD}.dkr.ecr.eu-central-1.amazonaws.com/eurus/api:bootstrap`);
  });

  it("DNS: common-nonprod holds the nonprod tier zone (under the apex); dev and staging zones nest under it", () => {
    expect(resources(stacks["common-prod"], "aws_route53_zone").parent_zone.name).toBe("eurus.example");
    expect(resources(stacks["common-nonprod"], "aws_route53_zone").parent_zone.name).toBe("nonprod.eurus.example");
    expect(resources(stacks["eurus-dev"], "aws_route53_zone").account_zone.name).toBe("dev.nonprod.eurus.example");
    expect(resources(stacks["eurus-staging"], "aws_route53_zone").account_zone.name).toBe("staging.nonprod.eurus.example");
    expect(resources(stacks["eurus-prod"], "aws_route53_zone").account_zone.name).toBe("app.eurus.example");
    const names = (stack: string, id: string) =>
      roleInlinePolicies(stacks[stack], id)[0].policy.Statement[0].Condition!["ForAllValues:StringEquals"]["route53:ChangeResourceRecordSetsNormalizedRecordNames"];
    expect(names("common-nonprod", "dns_delegation_nonprod")).toEqual(["dev.nonprod.eurus.example", "staging.nonprod.eurus.example"]);
    expect(names("common-prod", "dns_delegation_nonprod")).toEqual(["nonprod.eurus.example"]);
    expect(names("common-prod", "dns_delegation_prod")).toEqual(["app.eurus.example"]);
    expect(role(stacks["common-nonprod"], "dns_delegation_prod")).toBeUndefined();
  });

  it("DNS: with both zone ids known, each zone is delegated through its parent owner's tier delegation role", () => {
    const withIds = synthYaml(
      readFileSync("config/examples/eurus.yaml", "utf8")
        .replace(/dnsZoneId: \w+/, "dnsZoneId: Z0APEX0000000")
        .replace(/zoneId: Z00000000EURUSNONPROD/, "zoneId: Z0NONPROD0000"),
    );
    const delegation = (stack: string) => ({ record: resources(withIds[stack], "aws_route53_record").delegation, provider: withIds[stack].provider.aws.find((p: StackJson) => p.alias === "dns") });
    const dev = delegation("eurus-dev");
    expect(dev.record).toMatchObject({ zone_id: "Z0NONPROD0000", name: "dev.nonprod.eurus.example", type: "NS" });
    expect(dev.provider.assume_role[0].role_arn).toBe(`arn:aws:iam::${NONPROD}:role/eurus-dns-delegation-nonprod`);
    const tierZone = delegation("common-nonprod");
    expect(tierZone.record).toMatchObject({ zone_id: "Z0APEX0000000", name: "nonprod.eurus.example", type: "NS" });
    expect(tierZone.provider.assume_role[0].role_arn).toBe(`arn:aws:iam::${PROD}:role/eurus-dns-delegation-nonprod`);
    const prod = delegation("eurus-prod");
    expect(prod.record).toMatchObject({ zone_id: "Z0APEX0000000", name: "app.eurus.example" });
    expect(prod.provider.assume_role[0].role_arn).toBe(`arn:aws:iam::${PROD}:role/eurus-dns-delegation-prod`);
    const ci = roleInlinePolicies(withIds["state-backend"], "ci_nonprod")[0].policy.Statement;
    expect(ci.find((x) => x.Sid === "DelegateTierZones")!.Resource).toEqual([
      `arn:aws:iam::${PROD}:role/eurus-dns-delegation-nonprod`, `arn:aws:iam::${NONPROD}:role/eurus-dns-delegation-nonprod`,
    ]);
  });
});

describe("eurus: the AWS SRA split", () => {
  const config = loadConfigFile("config/examples/eurus.yaml");
  const names = (stack: string, type: string) => Object.values(resources(stacks[stack], type)).map((r) => r.bucket ?? r.admin_account_id ?? r.account_id);
  it("the security account administers the detective controls and the log-archive account holds the audit archive; common-prod holds neither", () => {
    expect([config.securityAccountName, config.auditAccountName]).toEqual(["security", "log-archive"]);
    expect(names("log-archive", "aws_s3_bucket")).toContain("eurus-audit-logs-840000000008");
    expect(names("common-prod", "aws_s3_bucket")).not.toContain("eurus-audit-logs-840000000003");
    expect(names("management", "aws_guardduty_organization_admin_account")).toEqual(["840000000007"]);
    expect(names("management", "aws_securityhub_organization_admin_account")).toEqual(["840000000007"]);
    expect(names("management", "aws_organizations_delegated_administrator").sort()).toEqual(["840000000007", "840000000007", "840000000007"]);
    expect(resources(stacks.management, "aws_cloudtrail").organization_trail.s3_bucket_name).toBe("eurus-audit-logs-840000000008");
    for (const stack of ["security", "log-archive"]) expect(Object.keys(resources(stacks[stack], "aws_config_configuration_recorder")), stack).toEqual(["config"]);
    expect(configNotes(config)).toEqual([]);
  });

  it("both live in the security OU, under every guardrail and the data perimeter", () => {
    expect(config.accounts.filter((a) => a.role === "security" || a.role === "log-archive").map((a) => [a.name, a.ou, a.tier])).toEqual([
      ["security", "security", "prod"], ["log-archive", "security", "prod"],
    ]);
    expect(scpsOfOu(stacks.management, "security").map((p) => p.name)).toEqual(["FullAWSAccess", "eurus-core", "eurus-protect-audit", "eurus-protect-landing-zone", "eurus-restrict-regions"]);
    expect(rcpsOfOu(stacks.management, "security").map((p) => p.name)).toEqual(["eurus-data-perimeter"]);
  });

  it("without security and log-archive accounts, synth notes that the state account plays both (S.E.T)", () => {
    expect(configNotes(loadConfigFile("config/set.yaml"))).toEqual([
      expect.stringContaining("no security or log-archive account: shared-services (the state account) is the delegated administrator of GuardDuty"),
    ]);
  });
});

describe.each(["eurus-dev", "eurus-staging", "eurus-prod"])("eurus %s: DocumentDB", (name) => {
  const r = (type: string) => resources(stacks[name], type);
  const prod = name === "eurus-prod";
  it("runs a DocumentDB cluster: KMS with the data key, TLS and audit logs on, private to the app's security group, backed up by tag (prod: 2 instances)", () => {
    const cluster = r("aws_docdb_cluster").documentdb;
    expect(cluster).toMatchObject({ storage_encrypted: true, kms_key_id: "${aws_kms_key.data_key.arn}", deletion_protection: true, manage_master_user_password: true });
    expect(Object.keys(r("aws_docdb_cluster_instance"))).toHaveLength(prod ? 2 : 1);
    const params = Object.fromEntries(r("aws_docdb_cluster_parameter_group").documentdb.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(params).toMatchObject({ tls: "enabled", audit_logs: "enabled" });
    expect(cluster.vpc_security_group_ids).toEqual(["${aws_security_group.docdb.id}"]);
    expect(r("aws_vpc_security_group_ingress_rule").docdb_from_app).toMatchObject({ from_port: 27017, referenced_security_group_id: "${aws_security_group.app.id}" });
    const selection = Object.values(r("aws_backup_selection"))[0];
    const [tag] = selection.selection_tag;
    expect(cluster.tags[tag.key]).toBe(tag.value);
    expect(cluster.db_subnet_group_name).toBe("${aws_docdb_subnet_group.documentdb.name}");
  });
});

describe.each(["eurus-dev", "eurus-staging", "eurus-prod"])("eurus %s: API Gateway in front of the tenants", (name) => {
  const r = (type: string) => resources(stacks[name], type);
  it("serves api.<zone> (its own certificate, TLS 1.2) through a VPC link to the ALB's HTTPS listener at origin.<zone>, access-logged and throttled", () => {
    const zone = r("aws_route53_zone").account_zone.name;
    expect(r("aws_apigatewayv2_domain_name").http_api).toMatchObject({
      domain_name: `api.${zone}`,
      domain_name_configuration: { endpoint_type: "REGIONAL", security_policy: "TLS_1_2", certificate_arn: "${aws_acm_certificate_validation.api_gateway_certificate.certificate_arn}" },
    });
    expect(r("aws_apigatewayv2_api").http_api).toMatchObject({ protocol_type: "HTTP", disable_execute_api_endpoint: true });
    const integration = r("aws_apigatewayv2_integration").http_api_alb;
    expect(integration).toMatchObject({ connection_type: "VPC_LINK", integration_uri: "${aws_lb_listener.alb_https.arn}", tls_config: { server_name_to_verify: `origin.${zone}` } });
    expect(r("aws_acm_certificate").api_certificate.domain_name).toBe(`origin.${zone}`);
    const stage = r("aws_apigatewayv2_stage").http_api;
    expect(stage.access_log_settings.destination_arn).toBe("${aws_cloudwatch_log_group.http_api_access.arn}");
    expect(r("aws_cloudwatch_log_group").http_api_access.kms_key_id).toBe("${aws_kms_key.logs_key.arn}");
    expect(stage.default_route_settings.throttling_rate_limit).toBe(name === "eurus-prod" ? 200 : 20);
    expect(r("aws_route53_record").http_api_api).toMatchObject({ name: `api.${zone}`, type: "A" });
  });

  it("routes /<tenant>/… to each tenant's service: the prefix stripped, the tenant header set for the ALB's rule", () => {
    const routes = Object.values(r("aws_apigatewayv2_route")).map((x) => x.route_key).sort();
    expect(routes).toEqual(["$default", "ANY /acme/{proxy+}", "ANY /globex/{proxy+}"]);
    expect(r("aws_apigatewayv2_integration")["http_api_tenant-acme"].request_parameters).toEqual({ "append:header.x-lz-tenant": "acme", "overwrite:path": "/$request.path.proxy" });
    expect(Object.keys(r("aws_cloudwatch_metric_alarm")).filter((a) => a.includes("api-5xx") || a.includes("api-latency")).length).toBe(2);
  });

  it("the VPC link may only reach the ALB's HTTPS listener", () => {
    const egress = Object.entries(r("aws_vpc_security_group_egress_rule")).filter(([id]) => id.startsWith("http_api"));
    expect(egress.map(([, e]) => [e.from_port, e.referenced_security_group_id])).toEqual([[443, "${aws_security_group.alb.id}"]]);
  });
});
