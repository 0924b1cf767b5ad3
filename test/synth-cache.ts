/**
 * Test runs only: synthesized stacks kept on disk between runs, so a run whose code and configs have not changed does
 * not synthesize the same stacks again (in-process synthesis was a third of the suite's CPU).
 *
 * The key is everything synthesis reads: the digest of every source file, the lockfile, tsconfig and main.ts (the
 * digest cli/run.js keys its bundles on, so an edited, added or removed source misses), what is synthesized (the parsed
 * config, which holds all of the YAML, and the build options), and the kind of output. A clean checkout, such as CI's,
 * starts with no cache and synthesizes everything; LZ_TEST_SYNTH_CACHE=off does the same on a working copy.
 * The folder of each digest is dropped by the global setup of a run with another digest.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const SYNTH_CACHE_DIR = resolve(__dirname, "..", "node_modules", ".cache", "landing-zone", "test-synth");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sourcesDigest } = require("../cli/run.js") as { sourcesDigest: () => string };

let digest: string | undefined;
const digestDir = (root: string, sources: string) => join(root, sources.slice(0, 20));

export const synthCacheEnabled = (env: NodeJS.ProcessEnv = process.env) => env.LZ_TEST_SYNTH_CACHE !== "off";

/** The cache file of one synthesis: under the sources' digest, named by the hash of what is synthesized. */
export function synthCacheFile(root: string, sources: string, kind: string, input: unknown): string {
  const key = createHash("sha256").update(`${kind}\0${JSON.stringify(input)}`).digest("hex").slice(0, 32);
  return join(digestDir(root, sources), `${kind}-${key}.json`);
}

/** `compute()`'s result (JSON), from `file` if an earlier call stored it there, else computed and stored. */
export function cachedIn<T>(file: string, compute: () => T): T {
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as T;
    } catch {
      // damaged by hand or by a full disk: computed again and replaced below
    }
  }
  const result = compute();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(partial, JSON.stringify(result));
  renameSync(partial, file); // atomic: a reader in another worker sees the whole file or none
  return result;
}

/**
 * A parsed config as a cache key: all of it but the path it was read from, which synthesis only names in the errors
 * it throws (never cached). Tests that write their config to a fresh temporary folder then hit the cache on the next
 * run; a test holds that the synthesized stacks do not depend on the path.
 */
export function configKey<C extends { sourceFile: string }>(config: C): Omit<C, "sourceFile"> {
  const { sourceFile: _path, ...rest } = config;
  return rest;
}

/** `compute()`'s result, from the cache when the sources and `input` are those it was computed from. */
export function cachedSynth<T>(kind: string, input: unknown, compute: () => T): T {
  if (!synthCacheEnabled()) return compute();
  digest ??= sourcesDigest();
  return cachedIn(synthCacheFile(SYNTH_CACHE_DIR, digest, kind, input), compute);
}

/** Drops the cached syntheses of every other state of the sources (run once per test run, before the workers). */
export function pruneSynthCache(current = sourcesDigest(), root = SYNTH_CACHE_DIR): void {
  if (!existsSync(root)) return;
  const keep = digestDir(root, current);
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (dir !== keep) rmSync(dir, { recursive: true, force: true });
  }
}
