/**
 * npm run bench — synth wall time (a fresh process, as `npm run synth` runs) and resources per stack, for the
 * default config and for generated configs with 10× and 50× its workload accounts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseDocument } from "yaml";
import { DEFAULT_CONFIG_FILE } from "../config";
import { isEntryPoint } from "../cli";

/** The default config with every workload account repeated `factor` times (unique names, ids, CIDRs, zones). */
export function multiplyWorkloads(yamlText: string, factor: number): string {
  const doc = parseDocument(yamlText);
  const plain = doc.toJS() as { accounts: Record<string, unknown>[] };
  const workloads = plain.accounts.filter((a) => a.role === "workload");
  const others = plain.accounts.filter((a) => a.role !== "workload");
  let n = 0;
  const generated = workloads.flatMap((w) =>
    Array.from({ length: factor }, (_, copy) => {
      n++;
      const name = `${w.name}-${copy + 1}`;
      return {
        ...w,
        name,
        email: `bench-${name}@example.com`,
        id: String(900000000000 + n),
        network: { cidr: `10.${n}.0.0/16` }, // at most 50 × 3 workloads: fits 10.1–10.150
        dns: { subdomain: name },
      };
    }),
  );
  doc.set("accounts", doc.createNode([...others, ...generated]));
  return doc.toString();
}

interface BenchRow {
  readonly label: string;
  readonly seconds: number;
  readonly stacks: Record<string, number>;
}

function benchConfig(label: string, file: string): BenchRow {
  const out = mkdtempSync(join(tmpdir(), "lz-bench-"));
  const started = performance.now();
  const run = spawnSync(process.execPath, ["cli/run.js", "scripts/synth.ts", "--config", file, "--out", join(out, "cdktf.out")], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`synth of ${label} failed:\n${run.stderr}`);
  const stacksDir = join(out, "cdktf.out", "stacks");
  const stacks = Object.fromEntries(
    readdirSync(stacksDir).map((s) => {
      const json = JSON.parse(readFileSync(join(stacksDir, s, "cdk.tf.json"), "utf8"));
      const count = Object.values((json.resource ?? {}) as Record<string, object>).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
      return [s, count];
    }),
  );
  return { label, seconds, stacks };
}

if (isEntryPoint("scripts/bench.ts", module)) {
  const base = readFileSync(DEFAULT_CONFIG_FILE, "utf8");
  const dir = mkdtempSync(join(tmpdir(), "lz-bench-config-"));
  const rows: BenchRow[] = [benchConfig(`default (${DEFAULT_CONFIG_FILE})`, DEFAULT_CONFIG_FILE)];
  for (const factor of [10, 50]) {
    const file = join(dir, `x${factor}.yaml`);
    writeFileSync(file, multiplyWorkloads(base, factor));
    rows.push(benchConfig(`${factor}× workload accounts`, file));
  }
  for (const row of rows) {
    const counts = Object.values(row.stacks);
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(`\n${row.label}: synth ${row.seconds.toFixed(2)}s wall, ${counts.length} stacks, ${total} resources`);
    const entries = Object.entries(row.stacks).sort(([a], [b]) => a.localeCompare(b));
    const shown = entries.length > 12 ? [...entries.slice(0, 10), ["…", NaN] as const, entries[entries.length - 1]] : entries;
    for (const [stack, count] of shown) console.log(`  ${String(stack).padEnd(28)} ${Number.isNaN(count) ? "" : String(count).padStart(5)}`);
  }
}
