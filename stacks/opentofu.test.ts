/**
 * OpenTofu compatibility (eurus deploys with OpenTofu and Terragrunt): every stack of every shipped config, and the
 * selected one, uses only what OpenTofu 1.8 accepts. OpenTofu is not installed here, so this checks the synthesized
 * JSON against the constructs OpenTofu 1.8 rejects or lacks; the real `tofu` run is the README's to describe.
 */
import { describe, expect, it } from "vitest";
import { shippedConfigFiles } from "../config";
import { synthConfigFile, type StackJson } from "../test/testing";

/** Top-level blocks OpenTofu 1.8 reads (JSON syntax). "//" is cdktf's metadata comment, which both ignore. */
const TOP_LEVEL = new Set(["//", "terraform", "provider", "resource", "data", "output", "variable", "locals", "module", "import", "moved", "check", "removed"]);
/** Terraform-only constructs, where they would appear, and why OpenTofu 1.8 refuses them. */
export const TERRAFORM_ONLY: { where: "top-level" | "terraform" | "backend" | "lifecycle" | "argument"; pattern: RegExp; why: string }[] = [
  { where: "top-level", pattern: /^ephemeral$/, why: "ephemeral resources (Terraform 1.10); OpenTofu 1.8 has none" },
  { where: "top-level", pattern: /^action$/, why: "actions (Terraform 1.14)" },
  { where: "terraform", pattern: /^cloud$/, why: "the HCP Terraform cloud block" },
  { where: "backend", pattern: /^use_lockfile$/, why: "S3 native locking (Terraform 1.10; OpenTofu from 1.10 only)" },
  { where: "lifecycle", pattern: /^action_trigger$/, why: "action triggers (Terraform 1.14)" },
  { where: "argument", pattern: /_wo(_version)?$/, why: "write-only arguments (Terraform 1.11); OpenTofu 1.8 has none" },
];
/** The S3 backend arguments OpenTofu 1.8 documents (a subset used here must stay inside it). */
const OPENTOFU_S3_BACKEND = new Set([
  "bucket", "key", "region", "encrypt", "kms_key_id", "dynamodb_table", "assume_role", "workspace_key_prefix", "acl", "profile",
  "shared_credentials_files", "endpoints", "use_path_style", "skip_credentials_validation", "skip_region_validation",
  "skip_requesting_account_id", "skip_metadata_api_check", "skip_s3_checksum", "access_key", "secret_key", "token",
]);
const TERRAFORM_BLOCK = new Set(["required_providers", "backend", "required_version"]);

/** What OpenTofu 1.8 would reject in one stack. */
export function openTofuProblems(stack: StackJson): string[] {
  const problems: string[] = [];
  const only = (where: (typeof TERRAFORM_ONLY)[number]["where"], key: string, at: string) => {
    const hit = TERRAFORM_ONLY.find((t) => t.where === where && t.pattern.test(key));
    if (hit) problems.push(`${at}: ${hit.why}`);
    return !!hit;
  };
  for (const key of Object.keys(stack)) if (!only("top-level", key, key) && !TOP_LEVEL.has(key)) problems.push(`${key}: not a block OpenTofu reads`);
  for (const key of Object.keys(stack.terraform ?? {})) if (!only("terraform", key, `terraform.${key}`) && !TERRAFORM_BLOCK.has(key)) problems.push(`terraform.${key}: not in OpenTofu's terraform block`);
  for (const [type, args] of Object.entries((stack.terraform?.backend ?? {}) as Record<string, Record<string, unknown>>)) {
    if (type !== "s3" && type !== "local") problems.push(`backend ${type}: not used with OpenTofu here`);
    for (const arg of Object.keys(args)) {
      if (!only("backend", arg, `backend.${type}.${arg}`) && type === "s3" && !OPENTOFU_S3_BACKEND.has(arg)) problems.push(`backend.s3.${arg}: not an OpenTofu 1.8 S3 backend argument`);
    }
  }
  const version = stack.terraform?.required_version as string | undefined;
  if (version && /1\.(9|1\d)/.test(version)) problems.push(`terraform.required_version ${version}: excludes OpenTofu 1.8`);
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, StackJson>>)) {
    for (const [name, resource] of Object.entries(byName)) {
      for (const key of Object.keys(resource.lifecycle ?? {})) only("lifecycle", key, `${type}.${name}.lifecycle.${key}`);
      for (const key of Object.keys(resource)) only("argument", key, `${type}.${name}.${key}`);
    }
  }
  return problems;
}

describe.each(shippedConfigFiles())("OpenTofu 1.8 accepts every stack of %s", (file) => {
  const stacks = synthConfigFile(file);
  it.each(Object.keys(stacks))("%s", (name) => {
    expect(openTofuProblems(stacks[name])).toEqual([]);
  });
});

describe("the OpenTofu check", () => {
  it("finds each Terraform-only construct it lists (negative controls)", () => {
    const stack = {
      terraform: { backend: { s3: { bucket: "b", use_lockfile: true } }, cloud: {} },
      ephemeral: { aws_secretsmanager_secret_version: {} },
      resource: { aws_db_instance: { db: { password_wo: "x", password_wo_version: 1, action: "kept: an argument named action is fine", lifecycle: { action_trigger: [] } } } },
    };
    expect(openTofuProblems(stack)).toEqual([
      "ephemeral: ephemeral resources (Terraform 1.10); OpenTofu 1.8 has none",
      "terraform.cloud: the HCP Terraform cloud block",
      "backend.s3.use_lockfile: S3 native locking (Terraform 1.10; OpenTofu from 1.10 only)",
      "aws_db_instance.db.lifecycle.action_trigger: action triggers (Terraform 1.14)",
      "aws_db_instance.db.password_wo: write-only arguments (Terraform 1.11); OpenTofu 1.8 has none",
      "aws_db_instance.db.password_wo_version: write-only arguments (Terraform 1.11); OpenTofu 1.8 has none",
    ]);
  });
});
