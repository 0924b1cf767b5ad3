import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CHECKS } from "./checks";
import { readHardFailPolicy, readSkips, runChecks, stackContext } from ".";

/** A tiny plan: one good and one bad instance of each resource family, linked like the real ones. */
const plan = (resources: { type: string; name: string; values: Record<string, unknown>; refs?: string[] }[]) => ({
  planned_values: { root_module: { resources: resources.map((r) => ({ address: `${r.type}.${r.name}`, type: r.type, name: r.name, values: r.values })) } },
  resource_changes: [],
  configuration: { root_module: { resources: resources.map((r) => ({ address: `${r.type}.${r.name}`, expressions: { bucket: { references: r.refs ?? [] } } })) } },
});

const outcome = (id: string, resources: Parameters<typeof plan>[0], tier = "prod") => {
  const result = runChecks([stackContext("s", tier, plan(resources))], CHECKS.filter((c) => c.id === id)).get(id);
  if (result === "skipped" || !result) throw new Error("unexpected");
  return { passed: result.passed, failed: result.failed, notApplicable: result.notApplicable };
};

/** Every check ID ../shared/SECURITY.md lists (transcribed: the file lives outside this repository). */
const SECURITY_MD_IDS = [
  "CKV_AWS_21", "CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_145", "CKV_AWS_18",
  "CKV2_AWS_61", "CKV_AWS_300", "CKV2_AWS_65", "CKV_AWS_70", "CKV_AWS_143", "CKV_AWS_7", "CKV_AWS_33", "CKV2_AWS_64",
  "CKV_AWS_67", "CKV_AWS_36", "CKV_AWS_35", "CKV_AWS_251", "CKV_AWS_252", "CKV2_AWS_10", "CKV_AWS_16", "CKV_AWS_17",
  "CKV_AWS_293", "CKV_AWS_133", "CKV_AWS_157", "CKV_AWS_129", "CKV_AWS_118", "CKV_AWS_161", "CKV_AWS_226",
  "CKV_AWS_353", "CKV_AWS_354", "CKV2_AWS_60", "CKV2_AWS_30", "CKV2_AWS_69", "CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_31",
  "CKV_AWS_191", "CKV2_AWS_50", "CKV_AWS_51", "CKV_AWS_163", "CKV_AWS_136", "CKV_AWS_32", "CKV_AWS_2", "CKV2_AWS_20",
  "CKV_AWS_103", "CKV_AWS_91", "CKV_AWS_131", "CKV_AWS_150", "CKV_AWS_328", "CKV2_AWS_28", "CKV_AWS_261",
  "CKV2_AWS_11", "CKV2_AWS_12", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "CKV_AWS_23", "CKV2_AWS_1",
  "CKV_AWS_65", "CKV_AWS_333", "CKV_AWS_332", "CKV_AWS_334", "CKV_AWS_335", "CKV_AWS_336", "CKV_AWS_249",
  "CKV_AWS_149", "CKV_AWS_158", "CKV_AWS_66", "CKV_AWS_338", "CKV_AWS_28", "CKV_AWS_119", "CKV_AWS_166",
  "CKV2_AWS_38", "CKV2_AWS_39", "CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14",
  "CKV_AWS_15", "CKV_AWS_40", "CKV2_AWS_21", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_287",
  "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_60", "CKV_AWS_358", "CKV_AWS_393", "CKV_AWS_273", "CKV_AWS_61"
];

describe("security scan checks", () => {
  it("encode every check SECURITY.md lists, or skip it in .checkov.yaml with a reason", () => {
    const encoded = new Set(CHECKS.map((c) => c.id));
    const skipped = new Set(readSkips().map((s) => s.id));
    expect(SECURITY_MD_IDS.filter((id) => !encoded.has(id) && !skipped.has(id))).toEqual([]);
  });

  it("have unique IDs", () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
  });

  it("CKV_AWS_21 fails a bucket without versioning, passes one with it", () => {
    expect(outcome("CKV_AWS_21", [
      { type: "aws_s3_bucket", name: "good", values: { bucket: "good" } },
      { type: "aws_s3_bucket_versioning", name: "good", values: { versioning_configuration: [{ status: "Enabled" }] }, refs: ["aws_s3_bucket.good"] },
      { type: "aws_s3_bucket", name: "bad", values: { bucket: "bad" } },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
  });

  it("CKV_AWS_70 fails a bucket policy that allows Principal *", () => {
    const policy = (effect: string) => JSON.stringify({ Statement: [{ Effect: effect, Principal: "*", Action: "s3:GetObject", Resource: "*" }] });
    expect(outcome("CKV_AWS_70", [
      { type: "aws_s3_bucket", name: "a", values: {} }, { type: "aws_s3_bucket_policy", name: "a", values: { policy: policy("Deny") }, refs: ["aws_s3_bucket.a"] },
      { type: "aws_s3_bucket", name: "b", values: {} }, { type: "aws_s3_bucket_policy", name: "b", values: { policy: policy("Allow") }, refs: ["aws_s3_bucket.b"] },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
  });

  it("the CIS detective-control checks (3.3, 2.1.4, 2.2.1, 5.6, 4.16) pass a complete account and fail each gap", () => {
    const recorder = (name: string, global: boolean, allSupported = true) => ({ type: "aws_config_configuration_recorder", name, values: { recording_group: [{ all_supported: allSupported, include_global_resource_types: global }] } });
    const status = (name: string, on: boolean) => ({ type: "aws_config_configuration_recorder_status", name, values: { is_enabled: on }, refs: [`aws_config_configuration_recorder.${name}`] });
    expect(outcome("LZ_CIS_3_3", [recorder("a", true), status("a", true), recorder("b", false, false), status("b", true), recorder("c", false), status("c", false)]))
      .toEqual({ passed: 1, failed: 2, notApplicable: 0 });
    const account = (extra: Parameters<typeof plan>[0]) => [{ type: "aws_iam_account_password_policy", name: "p", values: {} }, ...extra];
    const region = (n: string, global: boolean) => [
      recorder(n, global), { type: "aws_config_delivery_channel", name: n, values: {} },
      { type: "aws_ebs_encryption_by_default", name: n, values: { enabled: true } }, { type: "aws_ec2_instance_metadata_defaults", name: n, values: { http_tokens: "required", http_put_response_hop_limit: 2 } },
    ];
    expect(outcome("LZ_CIS_3_3_EVERY_REGION", account([...region("a", true), ...region("b", false)])).passed).toBe(1);
    expect(outcome("LZ_CIS_3_3_EVERY_REGION", account([...region("a", true), ...region("b", true)])).failed).toBe(1); // global resources twice
    expect(outcome("LZ_CIS_3_3_EVERY_REGION", account([...region("a", true), { type: "aws_ebs_encryption_by_default", name: "b", values: { enabled: true } }])).failed).toBe(1); // a region without Config
    expect(outcome("LZ_CIS_5_6_EVERY_REGION", account([...region("a", true), { type: "aws_ebs_encryption_by_default", name: "b", values: { enabled: true } }])).failed).toBe(1);
    const pab = (v: boolean) => ({ type: "aws_s3_account_public_access_block", name: "x", values: { block_public_acls: true, block_public_policy: v, ignore_public_acls: true, restrict_public_buckets: true } });
    expect(outcome("LZ_CIS_2_1_4", account([pab(true)])).passed).toBe(1);
    expect(outcome("LZ_CIS_2_1_4", account([pab(false)])).failed).toBe(1);
    expect(outcome("LZ_CIS_2_1_4", account([])).failed).toBe(1);
    expect(outcome("LZ_CIS_2_2_1", [{ type: "aws_ebs_encryption_by_default", name: "x", values: { enabled: false } }]).failed).toBe(1);
    expect(outcome("LZ_CIS_5_6", [
      { type: "aws_ec2_instance_metadata_defaults", name: "a", values: { http_tokens: "optional", http_put_response_hop_limit: 1 } },
      { type: "aws_ec2_instance_metadata_defaults", name: "b", values: { http_tokens: "required", http_put_response_hop_limit: 5 } },
    ]).failed).toBe(2);
    const hubPolicy = (name: string, arns: string[]) => ({ type: "aws_securityhub_configuration_policy", name, values: { configuration_policy: [{ service_enabled: true, enabled_standard_arns: arns }] } });
    const cis = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0";
    expect(outcome("LZ_CIS_4_16", [
      hubPolicy("good", [cis]), { type: "aws_securityhub_configuration_policy_association", name: "good", values: {}, refs: ["aws_securityhub_configuration_policy.good"] },
      hubPolicy("unassociated", [cis]),
      hubPolicy("no_cis", ["arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"]),
      { type: "aws_securityhub_configuration_policy_association", name: "no_cis", values: {}, refs: ["aws_securityhub_configuration_policy.no_cis"] },
    ])).toEqual({ passed: 1, failed: 2, notApplicable: 0 });
    expect(outcome("LZ_GUARDDUTY_ORGANIZATION", [{ type: "aws_guardduty_organization_configuration", name: "g", values: { auto_enable_organization_members: "NEW" } }]).failed).toBe(1);
  });

  it("the DocumentDB checks fail an unencrypted, unlogged cluster and a parameter group without TLS or audit logs", () => {
    const cluster = { type: "aws_docdb_cluster", name: "d", values: { storage_encrypted: false, enabled_cloudwatch_logs_exports: ["profiler"], backup_retention_period: 1, deletion_protection: false, skip_final_snapshot: false } };
    for (const id of ["CKV_AWS_74", "CKV_AWS_182", "CKV_AWS_85", "LZ_DOCDB_BACKUP"]) expect(outcome(id, [cluster]).failed, id).toBe(1);
    const params = { type: "aws_docdb_cluster_parameter_group", name: "p", values: { parameter: [{ name: "tls", value: "disabled" }, { name: "audit_logs", value: "disabled" }] } };
    for (const id of ["CKV_AWS_90", "CKV_AWS_104"]) expect(outcome(id, [params]).failed, id).toBe(1);
  });

  it("the API Gateway checks fail a stage without access logs or throttling, a TLS 1.0 domain and an open execute-api endpoint", () => {
    expect(outcome("CKV_AWS_95", [{ type: "aws_apigatewayv2_stage", name: "s", values: { access_log_settings: [] } }]).failed).toBe(1);
    expect(outcome("CKV_AWS_95", [{ type: "aws_apigatewayv2_stage", name: "s", values: { access_log_settings: [{ destination_arn: "arn:log" }] } }]).passed).toBe(1);
    expect(outcome("LZ_APIGW_THROTTLED", [{ type: "aws_apigatewayv2_stage", name: "s", values: { default_route_settings: [{ throttling_rate_limit: 0, throttling_burst_limit: 0 }] } }]).failed).toBe(1);
    expect(outcome("LZ_APIGW_TLS", [{ type: "aws_apigatewayv2_domain_name", name: "d", values: { domain_name_configuration: [{ security_policy: "TLS_1_0" }] } }]).failed).toBe(1);
    expect(outcome("LZ_APIGW_CUSTOM_DOMAIN_ONLY", [{ type: "aws_apigatewayv2_api", name: "a", values: { disable_execute_api_endpoint: false } }]).failed).toBe(1);
  });

  it("CKV_AWS_7, CKV_AWS_17, CKV_AWS_103 fail their bad cases", () => {
    expect(outcome("CKV_AWS_7", [{ type: "aws_kms_key", name: "k", values: { enable_key_rotation: false } }]).failed).toBe(1);
    expect(outcome("CKV_AWS_17", [{ type: "aws_db_instance", name: "d", values: { publicly_accessible: true } }]).failed).toBe(1);
    expect(outcome("CKV_AWS_103", [{ type: "aws_lb_listener", name: "l", values: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08" } }]).failed).toBe(1);
  });

  it("prod-only checks are n/a in nonprod (CKV_AWS_157 Multi-AZ)", () => {
    const db = [{ type: "aws_db_instance", name: "d", values: { multi_az: false } }];
    expect(outcome("CKV_AWS_157", db, "nonprod")).toEqual({ passed: 0, failed: 0, notApplicable: 1 });
    expect(outcome("CKV_AWS_157", db, "prod")).toEqual({ passed: 0, failed: 1, notApplicable: 0 });
  });

  it("CKV_AWS_145 is n/a only for a bucket an ALB writes its access logs to", () => {
    const sse = (name: string, algo: string) => ({ type: "aws_s3_bucket_server_side_encryption_configuration", name, values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algo }] }] }, refs: [`aws_s3_bucket.${name}`] });
    expect(outcome("CKV_AWS_145", [
      { type: "aws_lb", name: "alb", values: { access_logs: [{ bucket: "logs" }] } },
      { type: "aws_s3_bucket", name: "logs", values: { bucket: "logs" } }, sse("logs", "AES256"),
      { type: "aws_s3_bucket", name: "data", values: { bucket: "data" } }, sse("data", "AES256"),
    ])).toEqual({ passed: 0, failed: 1, notApplicable: 1 });
  });
});

describe("network, ALB, RDS, ECS, logs and IAM-user checks added with SECURITY.md's full list", () => {
  it("CKV_AWS_24/25/277/260: internet ingress only to the ALB's 80/443, never SSH, RDP or every port", () => {
    const rule = (name: string, values: Record<string, unknown>) => ({ type: "aws_vpc_security_group_ingress_rule", name, values: { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", ...values } });
    const https = rule("https", { from_port: 443, to_port: 443 });
    const ssh = rule("ssh", { from_port: 22, to_port: 22 });
    const all = rule("all", { ip_protocol: "-1" });
    const inside = rule("inside", { cidr_ipv4: "10.0.0.0/16", from_port: 22, to_port: 22 });
    const inline = { type: "aws_security_group", name: "sg", values: { ingress: [{ cidr_blocks: ["0.0.0.0/0"], protocol: "tcp", from_port: 3000, to_port: 3400 }] } };
    expect(outcome("CKV_AWS_24", [https, ssh, all, inside])).toEqual({ passed: 2, failed: 2, notApplicable: 0 });
    expect(outcome("CKV_AWS_25", [https, inline])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    expect(outcome("CKV_AWS_277", [https, all, inside])).toEqual({ passed: 2, failed: 1, notApplicable: 0 });
    expect(outcome("CKV_AWS_260", [https, ssh, inline, inside])).toEqual({ passed: 2, failed: 2, notApplicable: 0 });
  });

  it("CKV2_AWS_20: an ALB's HTTP listeners must redirect to HTTPS", () => {
    const listener = (name: string, lb: string, action: Record<string, unknown>) =>
      ({ type: "aws_lb_listener", name, values: { protocol: "HTTP", default_action: [action] }, refs: [`aws_lb.${lb}`] });
    expect(outcome("CKV2_AWS_20", [
      { type: "aws_lb", name: "good", values: {} }, listener("r", "good", { type: "redirect", redirect: [{ protocol: "HTTPS" }] }),
      { type: "aws_lb", name: "bad", values: {} }, listener("f", "bad", { type: "forward" }),
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
  });

  it("LZ_RDS_IN_BACKUP_PLAN and CKV2_AWS_30: the primary is selected by its backup tag; PostgreSQL logs statements", () => {
    const selection = { type: "aws_backup_selection", name: "s", values: { selection_tag: [{ type: "STRINGEQUALS", key: "lz:backup", value: "daily" }] } };
    expect(outcome("LZ_RDS_IN_BACKUP_PLAN", [
      selection,
      { type: "aws_db_instance", name: "tagged", values: { tags: { "lz:backup": "daily" } } },
      { type: "aws_db_instance", name: "untagged", values: { tags: {} } },
      { type: "aws_db_instance", name: "replica", values: { replicate_source_db: "x" } },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 1 });
    const group = (name: string, parameter: { name: string; value: string }[]) => ({ type: "aws_db_parameter_group", name, values: { family: "postgres16", parameter } });
    expect(outcome("CKV2_AWS_30", [group("a", [{ name: "log_statement", value: "ddl" }]), group("b", [{ name: "log_statement", value: "none" }])]))
      .toEqual({ passed: 1, failed: 1, notApplicable: 0 });
  });

  it("CKV_AWS_66, CKV_AWS_335, CKV_AWS_53–56, CKV2_AWS_21 fail their bad cases", () => {
    expect(outcome("CKV_AWS_66", [{ type: "aws_cloudwatch_log_group", name: "g", values: { retention_in_days: 0 } }]).failed).toBe(1);
    expect(outcome("CKV_AWS_335", [{ type: "aws_ecs_task_definition", name: "t", values: { pid_mode: "host" } }]).failed).toBe(1);
    const pab = { type: "aws_s3_bucket_public_access_block", name: "p", values: { block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: false } };
    expect(["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"].map((id) => outcome(id, [pab]).failed)).toEqual([0, 1, 0, 1]);
    expect(outcome("CKV2_AWS_21", [
      { type: "aws_iam_user", name: "alice", values: {} },
      { type: "aws_iam_user_group_membership", name: "m", values: {}, refs: ["aws_iam_user.alice"] },
      { type: "aws_iam_user", name: "loner", values: {} },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
  });
});

describe("CIS monitoring (LZ_CIS_MONITORING)", () => {
  const filtersAndAlarms = (count: number) => Array.from({ length: count }, (_, i) => [
    { type: "aws_cloudwatch_log_metric_filter", name: `f${i}`, values: { name: `cis-4.${i + 1}-x${i}`, metric_transformation: [{ name: `m${i}`, namespace: "o/CIS" }] } },
    { type: "aws_cloudwatch_metric_alarm", name: `a${i}`, values: { namespace: "o/CIS", metric_name: `m${i}` } },
  ]).flat();
  const trail = { type: "aws_cloudtrail", name: "t", values: { cloud_watch_logs_group_arn: "arn:aws:logs:eu-west-1:1:log-group:x:*" } };

  it("passes a trail whose log group has all fifteen controls alarmed, fails one that misses any", () => {
    expect(outcome("LZ_CIS_MONITORING", [trail, ...filtersAndAlarms(15)]).passed).toBe(1);
    expect(outcome("LZ_CIS_MONITORING", [trail, ...filtersAndAlarms(14)]).failed).toBe(1);
    expect(outcome("LZ_CIS_MONITORING", [trail, ...filtersAndAlarms(15).filter((r) => r.name !== "a3")]).failed).toBe(1);
  });
});

describe("S3 access logging (CKV_AWS_18)", () => {
  it("passes a bucket that logs, fails one that does not, and is n/a for the log bucket itself", () => {
    const logging = (name: string) => ({ type: "aws_s3_bucket_logging", name, values: { target_bucket: "logs", target_prefix: `${name}/` }, refs: [`aws_s3_bucket.${name}`] });
    expect(outcome("CKV_AWS_18", [
      { type: "aws_s3_bucket", name: "logs", values: { bucket: "logs" } },
      { type: "aws_s3_bucket", name: "state", values: { bucket: "state" } }, logging("state"),
      { type: "aws_s3_bucket", name: "silent", values: { bucket: "silent" } },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 1 });
  });
});

describe("Route 53 (CKV2_AWS_38 DNSSEC, CKV2_AWS_39 query logging) and KMS rotation (CKV_AWS_7)", () => {
  const zone = (name: string) => ({ type: "aws_route53_zone", name, values: { name: `${name}.example` } });
  const ref = (type: string, name: string, values: Record<string, unknown> = {}) => ({ type, name, values, refs: [`aws_route53_zone.${name}`] });

  it("passes a signed, logged zone and fails a bare one", () => {
    const signed = [zone("a"), ref("aws_route53_key_signing_key", "a"), ref("aws_route53_hosted_zone_dnssec", "a", { signing_status: "SIGNING" }), ref("aws_route53_query_log", "a")];
    expect(outcome("CKV2_AWS_38", [...signed, zone("b")])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    expect(outcome("CKV2_AWS_39", [...signed, zone("b")])).toEqual({ passed: 1, failed: 1, notApplicable: 0 });
    expect(outcome("CKV2_AWS_38", [zone("c"), ref("aws_route53_key_signing_key", "c"), ref("aws_route53_hosted_zone_dnssec", "c", { signing_status: "NOT_SIGNING" })]).failed).toBe(1);
  });

  it("does not ask an asymmetric signing key to rotate, but every symmetric one", () => {
    expect(outcome("CKV_AWS_7", [
      { type: "aws_kms_key", name: "dnssec", values: { customer_master_key_spec: "ECC_NIST_P256", enable_key_rotation: false } },
      { type: "aws_kms_key", name: "data", values: { customer_master_key_spec: "SYMMETRIC_DEFAULT", enable_key_rotation: false } },
      { type: "aws_kms_key", name: "logs", values: { enable_key_rotation: true } },
    ])).toEqual({ passed: 1, failed: 1, notApplicable: 1 });
  });
});

describe("IAM checks (CKV_AWS_62/63/355/286–290) on identity policies", () => {
  const rolePolicy = (name: string, statements: Record<string, unknown>[]) =>
    ({ type: "aws_iam_role_policy", name, values: { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } });
  const allow = (Action: unknown, Resource: unknown = "*", extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
  const ids = ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290"];
  const failing = (statements: Record<string, unknown>[]) => ids.filter((id) => outcome(id, [rolePolicy("p", statements)]).failed === 1);

  it("passes what landing-zone writes: unrestrictable actions on *, everything else on named resources", () => {
    expect(failing([allow("ecr:GetAuthorizationToken"), allow(["ec2:DescribeInstanceTypes", "autoscaling:DescribeTags"])])).toEqual([]);
    expect(failing([allow(["s3:GetObject", "iam:PassRole", "s3:PutObject"], "arn:aws:s3:::bucket/*")])).toEqual([]);
    expect(failing([{ Effect: "Deny", Action: "*", Resource: "*" }])).toEqual([]);
  });

  it("fails each class of broad grant under its own ID", () => {
    expect(failing([allow("*")])).toEqual(ids);
    expect(failing([allow("eks:DescribeNodegroup")])).toEqual(["CKV_AWS_355"]);
    expect(failing([allow("s3:GetObject")])).toEqual(["CKV_AWS_355", "CKV_AWS_288"]);
    expect(failing([allow("iam:PassRole")])).toEqual(["CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_290"]);
    expect(failing([allow("iam:AttachRolePolicy")])).toEqual(["CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_289", "CKV_AWS_290"]);
    expect(failing([allow("sts:AssumeRole")])).toEqual(["CKV_AWS_355", "CKV_AWS_287", "CKV_AWS_290"]);
    expect(failing([allow("s3:Put*")])).toContain("CKV_AWS_290");
    expect(failing([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])).toEqual(ids);
  });
});

describe("GitHub OIDC trust (CKV_AWS_358, CKV_AWS_393)", () => {
  const OIDC = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
  const role = (name: string, federated: string, condition: Record<string, unknown>) => ({
    type: "aws_iam_role", name,
    values: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }] }) },
  });
  const good = { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/infra:environment:production" } };

  it("passes an exact subject with the audience on a literal provider ARN; other roles are n/a", () => {
    expect(outcome("CKV_AWS_358", [role("ci", OIDC, good), { type: "aws_iam_role", name: "svc", values: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } }]))
      .toEqual({ passed: 1, failed: 0, notApplicable: 1 });
    expect(outcome("CKV_AWS_393", [role("ci", OIDC, good)]).passed).toBe(1);
  });

  it("fails a wildcard or StringLike subject, a missing audience, or a provider hidden behind a token", () => {
    const sub = (v: string) => ({ StringEquals: { ...good.StringEquals, "token.actions.githubusercontent.com:sub": v } });
    expect(outcome("CKV_AWS_358", [role("a", OIDC, sub("repo:acme/*")), role("b", OIDC, sub("repo:acme/infra:*"))]).failed).toBe(2);
    expect(outcome("CKV_AWS_358", [role("c", OIDC, { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:*" } })]).failed).toBe(1);
    expect(outcome("CKV_AWS_393", [role("d", OIDC, { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:pull_request" } })]).failed).toBe(1);
    expect(outcome("CKV_AWS_393", [role("e", "${aws_iam_openid_connect_provider.github.arn}", good)]).failed).toBe(1);
  });
});

describe(".checkov.yaml", () => {
  it("gives every skipped check a reason on its line", () => {
    const skips = readSkips();
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) expect(s.reason.length, s.id).toBeGreaterThan(20);
  });

  it("makes every check npm run scan encodes a hard failure in checkov, or says on its line why not", () => {
    const { hard, notHard } = readHardFailPolicy();
    const encoded = CHECKS.map((c) => c.id).filter((id) => id.startsWith("CKV"));
    expect([...hard, ...notHard.map((n) => n.id)].sort()).toEqual([...encoded].sort());
    expect(new Set(hard).size + notHard.length).toBe(encoded.length); // no ID in both lists
    for (const n of notHard) expect(n.reason.length, n.id).toBeGreaterThan(20);
    const skipped = new Set(readSkips().map((s) => s.id));
    expect(hard.filter((id) => skipped.has(id))).toEqual([]);
  });

  it("a not-hard check without a reason is detected (negative control)", () => {
    const file = join(tmpdir(), "lz-checkov-hard.yaml");
    writeFileSync(file, "hard-fail-on:\n  - CKV_AWS_1\n#   not-hard CKV_AWS_2  # why\n#   not-hard CKV_AWS_3\n");
    expect(readHardFailPolicy(file)).toEqual({ hard: ["CKV_AWS_1"], notHard: [{ id: "CKV_AWS_2", reason: "why" }, { id: "CKV_AWS_3", reason: "" }] });
  });

  it("a skip without a reason is detected (negative control)", () => {
    const file = join(tmpdir(), "lz-checkov.yaml");
    writeFileSync(file, "skip-check:\n  - CKV_AWS_1  # reason\n  - CKV_AWS_2\n");
    expect(readSkips(file)).toEqual([{ id: "CKV_AWS_1", reason: "reason" }, { id: "CKV_AWS_2", reason: "" }]);
  });
});

describe("npm run scan: arguments", () => {
  it("fails on an option it does not know instead of ignoring it", () => {
    const run = spawnSync(process.execPath, ["cli/run.js", "scripts/scan/index.ts", "--confg", "config/examples/dri.yaml"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown argument "--confg"; usage: npm run scan -- [--config <file>]');
  });
});
