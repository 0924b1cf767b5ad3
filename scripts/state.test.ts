import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile } from "../config";
import { parseStateArgs, prepareStateDir } from "./state";
import { UsageError } from "../cli";

const config = loadConfigFile("config/set.yaml");
const runState = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["cli/run.js", "scripts/state.ts", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

describe("npm run state: arguments", () => {
  it("passes the rest of the arguments to terraform", () => {
    expect(parseStateArgs(["set-nonprod", "state", "show", "aws_kms_key.data_key"], config)).toEqual({ stack: "set-nonprod", terraformArgs: ["state", "show", "aws_kms_key.data_key"] });
  });

  it("rejects an unknown stack, listing the valid ones in apply order", () => {
    expect(() => parseStateArgs(["set-prod-il", "state", "list"], config)).toThrow(
      new UsageError('unknown stack "set-prod-il"; stacks of config/set.yaml: state-backend, management, shared-services, set-nonprod, set-prod-eu'),
    );
  });

  it("asks what to do when no terraform arguments are given", () => {
    expect(() => parseStateArgs(["set-nonprod"], config)).toThrow("what should terraform do with set-nonprod? e.g. npm run state -- set-nonprod state list");
    expect(() => parseStateArgs([], config)).toThrow(/^usage: npm run state -- <stack> <terraform args…>/);
  });

  it("works on the selected config's own stack: the same stack name in another config (or an old cdktf.out/) is another backend", () => {
    const dir = mkdtempSync(join(tmpdir(), "lz-state-dirs-"));
    const backendOf = (file: string) => {
      const stateDir = prepareStateDir(loadConfigFile(file), "management", { LZ_STATE_DIR: dir, LZ_STATE_ROLE_ARN: "arn:aws:iam::111111111111:role/reader" });
      const override = JSON.parse(readFileSync(join(stateDir, "zz_state_override.tf.json"), "utf8"));
      expect(JSON.parse(readFileSync(join(stateDir, "cdk.tf.json"), "utf8")).terraform.backend.s3.bucket).toBe(override.terraform.backend.s3.bucket);
      return override.terraform.backend.s3;
    };
    const set = backendOf("config/set.yaml");
    const eurus = backendOf("config/examples/eurus.yaml");
    expect(set.bucket).toMatch(/^set-tfstate-/);
    expect(eurus.bucket).toMatch(/^eurus-tfstate-/);
    expect(eurus.assume_role).toEqual({ role_arn: "arn:aws:iam::111111111111:role/reader", session_name: "landing-zone-read-only" });
  });

  it("without terraform: exits 2 with how to install it", () => {
    const run = runState(["set-nonprod", "state", "list"], { LZ_TERRAFORM: "/nonexistent/terraform" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error: terraform not found (tried "/nonexistent/terraform"). Install Terraform ≥ 1.10');
  });
});

/** Async, so the S3 stand-in running in this process keeps answering while terraform talks to it. */
function runStateAsync(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["cli/run.js", "scripts/state.ts", ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The real terraform against a local S3-compatible server standing in for the state bucket. */
describe("npm run state: end to end with terraform and an S3 stand-in", () => {
  const require = createRequire(__filename);
  const S3rver = require("s3rver") as new (opts: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  let server: InstanceType<typeof S3rver>;
  let endpoint = "";

  beforeAll(async () => {
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: mkdtempSync(join(tmpdir(), "s3rver-")), configureBuckets: [{ name: "set-tfstate-222222222222" }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const state = {
      version: 4, terraform_version: "1.11.4", serial: 3, lineage: "lz-state-test", outputs: {}, check_results: null,
      resources: [
        { mode: "managed", type: "aws_kms_key", name: "data_key", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes: { id: "k-1" } }] },
        { mode: "managed", type: "aws_vpc", name: "network", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes: { id: "vpc-1" } }] },
      ],
    };
    const put = await fetch(`${endpoint}/set-tfstate-222222222222/stacks/set-nonprod/terraform.tfstate`, { method: "PUT", body: JSON.stringify(state) });
    expect(put.status).toBe(200);
  });
  afterAll(async () => server?.close());

  it("initializes the stack's backend against the bucket and lists the state", async () => {
    const run = await runStateAsync(["set-nonprod", "state", "list"], {
      LZ_STATE_S3_ENDPOINT: endpoint, LZ_STATE_DIR: mkdtempSync(join(tmpdir(), "lz-state-")), AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(["aws_kms_key.data_key", "aws_vpc.network"]);
  }, 60_000);
});
