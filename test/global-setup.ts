/**
 * Once per `npm test` run, before any worker starts:
 * - every temporary folder of the run (the tests', and those of the commands and terraform they start) goes under one
 *   scratch folder, removed when the run ends (that of a run killed before its end, a day later): a run used to leave
 *   ~80 MB of synthesized stacks, fake buckets and throwaway repositories in the system's temporary folder, every time;
 * - the command-line bundles the tests run as child processes are built in one esbuild pass (see cli/run.js), instead
 *   of one pass per command inside the tests that wait for them;
 * - the synth cache of other states of the sources is dropped (test/synth-cache.ts).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneSynthCache } from "./synth-cache";

/** The entry points the tests start as `node cli/run.js <entry>`. */
export const ENTRY_POINTS_UNDER_TEST = ["main.ts", "scripts/synth.ts", "scripts/affected.ts", "scripts/state.ts", "scripts/scan/index.ts"];

const SCRATCH_PREFIX = "lz-test-run-";
const DAY_MS = 24 * 60 * 60 * 1000;

/** Scratch folders of runs that were killed before their teardown, a day old or more (a live run's is younger). */
function removeAbandonedScratch(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}

export default async function setup(): Promise<() => void> {
  const previous = process.env.TMPDIR;
  removeAbandonedScratch(tmpdir());
  const scratch = mkdtempSync(join(tmpdir(), SCRATCH_PREFIX));
  process.env.TMPDIR = scratch;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prebuildBundles } = require("../cli/run.js") as { prebuildBundles: (entries: string[]) => Promise<void> };
  try {
    await prebuildBundles(ENTRY_POINTS_UNDER_TEST);
  } catch (error) {
    // A source esbuild cannot bundle: the tests that run the commands report it, the others still run.
    console.warn(`note: could not prebuild the command bundles: ${(error as Error).message.split("\n")[0]}`);
  }
  pruneSynthCache();
  return () => {
    rmSync(scratch, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
