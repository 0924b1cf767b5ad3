/**
 * npm run synth -- [--config <file>] [--bootstrap] [--out <dir>]
 * Validates the config first; synthesizes into a temporary directory and only then replaces the output directory,
 * so a failure (bad config or a construct error) leaves an existing cdktf.out/ untouched.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfigFile } from "../config";
import { synthesize } from "../stacks/app";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

export function synthToDirectory(configFile: string, outdir: string, bootstrap: boolean): string[] {
  const config = loadConfigFile(configFile, { bootstrap });
  const target = resolve(outdir);
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
    const stacks = synthToDirectory(args.configFile, outdir, args.bootstrap);
    const seconds = process.uptime().toFixed(2); void started;
    console.log(`synthesized ${stacks.length} stacks from ${args.configFile}${args.bootstrap ? " (bootstrap: local state)" : ""} into ${outdir}/ in ${seconds}s:`);
    for (const s of stacks) console.log(`  ${outdir}/stacks/${s}/cdk.tf.json`);
  } catch (error) {
    exitOnKnownError(error);
  }
}
