/**
 * npm run synth -- [--config <file>] [--bootstrap] [--out <dir>]
 * Validates the config first; synthesizes into a temporary directory and only then replaces the output directory,
 * so a failure (bad config or a construct error) leaves an existing cdktf.out/ untouched.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { configNotes, configWarnings, loadConfigFile, type OrgConfig } from "../config";
import { synthesize, type BuildOptions } from "../stacks/app";
import { BOOTSTRAP_STATE_DIR } from "../state-backend/backend";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

/** Terraform state and plan files: synth never deletes them (`.terraform/` caches hold neither and are re-created by init). */
const PRECIOUS = /(\.tfstate|\.tfstate\.backup|\.tfstate\.\d+\.backup|\.tfplan)$|^plan\.bin$/;

/**
 * True when a `.terraform/` folder holds state, not just caches: its terraform.tfstate records the backend, and is
 * precious only when it also carries resources (state written there by a legacy or misconfigured backend).
 */
function terraformDirHoldsState(dir: string): boolean {
  const file = join(dir, "terraform.tfstate");
  if (!existsSync(file)) return false;
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { resources?: unknown[]; modules?: { resources?: object }[] };
    return (json.resources?.length ?? 0) > 0 || (json.modules ?? []).some((m) => Object.keys(m.resources ?? {}).length > 0);
  } catch {
    return true; // unreadable: keep it rather than guess
  }
}

/** Every state or plan file under `dir` (not following links), relative to it. */
export function preciousFiles(dir: string, rel = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory() && entry.name === ".terraform") return terraformDirHoldsState(join(dir, entry.name)) ? [`${path}/terraform.tfstate`] : [];
    if (entry.isDirectory()) return preciousFiles(join(dir, entry.name), path);
    return PRECIOUS.test(entry.name) ? [path] : [];
  });
}

export class StateInOutputError extends UsageError {}

/** Each stack's cdk.tf.json text, by stack name, synthesized into a scratch folder that is removed again. */
export function synthesizeStackTexts(config: OrgConfig, options: BuildOptions = {}): Map<string, string> {
  const scratch = mkdtempSync(join(tmpdir(), "lz-synth-"));
  try {
    const names = synthesize(config, scratch, options);
    return new Map(names.map((name) => [name, readFileSync(join(scratch, "stacks", name, "cdk.tf.json"), "utf8")]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function synthToDirectory(configFile: string, outdir: string, bootstrap: boolean, warn: (line: string) => void = () => {}): string[] {
  const config = loadConfigFile(configFile, { bootstrap });
  for (const warning of configWarnings(config)) warn(`warning: ${warning}`);
  for (const note of configNotes(config)) warn(`note: ${note}`);
  const target = resolve(outdir);
  const precious = preciousFiles(target);
  if (precious.length) {
    throw new StateInOutputError(
      `${outdir}/ holds Terraform state or plans that synth would delete (it replaces ${outdir}/ whole):\n` +
        precious.slice(0, 10).map((f) => `  ${outdir}/${f}`).join("\n") + (precious.length > 10 ? `\n  … and ${precious.length - 10} more` : "") +
        `\nMove each stack's local state to ${BOOTSTRAP_STATE_DIR}/<stack>/terraform.tfstate (where bootstrap stacks keep it), or push it into ` +
        `the bucket (terraform state push), and delete plan files you no longer need; then run synth again.`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), ".cdktf.out.staging-"));
  try {
    const stacks = synthesize(config, staging, { bootstrap });
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
    return stacks;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

if (isEntryPoint("scripts/synth.ts", module)) {
  try {
    const started = performance.now();
    const args = parseCommonArgs(process.argv.slice(2));
    let outdir = "cdktf.out";
    for (let i = 0; i < args.rest.length; i++) {
      if (args.rest[i] === "--out" && args.rest[i + 1]) outdir = args.rest[++i];
      else throw new UsageError(`unknown argument "${args.rest[i]}"; usage: npm run synth -- [--config <file>] [--bootstrap] [--out <dir>]`);
    }
    const stacks = synthToDirectory(args.configFile, outdir, args.bootstrap, (line) => console.error(line));
    const seconds = process.uptime().toFixed(2); void started;
    console.log(`synthesized ${stacks.length} stacks from ${args.configFile}${args.bootstrap ? " (bootstrap: local state)" : ""} into ${outdir}/ in ${seconds}s:`);
    for (const s of stacks) console.log(`  ${outdir}/stacks/${s}/cdk.tf.json`);
  } catch (error) {
    exitOnKnownError(error);
  }
}
