import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { offlineOverride, olderThan, requireTerraform, ToolMissingError } from "./lib/terraform";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onlineDependencies } from "../stacks/offline";
import { destroyGuard, verifyGroup } from "./verify";
import { UsageError } from "../cli";

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

describe("the terraform verify runs", () => {
  it("is refused, loudly, when older than 1.10", () => {
    const fake = join(mkdtempSync(join(tmpdir(), "lz-old-tf-")), "terraform");
    writeFileSync(fake, `#!/bin/sh\necho '{"terraform_version":"1.9.8"}'\n`, { mode: 0o755 });
    expect(() => requireTerraform({ ...process.env, LZ_TERRAFORM: fake })).toThrow(ToolMissingError);
    expect(() => requireTerraform({ ...process.env, LZ_TERRAFORM: fake })).toThrow(/terraform 1\.9\.8 .* is older than 1\.10\.0/);
    expect([olderThan("1.9.8", "1.10.0"), olderThan("1.10.0", "1.10.0"), olderThan("1.11.4", "1.10.0"), olderThan("1.10.0-rc1", "1.10.0")]).toEqual([true, false, false, false]);
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

  it("fails closed, naming the file, on a plan it cannot read or that is not a plan in JSON", () => {
    const missing = join(tmpdir(), "lz-guard-missing.json");
    expect(() => destroyGuard([missing])).toThrow(new UsageError(`cannot read the plan ${missing}: ENOENT: no such file or directory, open '${missing}'`));
    const binary = join(tmpdir(), "lz-guard-plan.bin");
    writeFileSync(binary, "PK\u0003\u0004 a saved plan");
    expect(() => destroyGuard([binary])).toThrow(`${binary} is not JSON: pass the output of terraform show -json plan.bin`);
    const other = join(tmpdir(), "lz-guard-other.json");
    writeFileSync(other, JSON.stringify({ resources: [] }));
    expect(() => destroyGuard([other])).toThrow(`${other} is not a Terraform plan in JSON`);
    const noChanges = join(tmpdir(), "lz-guard-no-changes.json");
    writeFileSync(noChanges, JSON.stringify({ format_version: "1.2" }));
    expect(destroyGuard([noChanges])).toEqual([]);
  });

  it("fails a plan that replaces the database or deletes the state bucket", () => {
    const bad = planFile("bad", [
      { address: "aws_db_instance.postgres", type: "aws_db_instance", actions: ["delete", "create"] },
      { address: "aws_s3_bucket.state_bucket", type: "aws_s3_bucket", actions: ["delete"] },
    ]);
    expect(destroyGuard([bad])).toEqual([{ file: bad, destroys: ["aws_db_instance.postgres (replace)", "aws_s3_bucket.state_bucket (destroy)"] }]);
  });
});

describe("verify traces each terraform error to its stack", () => {
  const stack = (resource: object, provider: object = {}) => ({
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { s3: { bucket: "b", key: "k", region: "eu-west-1" } } },
    provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::123456789012:role/x" }], ...provider }] },
    resource,
  });
  const plant = (base: string, stacks: Record<string, object>) =>
    Object.entries(stacks).map(([name, json], i) => {
      const dir = join(base, "stacks", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
      return { config: "planted", stack: name, dir, moduleName: `m${i}_${name}`, resources: 1, providerConfigs: 1 };
    });

  it("real terraform, one root: fails the stack with an invalid attribute, the one with a provider-side plan error and the one with a bad provider setting, each naming only its own", async () => {
    const tf = requireTerraform();
    const base = mkdtempSync(join(tmpdir(), "lz-verify-"));
    const results = await verifyGroup(
      tf.binary,
      tf.pluginDir,
      join(base, "root"),
      plant(base, {
        "bad-attribute": stack({ aws_s3_bucket: { data: { bucket: "acme-data", not_an_argument: true } } }),
        "bad-plan": stack({ aws_sqs_queue: { jobs: { name: "jobs", message_retention_seconds: 10 } } }),
        "bad-provider": stack({ aws_sqs_queue: { other: { name: "other" } } }, { default_tag: [{ tags: { team: "x" } }] }),
      }),
    );
    expect(results).toMatchObject([
      { stack: "bad-attribute", ok: false },
      { stack: "bad-plan", ok: false },
      { stack: "bad-provider", ok: false },
    ]);
    expect(results[0].error).toContain("not_an_argument");
    expect(results[1].error).toContain("message_retention_seconds");
    expect(results[2].error).toContain("default_tag");
    for (const [i, own] of ["not_an_argument", "message_retention_seconds", "default_tag"].entries()) {
      for (const other of results.filter((_, j) => j !== i)) expect(other.error).not.toContain(own);
    }
  }, 60_000);

  it("plans the other stacks of a failed root again without the failed one, and cuts each plan back out (recording stand-in for terraform)", async () => {
    const base = mkdtempSync(join(tmpdir(), "lz-verify-fake-"));
    const calls = join(base, "calls.log");
    // Fails the first plan with an error in module m0_broken; the next plan (without it) succeeds.
    const fake = join(base, "terraform");
    writeFileSync(
      fake,
      `#!/usr/bin/env bash
echo "$*" >> ${JSON.stringify(calls)}
case "$1" in
  init) touch .terraform.lock.hcl; mkdir -p .terraform; exit 0 ;;
  plan)
    if grep -q m0_broken main.tf.json; then
      echo '{"type":"diagnostic","diagnostic":{"severity":"error","summary":"Invalid value","address":"module.m0_broken.aws_sqs_queue.jobs"}}'
      exit 1
    fi
    touch plan.bin; exit 0 ;;
  show)
    echo '{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.m1_good","resources":[{"address":"module.m1_good.aws_sqs_queue.jobs","type":"aws_sqs_queue","name":"jobs","values":{}}]}]}},"resource_changes":[{"address":"module.m1_good.aws_sqs_queue.jobs","module_address":"module.m1_good","type":"aws_sqs_queue","change":{"actions":["create"]}}],"configuration":{"root_module":{"module_calls":{"m1_good":{"module":{"resources":[]}}}}}}'
    exit 0 ;;
esac
`,
      { mode: 0o755 },
    );
    const results = await verifyGroup(fake, "/nonexistent", join(base, "root"), plant(join(base, "s"), { broken: stack({}), good: stack({}) }));
    expect(results).toMatchObject([{ stack: "broken", ok: false }, { stack: "good", ok: true, toAdd: 1 }]);
    expect(results[0].error).toContain("Invalid value [module.m0_broken.aws_sqs_queue.jobs]");
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")[0])).toEqual(["init", "plan", "init", "plan", "show"]);
    // The root as initialized last time: no second init (init depends only on the root and the provider mirror).
    const again = await verifyGroup(fake, "/nonexistent", join(base, "root"), plant(join(base, "s"), { good: stack({}) }).map((j) => ({ ...j, moduleName: "m1_good" })));
    expect(again).toMatchObject([{ stack: "good", ok: true }]);
    expect(readFileSync(calls, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")[0]).slice(5)).toEqual(["plan", "show"]);
    expect(JSON.parse(readFileSync(join(base, "s", "stacks", "good", "plan.json"), "utf8")).resource_changes).toEqual([
      { address: "aws_sqs_queue.jobs", type: "aws_sqs_queue", change: { actions: ["create"] } },
    ]);
  });
});
