import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { arnOfRole } from "../../config";

/** The provider the stacks are generated for (@cdktf/provider-aws 20.1.0 = hashicorp/aws 5.100.0). */
export const AWS_PROVIDER_VERSION = "5.100.0";
export const DEFAULT_PLUGIN_DIR = "/opt/tf-plugins";

export class ToolMissingError extends Error {}

/** The oldest Terraform the stacks and verify support (the README's requirement). */
export const MIN_TERRAFORM_VERSION = "1.10.0";

/** True when dotted version `a` (e.g. "1.9.8", "1.11.0-rc1") is older than `b`. */
export function olderThan(a: string, b: string): boolean {
  const parts = (v: string) => v.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/** The terraform binary (LZ_TERRAFORM, else on PATH) and its version; fails loudly when missing or too old. */
export function requireTerraformBinary(env: NodeJS.ProcessEnv = process.env): { binary: string; version: string } {
  const binary = env.LZ_TERRAFORM ?? "terraform";
  const probe = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env: terraformEnv(env) });
  if (probe.error || probe.status !== 0) {
    throw new ToolMissingError(
      `terraform not found (tried "${binary}"). Install Terraform ≥ 1.10 (e.g. the HashiCorp apt package "terraform" or a release ` +
        `binary on PATH), or point LZ_TERRAFORM at it.`,
    );
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  if (olderThan(version, MIN_TERRAFORM_VERSION)) {
    throw new ToolMissingError(`terraform ${version} ("${binary}") is older than ${MIN_TERRAFORM_VERSION}, the oldest the stacks are verified with (they use import blocks and the S3 backend's assume_role block); install Terraform ≥ ${MIN_TERRAFORM_VERSION}.`);
  }
  return { binary, version };
}

/** Fails loudly (never skips) when terraform or the provider mirror is missing. */
export function requireTerraform(env: NodeJS.ProcessEnv = process.env): { binary: string; pluginDir: string; version: string } {
  const { binary, version } = requireTerraformBinary(env);
  const pluginDir = env.LZ_TF_PLUGIN_DIR ?? DEFAULT_PLUGIN_DIR;
  const providerDir = join(pluginDir, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION);
  if (!existsSync(providerDir)) {
    throw new ToolMissingError(
      `the hashicorp/aws ${AWS_PROVIDER_VERSION} provider is not in the plugin mirror ${pluginDir} (looked for ${providerDir}). ` +
        `Create it with "terraform providers mirror ${pluginDir}" on a machine with registry access, or set LZ_TF_PLUGIN_DIR.`,
    );
  }
  return { binary, pluginDir, version };
}

/** Environment for terraform child processes: no CLI config file surprises, automation mode, no colours. */
export function terraformEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_CLI_CONFIG_FILE: env.LZ_TF_CLI_CONFIG ?? "/dev/null",
    CHECKPOINT_DISABLE: "1",
    // Terraform and the provider allocate heavily while planning; collecting less often saves ~10 % CPU (measured).
    GOGC: env.GOGC ?? "400",
    // Offline plans must never reach real AWS even if the machine has credentials.
    AWS_PROFILE: "",
    AWS_ACCESS_KEY_ID: "",
    AWS_SECRET_ACCESS_KEY: "",
    AWS_SESSION_TOKEN: "",
  };
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTerraform(binary: string, args: string[], cwd: string, env = terraformEnv()): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, [...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ code: 127, stdout, stderr: stderr + String(e) }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export const OFFLINE_OVERRIDE_FILE = "zz_offline_override.tf.json";

interface ProviderBlock {
  alias?: string;
  region?: string;
  assume_role?: unknown[];
}

/** What an AWS provider configuration needs to plan with no network: fake static credentials and no AWS calls. */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "AKIAOFFLINEPLANNING0",
  secret_key: "offline-plan-fake-secret",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/**
 * The override that lets a stack plan with no network: a local backend, and every AWS provider block (aliases
 * included) given fake static credentials, skip flags, no allowed_account_ids and an empty assume_role (the
 * provider calls STS to assume a role even with skip_credentials_validation; an empty role_arn turns that off).
 */
export function offlineOverride(stackJson: { provider?: { aws?: ProviderBlock[] } }): object {
  const providers = (stackJson.provider?.aws ?? []).map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    ...OFFLINE_PROVIDER_SETTINGS,
    allowed_account_ids: null,
    ...(p.assume_role?.length ? { assume_role: [{ role_arn: "" }] } : {}),
  }));
  return {
    terraform: { backend: { local: { path: "offline.tfstate" } } },
    ...(providers.length ? { provider: { aws: providers } } : {}),
  };
}

export function writeOfflineOverride(stackDir: string): void {
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  writeFileSync(join(stackDir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlineOverride(stack), null, 2));
}

interface StackWithBackend {
  provider?: { aws?: ProviderBlock[] };
  terraform?: { backend?: { s3?: Record<string, unknown> } };
}

/** Role ARN `arn:aws:iam::<account>:role/<name>` with the same account and another role name. */
export function sameAccountRole(roleArn: string, roleName: string): string {
  const m = /^arn:aws:iam::(\d{12}):role\/.+$/.exec(roleArn);
  if (!m) throw new Error(`not an IAM role ARN: ${roleArn}`);
  return arnOfRole(m[1], roleName);
}

/**
 * Override for read-only runs (drift checks, pull-request plans, state inspection): every provider assumes
 * `providerRole` in the account it already targets, and the S3 backend assumes `backendRoleArn`. Terraform replaces
 * a backend block wholesale, so the original is repeated with only the role (and optionally the endpoint) changed.
 */
export function readOnlyOverride(stack: StackWithBackend, opts: { providerRole?: string; backendRoleArn: string; s3Endpoint?: string }): object {
  const s3 = stack.terraform?.backend?.s3;
  if (!s3) throw new Error("the stack has no S3 backend (a bootstrap synth?); run npm run synth without --bootstrap");
  const backend: Record<string, unknown> = { ...s3, assume_role: { role_arn: opts.backendRoleArn, session_name: "landing-zone-read-only" } };
  // Read-only runs never lock, and the reader role has no DynamoDB access: without the table the backend also skips
  // its digest check, which would otherwise read the lock table.
  delete backend.dynamodb_table;
  if (opts.s3Endpoint) {
    Object.assign(backend, {
      endpoints: { s3: opts.s3Endpoint },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_s3_checksum: true, // S3-compatible servers rarely implement the SDK's flexible checksums
    });
    delete backend.assume_role;
  }
  const providers = opts.providerRole
    ? (stack.provider?.aws ?? []).map((p) => ({
        ...(p.alias ? { alias: p.alias } : {}),
        ...(p.assume_role?.length
          ? { assume_role: [{ role_arn: sameAccountRole((p.assume_role[0] as { role_arn: string }).role_arn, opts.providerRole!), session_name: "landing-zone-read-only" }] }
          : {}),
      }))
    : [];
  return { terraform: { backend: { s3: backend } }, ...(providers.length ? { provider: { aws: providers } } : {}) };
}
