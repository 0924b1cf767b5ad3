/**
 * npm run bench -- [--config <file>] [--runs N] — synth wall time (a fresh process, as `npm run synth` runs: min,
 * median and max of N runs, default 3) and resources per stack, for the selected config and for generated configs
 * with 10× and 50× its workload accounts; then whether growth stays linear (50×'s time per stack at most 1.2× the
 * 1× time per stack).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { multiplyWorkloads } from "../config";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

interface BenchRow {
  readonly label: string;
  /** Wall seconds of each run, sorted. */
  readonly seconds: number[];
  readonly stacks: Record<string, number>;
}

/** The target of the speed issue: 50× the workloads may cost at most 1.2× the time per stack of 1×. */
export const LINEAR_GROWTH_LIMIT = 1.2;

/** The synth target of the speed work, and what the same machine measured before it (min–max, 2 cores). */
export const SYNTH_TARGET_SECONDS = 1.5;
const BEFORE = { synth: "2.47–2.59 s" } as const;

export const median = (sorted: number[]) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);

function benchConfig(label: string, file: string, runs: number): BenchRow {
  const out = mkdtempSync(join(tmpdir(), "lz-bench-"));
  try {
    return benchInto(out, label, file, runs);
  } finally {
    rmSync(out, { recursive: true, force: true }); // the benchmark's own synth output
  }
}

function benchInto(out: string, label: string, file: string, runs: number): BenchRow {
  const seconds: number[] = [];
  let run = spawnSync(process.execPath, ["cli/run.js", "scripts/synth.ts", "--config", file, "--out", join(out, "cdktf.out")], { encoding: "utf8" }); // warms the bundle cache
  for (let i = 0; i < runs && run.status === 0; i++) {
    const started = performance.now();
    run = spawnSync(process.execPath, ["cli/run.js", "scripts/synth.ts", "--config", file, "--out", join(out, "cdktf.out")], { encoding: "utf8" });
    seconds.push((performance.now() - started) / 1000);
  }
  if (run.status !== 0) throw new Error(`synth of ${label} failed:\n${run.stderr}`);
  const stacksDir = join(out, "cdktf.out", "stacks");
  const stacks = Object.fromEntries(
    readdirSync(stacksDir).map((s) => {
      const json = JSON.parse(readFileSync(join(stacksDir, s, "cdk.tf.json"), "utf8"));
      const count = Object.values((json.resource ?? {}) as Record<string, object>).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
      return [s, count];
    }),
  );
  return { label, seconds: seconds.sort((a, b) => a - b), stacks };
}

if (isEntryPoint("scripts/bench.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    let runs = 3;
    for (let i = 0; i < args.rest.length; i++) {
      if (args.rest[i] === "--runs" && Number(args.rest[i + 1]) >= 1) runs = Number(args.rest[++i]);
      else throw new UsageError(`unknown argument "${args.rest[i]}"; usage: npm run bench -- [--config <file>] [--runs N]`);
    }
    const base = readFileSync(args.configFile, "utf8");
    const dir = mkdtempSync(join(tmpdir(), "lz-bench-config-"));
    const rows: BenchRow[] = [benchConfig(`1× (${args.configFile})`, args.configFile, runs)];
    try {
      for (const factor of [10, 50]) {
        const file = join(dir, `x${factor}.yaml`);
        writeFileSync(file, multiplyWorkloads(base, factor));
        rows.push(benchConfig(`${factor}× workload accounts`, file, runs));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true }); // the generated configs
    }
    for (const row of rows) {
      const counts = Object.values(row.stacks);
      const total = counts.reduce((a, b) => a + b, 0);
      const [min, max] = [row.seconds[0], row.seconds[row.seconds.length - 1]];
      console.log(`\n${row.label}: synth ${median(row.seconds).toFixed(2)}s median (min ${min.toFixed(2)}, max ${max.toFixed(2)}, ${runs} runs), ${counts.length} stacks, ${total} resources`);
      const entries = Object.entries(row.stacks).sort(([a], [b]) => a.localeCompare(b));
      const shown = entries.length > 12 ? [...entries.slice(0, 10), ["…", NaN] as const, entries[entries.length - 1]] : entries;
      for (const [stack, count] of shown) console.log(`  ${String(stack).padEnd(28)} ${Number.isNaN(count) ? "" : String(count).padStart(5)}`);
    }
    console.log(`\ntargets: npm run synth of the default config ≤ ${SYNTH_TARGET_SECONDS} s (${BEFORE.synth} before the speed work); see the README's "Measured" table for npm test and npm run verify.`);
    const perStack = (row: BenchRow) => median(row.seconds) / Object.keys(row.stacks).length;
    const growth = perStack(rows[2]) / perStack(rows[0]);
    console.log(`\ntime per stack: 1× ${(perStack(rows[0]) * 1000).toFixed(0)} ms, 10× ${(perStack(rows[1]) * 1000).toFixed(0)} ms, 50× ${(perStack(rows[2]) * 1000).toFixed(0)} ms`);
    console.log(`growth: 50× costs ${growth.toFixed(2)}× the 1× time per stack (limit ${LINEAR_GROWTH_LIMIT}×): ${growth <= LINEAR_GROWTH_LIMIT ? "linear" : "SUPERLINEAR"}`);
  } catch (error) {
    exitOnKnownError(error);
  }
}
