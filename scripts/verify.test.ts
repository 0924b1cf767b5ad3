import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { offlineOverride, requireTerraform, writeOfflineOverride } from "./lib/terraform";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onlineDependencies } from "../stacks/offline";
import { destroyGuard, verifyGroup } from "./verify";

describe("offline plan override", () => {
  it("swaps the backend for a local one and neutralises credentials and assume_role in every provider block", () => {
    const override = offlineOverride({
      provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::1:role/x" }] }, { alias: "dns", region: "eu-west-1", assume_role: [{}] }, { alias: "plain" }] },
    }) as { terraform: object; provider: { aws: Record<string, unknown>[] } };
    expect(override.terraform).toEqual({ backend: { local: { path: "offline.tfstate" } } });
    expect(override.provider.aws.map((p) => p.alias)).toEqual([undefined, "dns", "plain"]);
    for (const p of override.provider.aws) {
      expect(p).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, allowed_account_ids: null });
    }
    expect(override.provider.aws[0].assume_role).toEqual([{ role_arn: "" }]);
    expect(override.provider.aws[2].assume_role).toBeUndefined();
  });
});

describe("offline-only stacks", () => {
  it("allows local policy documents and flags data sources that call AWS or read other state", () => {
    expect(onlineDependencies({ data: { aws_iam_policy_document: {} } })).toEqual([]);
    expect(onlineDependencies({ data: { aws_caller_identity: {}, terraform_remote_state: {} } })).toEqual(["aws_caller_identity", "terraform_remote_state"]);
  });
});

describe("destroy guard (npm run verify -- --against)", () => {
  const planFile = (name: string, changes: { address: string; type: string; actions: string[] }[]) => {
    const file = join(tmpdir(), `lz-guard-${name}.json`);
    writeFileSync(file, JSON.stringify({ resource_changes: changes.map((c) => ({ address: c.address, type: c.type, change: { actions: c.actions } })) }));
    return file;
  };

  it("passes plans that only create, update or delete unprotected resources", () => {
    const ok = planFile("ok", [{ address: "aws_vpc.network", type: "aws_vpc", actions: ["create"] }, { address: "aws_route.x", type: "aws_route", actions: ["delete"] }]);
    expect(destroyGuard([ok])).toEqual([]);
  });

  it("fails a plan that replaces the database or deletes the state bucket", () => {
    const bad = planFile("bad", [
      { address: "aws_db_instance.postgres", type: "aws_db_instance", actions: ["delete", "create"] },
      { address: "aws_s3_bucket.state_bucket", type: "aws_s3_bucket", actions: ["delete"] },
    ]);
    expect(destroyGuard([bad])).toEqual([{ file: bad, destroys: ["aws_db_instance.postgres (replace)", "aws_s3_bucket.state_bucket (destroy)"] }]);
  });
});

describe("verify traces each terraform error to its stack (real terraform, combined root)", () => {
  const stack = (resource: object) => ({
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { s3: { bucket: "b", key: "k", region: "eu-west-1" } } },
    provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::123456789012:role/x" }] }] },
    resource,
  });

  it("fails the stack with an invalid attribute and the stack with a provider-side plan error, naming each, and still plans the good one", async () => {
    const tf = requireTerraform();
    const base = mkdtempSync(join(tmpdir(), "lz-verify-"));
    const stacks = {
      good: stack({ aws_sqs_queue: { jobs: { name: "jobs", message_retention_seconds: 345600 } } }),
      "bad-attribute": stack({ aws_s3_bucket: { data: { bucket: "acme-data", not_an_argument: true } } }),
      "bad-plan": stack({ aws_sqs_queue: { jobs: { name: "jobs", message_retention_seconds: 10 } } }),
    };
    const jobs = Object.entries(stacks).map(([name, json], i) => {
      const dir = join(base, "stacks", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
      writeOfflineOverride(dir);
      return { config: "planted", stack: name, dir, moduleName: `m${i}`, source: `../stacks/${name}`, resources: 1 };
    });
    const results = await verifyGroup(tf.binary, tf.pluginDir, join(base, "root"), jobs);
    const byStack = Object.fromEntries(results.map((r) => [r.stack, r]));
    expect(byStack.good).toMatchObject({ ok: true, toAdd: 1 });
    expect(byStack["bad-attribute"].ok).toBe(false);
    expect(byStack["bad-attribute"].error).toContain("not_an_argument");
    expect(byStack["bad-attribute"].error).not.toContain("message_retention_seconds");
    expect(byStack["bad-plan"].ok).toBe(false);
    expect(byStack["bad-plan"].error).toContain("message_retention_seconds");
    expect(byStack["bad-plan"].error).not.toContain("not_an_argument");
    expect(JSON.parse(readFileSync(join(base, "stacks", "good", "plan.json"), "utf8")).resource_changes.map((r: { address: string }) => r.address)).toEqual(["aws_sqs_queue.jobs"]);
  }, 60_000);
});
