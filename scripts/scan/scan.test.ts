import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("security scan checks", () => {
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
    expect(hard.filter((id) => readSkips().some((s) => s.id === id))).toEqual([]);
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
