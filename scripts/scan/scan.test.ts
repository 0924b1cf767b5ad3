import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "./checks";
import { readSkips, runChecks, stackContext } from ".";

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

describe(".checkov.yaml", () => {
  it("gives every skipped check a reason on its line", () => {
    const skips = readSkips();
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) expect(s.reason.length, s.id).toBeGreaterThan(20);
  });

  it("a skip without a reason is detected (negative control)", () => {
    const file = join(tmpdir(), "lz-checkov.yaml");
    writeFileSync(file, "skip-check:\n  - CKV_AWS_1  # reason\n  - CKV_AWS_2\n");
    expect(readSkips(file)).toEqual([{ id: "CKV_AWS_1", reason: "reason" }, { id: "CKV_AWS_2", reason: "" }]);
  });
});
