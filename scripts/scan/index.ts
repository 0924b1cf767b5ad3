/**
 * npm run scan — every check of scripts/scan/checks.ts over every stack of every shipped config, on the offline plan
 * JSON that `npm run verify` saved (.verify/<config>/stacks/<stack>/plan.json). Prints a table per config (passed /
 * failed / not applicable per check ID) and the failures; exits non-zero on any failure or a skip without a reason.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isSeq, parseDocument } from "yaml";
import { loadConfigFile } from "../../config";
import { tierOfStack } from "../affected";
import { configOutputName, VERIFY_DIR } from "../verify";
import { CHECKS, type Check, type PlannedResource, type StackContext } from "./checks";
import { configsToCheck, exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../../cli";

export interface Skip {
  readonly id: string;
  readonly reason: string;
}

/** The skip-check list of .checkov.yaml, each with the comment on its line. */
export function readSkips(file = ".checkov.yaml"): Skip[] {
  const doc = parseDocument(readFileSync(file, "utf8"));
  const list = doc.get("skip-check", true);
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const node = item as { value: string; comment?: string };
    return { id: String(node.value), reason: (node.comment ?? "").trim() };
  });
}

/** The checks checkov fails the build on (hard-fail-on), and the encoded ones deliberately left soft, with reasons. */
export function readHardFailPolicy(file = ".checkov.yaml"): { hard: string[]; notHard: Skip[] } {
  const text = readFileSync(file, "utf8");
  const list = parseDocument(text).get("hard-fail-on", true);
  const hard = isSeq(list) ? list.items.map((item) => String((item as { value: string }).value)) : [];
  const notHard = [...text.matchAll(/^#\s+not-hard\s+(\S+)\s*(?:#\s*(.*))?$/gm)].map((m) => ({ id: m[1], reason: (m[2] ?? "").trim() }));
  return { hard, notHard };
}

interface PlanJson {
  planned_values?: { root_module?: { resources?: { address: string; type: string; name: string; values: Record<string, unknown> }[] } };
  resource_changes?: { address: string; change: { after_unknown?: Record<string, unknown> } }[];
  configuration?: { root_module?: { resources?: { address: string; expressions?: unknown }[] } };
}

function collectReferences(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectReferences(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "references" && Array.isArray(v)) v.forEach((r) => out.add(String(r)));
      else collectReferences(v, out);
    }
  }
}

/**
 * One stack's resources for the checks: the plan's final values, and for attributes the plan cannot know yet (a policy
 * that interpolates a key ARN) the synthesized value, interpolations and all.
 */
export function stackContext(stack: string, tier: string, plan: PlanJson, synth: { resource?: Record<string, Record<string, Record<string, unknown>>> } = {}): StackContext {
  const unknown = new Map((plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.after_unknown ?? {}]));
  const resources: PlannedResource[] = (plan.planned_values?.root_module?.resources ?? []).map((r) => {
    const planned = Object.fromEntries(Object.entries(r.values ?? {}).filter(([, v]) => v !== null));
    return { address: r.address, type: r.type, name: r.name, values: { ...(synth.resource?.[r.type]?.[r.name] ?? {}), ...planned }, unknown: unknown.get(r.address) ?? {} };
  });
  const refs = new Map<string, Set<string>>();
  for (const r of plan.configuration?.root_module?.resources ?? []) {
    const set = new Set<string>();
    collectReferences(r.expressions, set);
    refs.set(r.address, set);
  }
  return {
    stack, tier, resources,
    referencing: (type, address) => resources.filter((r) => r.type === type && refs.get(r.address)?.has(address)),
  };
}

export interface CheckTally { passed: number; failed: number; notApplicable: number; failures: string[] }

export function runChecks(contexts: StackContext[], checks: Check[] = CHECKS, skips: Skip[] = []): Map<string, CheckTally | "skipped"> {
  const results = new Map<string, CheckTally | "skipped">();
  const skipped = new Set(skips.map((s) => s.id));
  for (const check of checks) {
    if (skipped.has(check.id)) { results.set(check.id, "skipped"); continue; }
    const tally: CheckTally = { passed: 0, failed: 0, notApplicable: 0, failures: [] };
    for (const ctx of contexts) {
      for (const r of ctx.resources.filter((x) => check.types.includes(x.type))) {
        const outcome = check.evaluate(r, ctx);
        if (outcome === "n/a") tally.notApplicable++;
        else if (outcome) tally.passed++;
        else { tally.failed++; tally.failures.push(`${ctx.stack} ${r.address}`); }
      }
    }
    results.set(check.id, tally);
  }
  return results;
}

if (isEntryPoint("scripts/scan/index.ts", module)) {
  let args: ReturnType<typeof parseCommonArgs>;
  try {
    args = parseCommonArgs(process.argv.slice(2));
    if (args.rest.length) throw new UsageError(`unknown argument "${args.rest[0]}"; usage: npm run scan -- [--config <file>]`);
  } catch (error) {
    exitOnKnownError(error);
  }
  const skips = readSkips();
  const unexplained = skips.filter((s) => !s.reason);
  let failed = unexplained.length;
  for (const s of unexplained) console.error(`.checkov.yaml skips ${s.id} without a reason`);
  for (const file of configsToCheck(process.argv.slice(2), args)) {
    const dir = join(VERIFY_DIR, configOutputName(file), "stacks");
    if (!existsSync(dir)) {
      console.error(`no plans for ${file}: run npm run verify first`);
      process.exit(2);
    }
    const config = loadConfigFile(file);
    const read = (stack: string, f: string) => JSON.parse(readFileSync(join(dir, stack, f), "utf8"));
    const contexts = readdirSync(dir).sort().map((stack) => stackContext(stack, tierOfStack(config, stack), read(stack, "plan.json"), read(stack, "cdk.tf.json")));
    const results = runChecks(contexts, CHECKS, skips);
    console.log(`\n${file} (${contexts.length} stacks)`);
    console.log(`  ${"check".padEnd(24)} ${"passed".padStart(6)} ${"failed".padStart(6)} ${"n/a".padStart(5)}  title`);
    for (const check of CHECKS) {
      const r = results.get(check.id)!;
      if (r === "skipped") { console.log(`  ${check.id.padEnd(24)} ${"skipped".padStart(19)}  ${skips.find((s) => s.id === check.id)!.reason}`); continue; }
      console.log(`  ${check.id.padEnd(24)} ${String(r.passed).padStart(6)} ${String(r.failed).padStart(6)} ${String(r.notApplicable).padStart(5)}  ${check.title}`);
      for (const f of r.failures) console.log(`      FAILED ${f}`);
      failed += r.failed;
    }
  }
  console.log(failed ? `\nscan: ${failed} failure(s)` : "\nscan: no failures");
  process.exit(failed ? 1 : 0);
}
