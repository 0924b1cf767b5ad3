/**
 * Once per `npm test` run, before any worker starts:
 * - every temporary folder of the run (the tests', and those of the commands and terraform they start) goes under one
 *   scratch folder, removed when the run ends: a run used to leave ~80 MB of synthesized stacks, fake buckets and
 *   throwaway repositories in the system's temporary folder, every time;
 * - the command-line bundles the tests run as child processes are built in one esbuild pass (see cli/run.js), instead
 *   of one pass per command inside the tests that wait for them;
 * - the synth cache of other states of the sources is dropped (test/synth-cache.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneSynthCache } from "./synth-cache";

/** The entry points the tests start as `node cli/run.js <entry>`. */
export const ENTRY_POINTS_UNDER_TEST = ["main.ts", "scripts/synth.ts", "scripts/affected.ts", "scripts/state.ts", "scripts/scan/index.ts"];

export default async function setup(): Promise<() => void> {
  const previous = process.env.TMPDIR;
  const scratch = mkdtempSync(join(tmpdir(), "lz-test-run-"));
  process.env.TMPDIR = scratch;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prebuildBundles } = require("../cli/run.js") as { prebuildBundles: (entries: string[]) => Promise<void> };
  await prebuildBundles(ENTRY_POINTS_UNDER_TEST);
  pruneSynthCache();
  return () => {
    rmSync(scratch, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
