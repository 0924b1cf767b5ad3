/**
 * npm run bootstrap -- [--config <file>] [--apply] [--auto-approve] [--confirm <step>[,<step>]]
 *
 * The first deployment into a new organization, as one resumable command. Without --apply it prints the ordered
 * steps and where each stands; with --apply it runs them with the caller's AWS credentials (management account),
 * stopping at each step that needs a human with the exact instruction. A re-run continues where it stopped: a step is
 * done when its recorded content hash matches (bootstrap-state/progress.json), so nothing completed runs twice.
 *
 * Every stack works in its own folder, bootstrap-state/<stack>/: its cdk.tf.json (the only file this command
 * rewrites), terraform's .terraform/ and lock file, and its local state, terraform.tfstate. The last step migrates
 * each local state into the state bucket with `terraform init -migrate-state`, after copying it to a dated backup.
 * No state file is ever deleted.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  allIdsKnown,
  identityAccount,
  isOptInRegion,
  isPlaceholderAccountId,
  isPlaceholderZoneId,
  loadConfigFile,
  managementAccount,
  NONPROD_STATE_BACKEND_STACK,
  ownNonprodServicesAccount,
  roleName,
  servicesAccount,
  stackTier,
  stateAccount,
  STATE_BACKEND_STACK,
  type OrgConfig,
} from "../config";
import { applyOrder } from "../stacks/app";
import { BOOTSTRAP_STATE_DIR } from "../state-backend/backend";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";
import { terraformEnv } from "./lib/terraform";
import { synthesizeStackTexts } from "./synth";

export type Step =
  | { kind: "apply"; id: string; stack: string; json: string; note: string }
  /** `instruction` reads the outputs of stacks applied earlier in the same run. */
  | { kind: "human"; id: string; instruction: () => string; done: boolean; confirmable: boolean }
  | { kind: "migrate"; id: string; stack: string; json: string };

interface Progress {
  steps: Record<string, { at: string; hash?: string }>;
}

export interface BootstrapOptions {
  readonly configFile: string;
  /** The repository root: bootstrap-state/ lives under it. */
  readonly root: string;
  readonly apply: boolean;
  readonly autoApprove?: boolean;
  readonly confirm?: readonly string[];
  /** The terraform binary (LZ_TERRAFORM, else terraform on PATH). */
  readonly terraform?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
  /** Synthesizes the stacks (default: synthesizeForBootstrap); tests pass it through their synth cache. */
  readonly synth?: StackSynth;
}

/** Each stack's cdk.tf.json text, by stack name, for a config (with bootstrap: the bootstrap variant). */
export type StackSynth = (config: OrgConfig, bootstrap: boolean) => Map<string, string>;

export interface BootstrapResult {
  /** Every step of this run's plan, with what happened to it. */
  readonly steps: { id: string; status: "done" | "ran" | "waiting" | "failed" | "pending" }[];
  /** True when every step is done. */
  readonly finished: boolean;
}

export class BootstrapFailed extends UsageError {}

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);
const stackDir = (root: string, stack: string) => join(root, BOOTSTRAP_STATE_DIR, stack);
const progressFile = (root: string) => join(root, BOOTSTRAP_STATE_DIR, "progress.json");

function readProgress(root: string): Progress {
  const file = progressFile(root);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Progress) : { steps: {} };
}

function writeProgress(root: string, progress: Progress): void {
  mkdirSync(join(root, BOOTSTRAP_STATE_DIR), { recursive: true });
  writeFileSync(progressFile(root), `${JSON.stringify(progress, null, 2)}\n`);
}

/**
 * Each stack's cdk.tf.json, synthesized for a working folder bootstrap-state/<stack>/ (local state: ./terraform.tfstate).
 * A process that plans several runs (the tests) synthesizes each config once.
 */
const synthesized = new Map<string, Map<string, string>>();
export const synthesizeForBootstrap: StackSynth = (config, bootstrap) => {
  const key = `${bootstrap}:${hash(JSON.stringify(config))}`;
  const stacks = synthesized.get(key) ?? synthesizeStackTexts(config, { bootstrap, localStateDir: ".." });
  synthesized.set(key, stacks);
  return stacks;
};

/** Outputs of a stack's local state, if it has been applied. */
function localOutputs(root: string, stack: string): Record<string, unknown> {
  const file = join(stackDir(root, stack), "terraform.tfstate");
  if (!existsSync(file)) return {};
  const state = JSON.parse(readFileSync(file, "utf8")) as { outputs?: Record<string, { value: unknown }> };
  return Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

const show = (value: unknown, fallback: string) => (value === undefined ? fallback : typeof value === "string" ? value : JSON.stringify(value));

/** The ordered steps for the config as it stands now (a re-run after editing the config sees the next ones). */
/**
 * The config as the bootstrap sees it: `npm run init`'s placeholder account and zone ids count as missing (the
 * accounts and zones do not exist yet), so a fresh config starts by creating the organization.
 */
function withoutPlaceholders(config: OrgConfig): OrgConfig {
  return {
    ...config,
    organization: { ...config.organization, dnsZoneId: isPlaceholderZoneId(config.organization.dnsZoneId) ? undefined : config.organization.dnsZoneId },
    accounts: config.accounts.map((a) => ({
      ...a,
      id: isPlaceholderAccountId(a.id) ? undefined : a.id,
      dnsZoneId: isPlaceholderZoneId(a.dnsZoneId) ? undefined : a.dnsZoneId,
    })),
  };
}

/**
 * An opt-in home region must be enabled in the management account before anything is applied there (its provider
 * cannot even authenticate in a disabled region); the management stack enables every other account's regions.
 */
function homeRegionStep(config: OrgConfig, confirmed: ReadonlySet<string>): Step[] {
  const region = managementAccount(config).region;
  if (!isOptInRegion(region)) return [];
  return [{
    kind: "human",
    id: "home-region",
    done: confirmed.has("home-region"),
    confirmable: true,
    instruction: () =>
      `${region} is an opt-in region, disabled until enabled: enable it in the management account first, with management ` +
      `credentials (console: Account → AWS Regions → ${region} → Enable, or aws account enable-region --region-name ${region}), ` +
      `wait until aws account get-region-opt-status --region-name ${region} says ENABLED, then re-run with --confirm home-region.`,
  }];
}

export function bootstrapSteps(configFile: string, root: string, confirmed: ReadonlySet<string>, synthStacks: StackSynth = synthesizeForBootstrap): Step[] {
  const config = withoutPlaceholders(loadConfigFile(configFile, { bootstrap: true }));
  const management = managementAccount(config).name;
  if (!allIdsKnown(config)) {
    const json = synthStacks(config, true).get(management)!;
    const ids = () => localOutputs(root, management).account_ids as Record<string, string> | undefined;
    const missing = config.accounts.filter((a) => a.enabled && !a.id);
    return [
      ...homeRegionStep(config, confirmed),
      { kind: "apply", id: "organization", stack: management, json, note: "the organization, its OUs and the member accounts (management credentials)" },
      {
        kind: "human",
        id: "account-ids",
        done: false,
        confirmable: false,
        instruction: () =>
          `Set each account's id in ${configFile} (quoted), from the management stack's account_ids output:\n` +
          missing.map((a) => `  ${a.name}: id: "${ids()?.[a.name] ?? "<see terraform output account_ids>"}"`).join("\n") +
          `\nthen re-run npm run bootstrap -- --apply.`,
      },
    ];
  }

  const stacks = synthStacks(config, true);
  const steps: Step[] = [];
  const apex = stateAccount(config).name;
  const nonprodServices = ownNonprodServicesAccount(config);
  const order = applyOrder(config);
  const human = (id: string, done: boolean, instruction: () => string, confirmable = false) => steps.push({ kind: "human", id, done, instruction, confirmable });
  steps.push(...homeRegionStep(config, confirmed));
  for (const stack of order) {
    if (!stacks.has(stack)) continue;
    // A stack in the management account (its own, or the state backend when management holds the shared services) runs
    // with the operator's management credentials; members through OrganizationAccountAccessRole.
    const holder = stack === STATE_BACKEND_STACK ? stateAccount(config) : stack === NONPROD_STATE_BACKEND_STACK ? ownNonprodServicesAccount(config) : undefined;
    const inManagement = stack === management || holder?.role === "management";
    steps.push({ kind: "apply", id: `apply:${stack}`, stack, json: stacks.get(stack)!, note: inManagement ? "management credentials" : "OrganizationAccountAccessRole" });
    if (stack === apex) {
      const out = () => localOutputs(root, apex);
      human("apex-zone-id", Boolean(config.organization.dnsZoneId), () =>
        `Set organization.dnsZoneId in ${configFile} to ${show(out().parent_zone_id, `the ${apex} stack's parent_zone_id output`)}, then re-run.`);
      human("registrar", confirmed.has("registrar"), () =>
        `At your domain's registrar, set the NS records of ${config.organization.dnsDomain} to the name servers of the zone ` +
          `${show(out().parent_zone_id, "parent_zone_id")} (aws route53 get-hosted-zone --id <zone id>); certificates of every ` +
          `workload validate through it. Check with: dig +short NS ${config.organization.dnsDomain}. Then re-run with --confirm registrar.`, true);
    }
    if (nonprodServices && stack === nonprodServices.name) {
      const out = () => localOutputs(root, stack);
      human("nonprod-zone-id", Boolean(nonprodServices.dnsZoneId), () =>
        `Set dns.zoneId of ${stack} in ${configFile} to ${show(out().parent_zone_id, `the ${stack} stack's parent_zone_id output`)}, then re-run.`);
    }
  }
  const withheld = config.accounts.filter((a) => a.enabled && a.role === "workload" && !stacks.has(a.name));
  if (withheld.length) return steps; // their stacks join the list once the zone ids above are in the config

  // The state roles trust the admin role of the account holding that state (and CI): a human with MFA moves them,
  // one holder at a time (a nonprod services account holds nonprod's state).
  const normal = synthStacks(loadConfigFile(configFile), false);
  const admin = roleName(config, "admin");
  const holders = [...new Set(order.filter((s) => normal.has(s)).map((s) => servicesAccount(config, stackTier(config, s)).name))]
    .sort((a, b) => Number(b === apex) - Number(a === apex));
  holders.forEach((holder, i) => {
    const id = i === 0 ? "mfa" : `admin-${holder}`;
    human(id, confirmed.has(id), () =>
      (i === 0
        ? `Moving the states into the bucket needs a human with MFA (the state roles trust only ${admin} of the account holding the state, and CI):\n` +
          (config.identity.provider === "identity-center"
            ? `  1. in IAM Identity Center (MFA required at sign-in), assign yourself the admin permission set in ${holder}, or join a group that has it\n` +
              `  2. sign in to the access portal, take the admin permission set's credentials in ${holder}\n` +
              `  3. from that session, export credentials of ${admin} in ${holder}: aws sts assume-role --role-arn <arn> (it admits that account's admin permission set)\n`
            : `  1. create your console password: aws iam create-login-profile --user-name <you> --password-reset-required --password '<temporary>'\n` +
              `     (in ${identityAccount(config).name}, where the IAM users live; through OrganizationAccountAccessRole if it is a member account)\n` +
              `  2. sign in, change the password, enrol an MFA device\n` +
              `  3. export credentials of ${admin} in ${holder}: aws sts assume-role --role-arn <arn> --serial-number <mfa-arn> --token-code <code>\n`)
        : `The next states live in ${holder}: export credentials of ${admin} in ${holder} (with MFA, as above).\n`) +
        `Then re-run with --confirm ${id}.`, true);
    for (const stack of order) {
      if (normal.has(stack) && servicesAccount(config, stackTier(config, stack)).name === holder) {
        steps.push({ kind: "migrate", id: `migrate:${stack}`, stack, json: normal.get(stack)! });
      }
    }
  });
  return steps;
}

/** Runs terraform in a stack's folder with the caller's credentials (unlike verify, which strips them). */
function terraform(options: BootstrapOptions, dir: string, args: string[]): boolean {
  const binary = options.terraform ?? options.env?.LZ_TERRAFORM ?? process.env.LZ_TERRAFORM ?? "terraform";
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = { ...terraformEnv(base), AWS_PROFILE: base.AWS_PROFILE ?? "", AWS_ACCESS_KEY_ID: base.AWS_ACCESS_KEY_ID ?? "", AWS_SECRET_ACCESS_KEY: base.AWS_SECRET_ACCESS_KEY ?? "", AWS_SESSION_TOKEN: base.AWS_SESSION_TOKEN ?? "" };
  if (!options.autoApprove) delete env.TF_INPUT; // apply asks the operator to type "yes"
  (options.log ?? console.log)(`  $ terraform -chdir=${dir} ${args.join(" ")}`);
  const result = spawnSync(binary, [`-chdir=${dir}`, ...args], { stdio: options.log ? "pipe" : "inherit", env, encoding: "utf8" });
  if (result.error) throw new BootstrapFailed(`could not run terraform ("${binary}"): ${result.error.message}; install it or set LZ_TERRAFORM`);
  return result.status === 0;
}

/** A copy of the local state before migrating it, named by time; never overwrites an existing file. */
function backupState(dir: string, now: Date): string | undefined {
  const state = join(dir, "terraform.tfstate");
  if (!existsSync(state)) return undefined;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const backup = join(dir, `terraform.tfstate.${stamp}.backup`);
  if (!existsSync(backup)) copyFileSync(state, backup);
  return backup;
}

export function runBootstrap(options: BootstrapOptions): BootstrapResult {
  const log = options.log ?? console.log;
  const now = options.now ?? (() => new Date());
  const progress = readProgress(options.root);
  const confirmed = new Set([
    ...Object.keys(progress.steps).filter((k) => k.startsWith("confirm:")).map((k) => k.slice("confirm:".length)),
    ...(options.confirm ?? []),
  ]);
  const steps = bootstrapSteps(options.configFile, options.root, confirmed, options.synth);
  // Human steps that only a confirmation can close (nothing in the config shows they happened).
  const confirmable = steps.flatMap((s) => (s.kind === "human" && s.confirmable ? [s.id] : []));
  for (const c of options.confirm ?? []) {
    if (!confirmable.includes(c)) throw new UsageError(`--confirm ${c}: no such step to confirm; confirmable: ${confirmable.join(", ") || "none"}`);
    progress.steps[`confirm:${c}`] = { at: now().toISOString() };
  }
  if (options.confirm?.length) writeProgress(options.root, progress);
  const isDone = (step: Step) => {
    if (step.kind === "human") return step.done;
    const record = progress.steps[step.id];
    // Once a stack's state is in the bucket, its bootstrap apply is over: later changes go through the pipeline.
    if (step.kind === "apply" && progress.steps[`migrate:${step.stack}`]) return true;
    return record?.hash === hash(step.json);
  };

  const report: BootstrapResult["steps"][number][] = [];
  let stopped = false;
  steps.forEach((step, i) => {
    const label = `${String(i + 1).padStart(2)}. ${describe(step)}`;
    if (stopped && !(step.kind === "human" && step.done)) {
      report.push({ id: step.id, status: "pending" });
      log(`${label}  (pending)${step.kind === "human" ? `\n${step.instruction().replace(/^/gm, "      ")}` : ""}`);
      return;
    }
    if (isDone(step)) {
      report.push({ id: step.id, status: "done" });
      log(`${label}  ✓ done`);
      return;
    }
    if (step.kind === "human") {
      report.push({ id: step.id, status: "waiting" });
      log(`${label}  ← you\n${step.instruction().replace(/^/gm, "      ")}`);
      stopped = true;
      return;
    }
    if (!options.apply) {
      report.push({ id: step.id, status: "pending" });
      log(`${label}  (next: run with --apply)`);
      stopped = true;
      return;
    }
    log(label);
    const dir = stackDir(options.root, step.stack);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cdk.tf.json"), step.json);
    let ok: boolean;
    if (step.kind === "apply") {
      ok = terraform(options, dir, ["init", "-input=false"]) && terraform(options, dir, ["apply", ...(options.autoApprove ? ["-input=false", "-auto-approve"] : [])]);
    } else {
      const backup = backupState(dir, now());
      if (backup) log(`      local state kept as ${backup}`);
      ok = terraform(options, dir, ["init", "-input=false", "-migrate-state", "-force-copy"]);
    }
    if (!ok) {
      report.push({ id: step.id, status: "failed" });
      log(`      failed: fix the cause above and re-run; completed steps are not repeated.`);
      stopped = true;
      return;
    }
    progress.steps[step.id] = { at: now().toISOString(), hash: hash(step.json) };
    writeProgress(options.root, progress);
    report.push({ id: step.id, status: "ran" });
  });
  const finished = report.every((s) => s.status === "done" || s.status === "ran");
  if (finished) {
    log(`\nThe organization is bootstrapped and every state is in the bucket. Keep ${BOOTSTRAP_STATE_DIR}/ as a backup until ` +
      `terraform state list shows the same resources from S3. Next: npm run github:setup, then push to main.`);
  }
  return { steps: report, finished };
}

function describe(step: Step): string {
  switch (step.kind) {
    case "apply":
      return `apply ${step.stack}${step.id === "organization" ? " (organization only)" : ""} — ${step.note}; state ${BOOTSTRAP_STATE_DIR}/${step.stack}/terraform.tfstate`;
    case "migrate":
      return `migrate ${step.stack}'s state into the bucket (terraform init -migrate-state; as an admin of the state account, with MFA)`;
    case "human":
      return `${step.id}`;
  }
}

if (isEntryPoint("scripts/bootstrap.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    let apply = false;
    let autoApprove = false;
    const confirm: string[] = [];
    for (let i = 0; i < args.rest.length; i++) {
      const arg = args.rest[i];
      if (arg === "--apply") apply = true;
      else if (arg === "--auto-approve") autoApprove = true;
      else if (arg === "--confirm" && args.rest[i + 1]) confirm.push(...args.rest[++i].split(","));
      else throw new UsageError(`unknown argument "${arg}"; usage: npm run bootstrap -- [--config <file>] [--apply] [--auto-approve] [--confirm <step>[,<step>]]`);
    }
    const result = runBootstrap({ configFile: args.configFile, root: ".", apply, autoApprove, confirm });
    process.exit(result.steps.some((s) => s.status === "failed") ? 1 : 0);
  } catch (error) {
    exitOnKnownError(error);
  }
}
