/**
 * npm run verify -- [--config <file>]
 * For every stack of every shipped config (or one config): synthesize, then with the real terraform
 * `init -plugin-dir`, `validate`, an offline `plan`, and `show -json` of the plan into
 * .verify/<config>/stacks/<stack>/plan.json (read by the security tests). One line per stack; non-zero exit on any error.
 */
import { availableParallelism } from "node:os";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { shippedConfigFiles } from "../config";
import { onlineDependencies } from "../stacks/offline";
import { requireTerraform, runTerraform, ToolMissingError, writeOfflineOverride } from "./lib/terraform";
import { summarizePlan } from "./plan-summary";
import { synthToDirectory } from "./synth";
import { exitOnKnownError, parseCommonArgs, UsageError } from "../cli";

export const VERIFY_DIR = ".verify";

export const configOutputName = (file: string) => basename(file).replace(/\.ya?ml$/, "");

interface StackResult {
  readonly config: string;
  readonly stack: string;
  readonly ok: boolean;
  readonly toAdd: number;
  readonly seconds: number;
  readonly error?: string;
}

async function verifyStack(terraform: string, pluginDir: string, config: string, stackDir: string): Promise<StackResult> {
  const started = performance.now();
  const stack = basename(stackDir);
  const fail = (step: string, out: { stdout: string; stderr: string }) => ({
    config, stack, ok: false, toAdd: 0, seconds: (performance.now() - started) / 1000,
    error: `${step} failed:\n${(out.stderr || out.stdout).trim()}`,
  });
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  const online = onlineDependencies(json);
  if (online.length) return fail("offline check", { stdout: "", stderr: `data sources that need AWS or remote state: ${online.join(", ")}` });

  writeOfflineOverride(stackDir);
  rmSync(join(stackDir, "offline.tfstate"), { force: true });
  const init = await runTerraform(terraform, ["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], stackDir);
  if (init.code !== 0) return fail("terraform init", init);
  const validate = await runTerraform(terraform, ["validate", "-no-color"], stackDir);
  if (validate.code !== 0) return fail("terraform validate", validate);
  const plan = await runTerraform(terraform, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-out=plan.bin"], stackDir);
  if (plan.code !== 0) return fail("terraform plan", plan);
  const show = await runTerraform(terraform, ["show", "-json", "-no-color", "plan.bin"], stackDir);
  if (show.code !== 0) return fail("terraform show", show);
  writeFileSync(join(stackDir, "plan.json"), show.stdout);
  const planJson = JSON.parse(show.stdout) as { resource_changes?: { change: { actions: string[] } }[] };
  const toAdd = (planJson.resource_changes ?? []).filter((r) => r.change.actions.includes("create")).length;
  return { config, stack, ok: true, toAdd, seconds: (performance.now() - started) / 1000 };
}

async function pool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

/**
 * The destroy guard: `npm run verify -- --against <plan.json> [<plan.json> …]` fails when any of the given plans
 * (terraform show -json) would delete or replace a protected (stateful) resource type.
 */
export function destroyGuard(planFiles: string[]): { file: string; destroys: string[] }[] {
  return planFiles
    .map((file) => ({ file, destroys: summarizePlan(JSON.parse(readFileSync(file, "utf8"))).protectedDestroys }))
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
  const configs = process.argv.slice(2).some((a) => a.startsWith("--config")) || process.env.LZ_CONFIG ? [args.configFile] : shippedConfigFiles();
  const started = performance.now();
  console.log(`terraform ${tf.version}, provider mirror ${tf.pluginDir}; verifying ${configs.join(", ")}`);

  const jobs: { config: string; dir: string }[] = [];
  for (const config of configs) {
    const out = join(VERIFY_DIR, configOutputName(config));
    synthToDirectory(config, out, args.bootstrap);
    for (const stack of readdirSync(join(out, "stacks")).sort()) jobs.push({ config, dir: join(out, "stacks", stack) });
  }
  const parallel = Math.max(1, Math.min(availableParallelism(), Number(process.env.LZ_VERIFY_JOBS) || availableParallelism()));
  const results = await pool(jobs, parallel, (job) => verifyStack(tf.binary, tf.pluginDir, job.config, job.dir));

  const width = Math.max(...results.map((r) => `${r.config} ${r.stack}`.length));
  for (const r of results) {
    const label = `${r.config} ${r.stack}`.padEnd(width);
    console.log(`${r.ok ? "ok  " : "FAIL"} ${label}  ${r.ok ? `${String(r.toAdd).padStart(4)} to add` : "            "}  ${r.seconds.toFixed(1)}s`);
  }
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) console.error(`\n${r.config} ${r.stack}: ${r.error}`);
  const total = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed (${total}s, ${parallel} in parallel)`);
  return failed.length ? 1 : 0;
}

if (require.main === module) {
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
