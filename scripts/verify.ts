/**
 * npm run verify -- [--config <file>]
 * For every stack of every shipped config (or one config): synthesize, then with the real terraform and provider an
 * offline `plan` (which validates first) and `show -json` of it into .verify/<config>/stacks/<stack>/plan.json (read
 * by the security scan). The stacks run as child modules of a few combined roots, one per core, so terraform starts
 * and plans once per root rather than once per stack, and the 700 MB provider starts once per distinct offline
 * provider configuration (scripts/lib/combined-plan.ts); every error is traced back to its stack. One line per stack;
 * non-zero exit on any error.
 */
import { availableParallelism } from "node:os";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { importProblems, onlineDependencies } from "../stacks/offline";
import { configsToCheck, exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";
import {
  balancedGroups,
  combinedRoot,
  describeDiagnostic,
  errorDiagnostics,
  moduleNames,
  offlineProviders,
  PLAN_MODULE_DIR,
  planModule,
  stackOfDiagnostic,
  stackPlan,
  type AwsProviderBlock,
  type StackModule,
} from "./lib/combined-plan";
import { requireTerraform, runTerraform, ToolMissingError, writeOfflineOverride } from "./lib/terraform";
import { readPlanFile, summarizePlan } from "./plan-summary";
import { synthToDirectory } from "./synth";

export const VERIFY_DIR = ".verify";
/** Where the combined roots live (beside the configs' synthesized stacks). */
const ROOTS_DIR = join(VERIFY_DIR, ".roots");

export const configOutputName = (file: string) => basename(file).replace(/\.ya?ml$/, "");

export interface StackResult {
  readonly config: string;
  readonly stack: string;
  readonly ok: boolean;
  readonly toAdd: number;
  readonly error?: string;
}

interface StackJob extends Omit<StackModule, "source" | "providers"> {
  readonly outputs?: Record<string, { sensitive?: boolean }>;
  /** The stack's directory (cdk.tf.json, the offline override, later plan.json). */
  readonly dir: string;
  readonly resources: number;
  /** How many provider processes the stack costs terraform (its distinct offline provider configurations). */
  readonly providerConfigs: number;
}

const countResources = (json: { resource?: Record<string, object> }) => Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);

/** init + plan + show of one combined root; each stack's outcome, its errors traced back to it. */
export async function verifyGroup(terraform: string, pluginDir: string, rootDir: string, jobs: StackJob[]): Promise<StackResult[]> {
  mkdirSync(rootDir, { recursive: true });
  const stacks = jobs.map((job) => {
    const json = JSON.parse(readFileSync(join(job.dir, "cdk.tf.json"), "utf8"));
    const moduleDir = join(job.dir, PLAN_MODULE_DIR);
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(join(moduleDir, "main.tf.json"), JSON.stringify(planModule(json), null, 2));
    return { ...job, source: relative(rootDir, moduleDir).split("\\").join("/"), providers: json.provider?.aws ?? [] };
  });
  const { main, providerFiles } = combinedRoot(stacks);
  const root = JSON.stringify(main, null, 2);
  writeFileSync(join(rootDir, "main.tf.json"), root);
  // Only this run's stacks' provider files: a file left from an earlier run would configure providers nothing uses.
  for (const file of readdirSync(rootDir)) if (file.endsWith(".providers.tf.json") && !(file in providerFiles)) unlinkSync(join(rootDir, file));
  for (const [file, json] of Object.entries(providerFiles)) writeFileSync(join(rootDir, file), JSON.stringify(json, null, 2));
  const result = (s: StackJob, ok: boolean, extra: Partial<StackResult> = {}): StackResult => ({ config: s.config, stack: s.stack, ok, toAdd: 0, ...extra });

  // init depends only on the root (module sources, providers) and the mirror: a root initialized as it is now is kept.
  const stampFile = join(rootDir, ".terraform", "landing-zone-init");
  const stamp = createHash("sha256").update(`${terraform}\0${pluginDir}\0${root}`).digest("hex");
  const initialized = existsSync(join(rootDir, ".terraform.lock.hcl")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;
  const init = initialized ? { code: 0, stdout: "", stderr: "" } : await runTerraform(terraform, ["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], rootDir);
  if (init.code === 0 && !initialized) writeFileSync(stampFile, stamp);
  if (init.code !== 0) {
    const output = (init.stderr || init.stdout).trim();
    const named = stacks.filter((s) => output.includes(`${s.source}/`));
    return stacks.map((s) => result(s, false, { error: named.length && !named.includes(s) ? "not planned: another stack of its group failed terraform init" : `terraform init failed:\n${output}` }));
  }
  const parallelism = String(Math.max(10, 10 * availableParallelism()));
  const plan = await runTerraform(terraform, ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", `-parallelism=${parallelism}`, "-out=plan.bin"], rootDir);
  if (plan.code !== 0) {
    const diagnostics = errorDiagnostics(plan.stdout);
    const byStack = new Map<StackJob, string[]>();
    const unattributed: string[] = [];
    for (const d of diagnostics) {
      const owner = stackOfDiagnostic(d, stacks);
      if (owner) byStack.set(owner, [...(byStack.get(owner) ?? []), describeDiagnostic(d)]);
      else unattributed.push(describeDiagnostic(d));
    }
    if (!diagnostics.length) unattributed.push((plan.stderr || plan.stdout).trim());
    const failed = (s: StackJob, errors: string[]) => result(s, false, { error: `terraform plan failed:\n${errors.map((e) => `  ${e}`).join("\n")}` });
    if (unattributed.length || byStack.size === 0) return stacks.map((s) => failed(s, [...(byStack.get(s) ?? []), ...unattributed]));
    // An error in one stack can stop terraform before it plans the others: plan those again without the failed ones,
    // so every stack gets its own verdict, as if it had been planned alone.
    const rest = stacks.filter((s) => !byStack.has(s));
    const again = rest.length ? await verifyGroup(terraform, pluginDir, rootDir, jobs.filter((j) => rest.some((r) => r.dir === j.dir))) : [];
    return stacks.map((s) => (byStack.has(s) ? failed(s, byStack.get(s)!) : again[rest.indexOf(s)]));
  }
  const show = await runTerraform(terraform, ["show", "-json", "-no-color", "plan.bin"], rootDir);
  if (show.code !== 0) return stacks.map((s) => result(s, false, { error: `terraform show failed:\n${(show.stderr || show.stdout).trim()}` }));
  const combined = JSON.parse(show.stdout);
  return stacks.map((s) => {
    const own = stackPlan(combined, s.moduleName);
    writeFileSync(join(s.dir, "plan.json"), JSON.stringify(own));
    const toAdd = (own.resource_changes as { change: { actions: string[] } }[]).filter((r) => r.change.actions.includes("create")).length;
    return result(s, true, { toAdd });
  });
}

async function pool<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

type SynthesizedStack = {
  config: string;
  stack: string;
  dir: string;
  json: { provider?: { aws?: AwsProviderBlock[] }; data?: Record<string, unknown>; resource?: Record<string, Record<string, unknown>>; output?: Record<string, { sensitive?: boolean }>; import?: unknown };
};

/**
 * One synthesized stack made ready for the offline plan — or its failure: a data source that needs AWS, or an import
 * block that is malformed, targets no resource of the stack, or has an id of the wrong shape. Import blocks are checked
 * here and left out of the plan (only a root module may hold them, and importing reads the object from AWS).
 */
export function prepareStack(f: SynthesizedStack, moduleName: string): StackJob | StackResult {
  const online = onlineDependencies(f.json);
  if (online.length) {
    return { config: f.config, stack: f.stack, ok: false, toAdd: 0, error: `offline check failed: data sources that need AWS or remote state: ${online.join(", ")}` };
  }
  const imports = importProblems(f.json);
  if (imports.length) return { config: f.config, stack: f.stack, ok: false, toAdd: 0, error: `import blocks: ${imports.join("; ")}` };
  if (f.json.import) {
    const { import: blocks, ...rest } = f.json;
    writeFileSync(join(f.dir, "imports.json"), JSON.stringify(blocks, null, 2));
    writeFileSync(join(f.dir, "cdk.tf.json"), JSON.stringify(rest, null, 2));
  }
  writeOfflineOverride(f.dir);
  return { config: f.config, stack: f.stack, dir: f.dir, moduleName, resources: countResources(f.json), providerConfigs: offlineProviders(moduleName, f.json.provider?.aws ?? []).blocks.length, outputs: f.json.output };
}

/** Synthesizes each config into .verify/<config>/ and prepares every stack for an offline plan. */
function prepareStacks(configs: string[], bootstrap: boolean): { jobs: StackJob[]; offline: StackResult[] } {
  const found: SynthesizedStack[] = [];
  for (const config of configs) {
    const out = join(VERIFY_DIR, configOutputName(config));
    synthToDirectory(config, out, bootstrap);
    for (const stack of readdirSync(join(out, "stacks")).sort()) {
      const dir = join(out, "stacks", stack);
      found.push({ config, stack, dir, json: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) });
    }
  }
  const offline: StackResult[] = [];
  const names = moduleNames(found.map((f) => ({ config: configOutputName(f.config), stack: f.stack })));
  const jobs: StackJob[] = [];
  found.forEach((f, i) => {
    const prepared = prepareStack(f, names[i]);
    if ("moduleName" in prepared) jobs.push(prepared);
    else offline.push(prepared);
  });
  return { jobs, offline };
}

/**
 * The destroy guard: `npm run verify -- --against <plan.json> [<plan.json> …]` fails when any of the given plans
 * (terraform show -json) would delete or replace a protected (stateful) resource type.
 */
export function destroyGuard(planFiles: string[]): { file: string; destroys: string[] }[] {
  return planFiles
    .map((file) => ({ file, destroys: summarizePlan(readPlanFile(file)).protectedDestroys }))
    .filter((r) => r.destroys.length > 0);
}

async function main(): Promise<number> {
  const args = parseCommonArgs(process.argv.slice(2));
  if (args.rest[0] === "--against") {
    const files = args.rest.slice(1);
    if (!files.length) throw new UsageError("--against needs one or more plan JSON files (terraform show -json plan.bin > plan.json)");
    const offending = destroyGuard(files);
    for (const o of offending) console.error(`${o.file}: would destroy or replace protected resources:\n${o.destroys.map((d) => `  ${d}`).join("\n")}`);
    console.log(offending.length ? `destroy guard: ${offending.length} plan(s) destroy protected resources` : `destroy guard: ${files.length} plan(s), no protected resource destroyed`);
    return offending.length ? 1 : 0;
  }
  if (args.rest.length) throw new UsageError(`unknown argument "${args.rest[0]}"; usage: npm run verify -- [--config <file>] | --against <plan.json>…`);
  const tf = requireTerraform();
  const configs = configsToCheck(process.argv.slice(2), args);
  const started = performance.now();
  console.log(`terraform ${tf.version}, provider mirror ${tf.pluginDir}; verifying ${configs.join(", ")}`);

  const { jobs, offline } = prepareStacks(configs, args.bootstrap);
  const parallel = Math.max(1, Number(process.env.LZ_VERIFY_JOBS) || availableParallelism());
  // Measured: a provider process costs terraform about as much CPU as planning 300 resources.
  const groups = balancedGroups(jobs, (j) => j.resources + 300 * j.providerConfigs, parallel);
  const grouped = await pool(groups, parallel, (group, i) => {
    const rootDir = join(ROOTS_DIR, String(i + 1));
    return verifyGroup(tf.binary, tf.pluginDir, rootDir, group);
  });
  const order = new Map(jobs.map((j, i) => [`${j.config}|${j.stack}`, i]));
  const results = [...offline, ...grouped.flat().sort((a, b) => order.get(`${a.config}|${a.stack}`)! - order.get(`${b.config}|${b.stack}`)!)];

  const width = Math.max(...results.map((r) => `${r.config} ${r.stack}`.length));
  for (const r of results) {
    const label = `${r.config} ${r.stack}`.padEnd(width);
    console.log(`${r.ok ? "ok  " : "FAIL"} ${label}  ${r.ok ? `${String(r.toAdd).padStart(4)} to add` : ""}`);
  }
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) console.error(`\n${r.config} ${r.stack}: ${r.error}`);
  const total = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${total}s; ${groups.length} combined root(s), ${parallel} in parallel)`);
  return failed.length ? 1 : 0;
}

if (isEntryPoint("scripts/verify.ts", module)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof ToolMissingError) {
        console.error(`error: ${error.message}`);
        process.exit(2);
      }
      exitOnKnownError(error);
    },
  );
}
