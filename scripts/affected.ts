/**
 * npm run affected -- --base <git-ref> [--config <file>] [--tier nonprod|prod|all] [--waves]
 * Prints, as a JSON array in apply order, the stacks whose synthesized JSON differs from what the base ref
 * synthesizes (new stacks included); with --waves, an array of waves (arrays of stacks that may apply in parallel once
 * the waves before have applied). Removed stacks are reported on stderr: they need a deliberate destroy.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfigFile, stackTier, type OrgConfig, type Tier } from "../config";
import { applyOrder, applyWaves } from "../stacks/app";
import { synthToDirectory } from "./synth";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

/** Synthesized stacks of a directory, without cdktf's "//" metadata (construct paths change without any effect). */
export function readStacks(outdir: string): Map<string, string> {
  const dir = join(outdir, "stacks");
  const stacks = new Map<string, string>();
  if (!existsSync(dir)) return stacks;
  for (const name of readdirSync(dir)) {
    const json = JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8"));
    stacks.set(name, JSON.stringify(json, (key, value) => (key === "//" ? undefined : value)));
  }
  return stacks;
}

export function tierOfStack(config: OrgConfig, stack: string): Tier {
  return stackTier(config, stack);
}

export interface AffectedResult {
  readonly changed: string[];
  readonly removed: string[];
}

export function compareStacks(config: OrgConfig, current: Map<string, string>, base: Map<string, string> | undefined, tier: Tier | "all"): AffectedResult {
  const changed = applyOrder(config).filter(
    (s) => current.has(s) && (base === undefined || base.get(s) !== current.get(s)) && (tier === "all" || tierOfStack(config, s) === tier),
  );
  const removed = base ? [...base.keys()].filter((s) => !current.has(s)).sort() : [];
  return { changed, removed };
}

/** Synthesizes `configFile` as the base ref had it, with the base ref's own code; undefined if that fails. */
export function synthAtRef(ref: string, configFile: string, repoRoot = "."): Map<string, string> | undefined {
  const known = spawnSync("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { encoding: "utf8" });
  if (known.status !== 0) {
    // A force-push's "before" commit, or one a shallow clone never fetched: nothing to compare with.
    process.stderr.write(`note: ${ref} is not a commit of this repository (force-pushed away, or not fetched); treating every stack as changed\n`);
    return undefined;
  }
  const worktree = mkdtempSync(join(tmpdir(), "lz-affected-"));
  try {
    execFileSync("git", ["-C", repoRoot, "worktree", "add", "--detach", "--force", worktree, ref], { stdio: "pipe" });
    if (!existsSync(join(worktree, "node_modules"))) symlinkSync(resolve(repoRoot, "node_modules"), join(worktree, "node_modules"), "dir");
    // The base ref's own launcher where it has one (bundled, fast); older refs run under tsx.
    const launcher = existsSync(join(worktree, "cli", "run.js")) ? ["cli/run.js"] : ["--import", "tsx"];
    const run = spawnSync(process.execPath, [...launcher, "scripts/synth.ts", "--config", configFile, "--out", "cdktf.out"], { cwd: worktree, encoding: "utf8" });
    if (run.status !== 0) {
      process.stderr.write(`note: ${ref} does not synthesize ${configFile} (${(run.stderr || run.stdout).trim().split("\n").pop()}); treating every stack as changed\n`);
      return undefined;
    }
    return readStacks(join(worktree, "cdktf.out"));
  } finally {
    spawnSync("git", ["-C", repoRoot, "worktree", "remove", "--force", worktree]);
    rmSync(worktree, { recursive: true, force: true });
  }
}

const AFFECTED_USAGE = "usage: npm run affected -- --base <git-ref> [--config <file>] [--tier nonprod|prod|all] [--waves]";

/** The command's own arguments (after --config / --bootstrap). */
export function parseAffectedArgs(rest: string[]): { base: string; tier: Tier | "all"; waves: boolean } {
  let base: string | undefined;
  let tier: Tier | "all" = "all";
  let waves = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--base") {
      base = rest[++i];
      if (!base || base.startsWith("--")) throw new UsageError(`--base needs a git ref (e.g. origin/main, HEAD~1); ${AFFECTED_USAGE}`);
    } else if (arg === "--waves") waves = true;
    else if (arg === "--tier") {
      const value = rest[++i];
      if (!["nonprod", "prod", "all"].includes(value)) throw new UsageError(`--tier must be nonprod, prod or all, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
      tier = value as Tier | "all";
    } else throw new UsageError(`unknown argument "${arg}"; ${AFFECTED_USAGE}`);
  }
  if (!base) throw new UsageError("--base <git-ref> is required (e.g. origin/main, HEAD~1)");
  return { base, tier, waves };
}

if (isEntryPoint("scripts/affected.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    const { base, tier, waves } = parseAffectedArgs(args.rest);
    const config = loadConfigFile(args.configFile);
    const out = mkdtempSync(join(tmpdir(), "lz-affected-current-"));
    let current: Map<string, string>;
    try {
      synthToDirectory(args.configFile, join(out, "cdktf.out"), false);
      current = readStacks(join(out, "cdktf.out"));
    } finally {
      rmSync(out, { recursive: true, force: true }); // this command's own scratch synth, nothing else
    }
    const isAllZeros = /^0+$/.test(base); // a new branch's "before" commit
    const result = compareStacks(config, current, isAllZeros ? undefined : synthAtRef(base, args.configFile), tier);
    if (result.removed.length) process.stderr.write(`removed stacks (destroy them deliberately): ${result.removed.join(", ")}\n`);
    process.stdout.write(`${JSON.stringify(waves ? applyWaves(config, result.changed) : result.changed)}\n`);
  } catch (error) {
    exitOnKnownError(error);
  }
}
