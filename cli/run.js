#!/usr/bin/env node
/**
 * node cli/run.js <entry.ts> [args…] — runs a TypeScript entry point (main.ts, scripts/*.ts) from a bundle that
 * esbuild builds once and caches under node_modules/.cache/landing-zone/. The cache key is a hash of every source
 * file the bundle can include (the project's .ts files), the lockfile, tsconfig.json, this file, and the node and
 * esbuild versions: an edited source, a new file or an updated dependency gives a new key, so a stale bundle is never
 * run. Starting from a bundle saves tsx's ~1 s of start-up and node's module resolution of the dependency tree.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["cli", "config", "modules", "stacks", "state-backend", "scripts"];
const KEY_FILES = ["main.ts", "package-lock.json", "tsconfig.json", "cli/run.js"];
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "landing-zone");

/** Every .ts source under the project's source folders (tests excluded: no bundle includes them), sorted. */
function sourceFiles(dir = ROOT, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!rel && !SOURCE_DIRS.includes(entry.name)) continue;
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      out.push(...sourceFiles(path.join(dir, entry.name), relPath));
    } else if (rel && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) {
      out.push(relPath);
    }
  }
  return out.sort();
}

/** A digest of what every bundle is built from: the key files and every source file, by path and content. */
function sourcesDigest() {
  const hash = createHash("sha256");
  for (const file of [...KEY_FILES, ...sourceFiles()]) {
    const full = path.join(ROOT, file);
    hash.update(`${file}\0`);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : "(missing)");
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The cache key: what the bundle is built from, and what builds it. */
function bundleKey(entry, digest = sourcesDigest()) {
  const hash = createHash("sha256");
  hash.update(`entry ${entry}\nnode ${process.version}\nesbuild ${require("esbuild/package.json").version}\n`);
  hash.update(digest);
  return hash.digest("hex").slice(0, 20);
}

/**
 * Builds bundles, several entries in one esbuild pass (shared files are parsed once), each written atomically (a reader
 * never sees half a file), and drops bundles of the same entries that nobody has built for ten minutes (another checkout
 * sharing node_modules may still be about to run a recent one).
 */
async function buildBundles(targets) {
  const esbuild = require("esbuild");
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const scratch = path.join(CACHE_DIR, `.build-${process.pid}-${Date.now()}`);
  fs.mkdirSync(scratch, { recursive: true });
  try {
    await esbuild.build({
      entryPoints: targets.map(({ entry, target }) => ({ in: path.join(ROOT, entry), out: path.basename(target, ".cjs") })),
      outdir: scratch,
      outExtension: { ".js": ".cjs" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      // Development tools load data files relative to themselves at run time: they stay in node_modules.
      external: Object.keys(pkg.devDependencies ?? {}),
      logLevel: "error",
    });
    for (const { target } of targets) fs.renameSync(path.join(scratch, path.basename(target)), target);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const stale = Date.now() - 10 * 60 * 1000;
  for (const { entry, target } of targets) {
    const prefix = `${bundleName(entry)}-`;
    for (const old of fs.readdirSync(CACHE_DIR)) {
      const file = path.join(CACHE_DIR, old);
      if (!old.startsWith(prefix) || old.startsWith(path.basename(target)) || !/^[0-9a-f]{20}\.cjs/.test(old.slice(prefix.length))) continue;
      try {
        if (fs.statSync(file).mtimeMs < stale) fs.rmSync(file, { force: true });
      } catch {
        // another process removed it first
      }
    }
  }
}

const bundleName = (entry) => entry.replace(/\.ts$/, "").replace(/[^A-Za-z0-9]+/g, "_");

const targetFor = (entry, digest) => path.join(CACHE_DIR, `${bundleName(entry)}-${bundleKey(entry, digest)}.cjs`);

/** The path of an up-to-date bundle of `entry` (relative to the repository root), building it if needed. */
async function bundleFor(entry) {
  if (!fs.existsSync(path.join(ROOT, entry))) throw new Error(`no such entry point: ${entry}`);
  const target = targetFor(entry, sourcesDigest());
  if (!fs.existsSync(target)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    await buildBundles([{ entry, target }]);
  }
  return target;
}

/** Builds, in one esbuild pass, the bundles of `entries` that are not up to date (a test run's child processes). */
async function prebuildBundles(entries) {
  const digest = sourcesDigest();
  const missing = entries.map((entry) => ({ entry, target: targetFor(entry, digest) })).filter(({ target }) => !fs.existsSync(target));
  if (!missing.length) return;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  await buildBundles(missing);
}

/**
 * Runs the bundle as the main module, naming its entry point (cli's isEntryPoint), with V8's code
 * cache beside it: the first run stores the compiled code, later runs skip most of the parsing and compiling.
 */
function runAsMain(bundle, args, entry) {
  globalThis.__lzEntryPoint = entry;
  const Module = require("node:module");
  const vm = require("node:vm");
  const cacheFile = `${bundle}.v8-${process.version}`;
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        fs.writeFileSync(`${cacheFile}.${process.pid}.tmp`, script.createCachedData());
        fs.renameSync(`${cacheFile}.${process.pid}.tmp`, cacheFile);
      } catch {
        // a missing code cache only costs time
      }
    });
  }
  const main = new Module(bundle, null);
  main.filename = bundle;
  main.paths = Module._nodeModulePaths(path.dirname(bundle));
  process.mainModule = main;
  process.argv = [process.argv[0], bundle, ...args];
  const requireFn = Module.createRequire(bundle);
  requireFn.main = main;
  main.loaded = false;
  script.runInThisContext().call(main.exports, main.exports, requireFn, main, bundle, path.dirname(bundle));
  main.loaded = true;
}

module.exports = { bundleFor, bundleKey, prebuildBundles, sourceFiles, sourcesDigest };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error("usage: node cli/run.js <entry.ts> [args…]");
    process.exit(2);
  }
  const entryPoint = path.relative(ROOT, path.resolve(entry)).split(path.sep).join("/");
  bundleFor(entryPoint).then(
    (bundle) => runAsMain(bundle, args, entryPoint),
    (error) => {
      console.error(`error: could not bundle ${entry}: ${error.message}`);
      process.exit(1);
    },
  );
}
