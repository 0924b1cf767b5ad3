/**
 * npm run test:stranger
 *
 * Proves the product works for a config that is not one of ours: in a scratch copy of the repository it generates a
 * stranger's config (another organization in us-east-1 / us-west-2, three workload accounts, ECS in nonprod and EKS
 * in prod) with `npm run init`, which selects it in cdktf.json, then runs what a fork runs, all on that selection:
 * the invariant test suites (security invariants, IAM-simulated isolation, backends, destroy guard, workflows,
 * diagram edges), synth, the real terraform plan of every stack (verify), the scan, the cost estimate and the diagram.
 * LZ_SUITE=selected narrows every whole-suite check to the selected config alone. Nothing in the repository changes.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseDocument } from "yaml";
import { exitOnKnownError, isEntryPoint, UsageError } from "../cli";
import { configFromExample, initConfig } from "./init";

/** What a fresh clone would not hold: outputs, state, caches (node_modules is linked, not copied). */
const NOT_COPIED = new Set([".git", "node_modules", "cdktf.out", ".verify", ".state", "bootstrap-state", "coverage"]);

/** The test files whose suites run over every config the suite checks (LZ_SUITE=selected: the stranger's alone). */
export const INVARIANT_SUITES = [
  "stacks/app.test.ts",
  "stacks/workload-invariants.test.ts",
  "stacks/policies.test.ts",
  "stacks/delivery.test.ts",
  ".github/workflows.test.ts",
  "scripts/diagram/diagram.test.ts",
  "scripts/github-setup.test.ts",
  "config/load.test.ts",
  "config/shipped.test.ts",
];

export const STRANGER = { org: "acme", domain: "acme.example", github: "acme/platform", regions: ["us-east-1", "us-west-2"] };

/** A stranger's config from S.E.T: acme, us-east-1 + us-west-2, a third workload account, EKS in prod, ECS in nonprod. */
export function strangerConfigText(setText: string): string {
  const doc = parseDocument(configFromExample(setText, { from: "config/set.yaml", ...STRANGER }));
  doc.setIn(["tiers", "prod", "compute"], doc.createNode({
    platform: "eks",
    eks: { version: "1.31", publicAccessCidrs: [], systemNodes: { instanceTypes: ["t3.medium"], minSize: 1, maxSize: 2 }, appNodes: { instanceTypes: ["m6i.large"], minSize: 2, maxSize: 6 } },
  }));
  const accounts = doc.get("accounts") as { items: unknown[] };
  accounts.items.push(doc.createNode({ name: "acme-prod-2", role: "workload", tier: "prod", email: "aws-prod-2@acme.example", id: "000000000009", network: { cidr: "10.40.0.0/16" } }));
  return doc.toString();
}

/** A scratch fork with the stranger's config selected; returns its root and the config's path in it. */
export function strangerFork(repo = "."): { root: string; configFile: string } {
  const root = mkdtempSync(join(tmpdir(), "lz-stranger-"));
  for (const entry of readdirSync(repo)) if (!NOT_COPIED.has(entry)) cpSync(join(repo, entry), join(root, entry), { recursive: true });
  symlinkSync(resolve(repo, "node_modules"), join(root, "node_modules"), "dir");
  const configFile = initConfig({ from: "config/set.yaml", ...STRANGER }, root);
  writeFileSync(join(root, configFile), strangerConfigText(readFileSync(join(repo, "config/set.yaml"), "utf8")));
  return { root, configFile };
}

interface Step {
  readonly name: string;
  readonly command: string[];
  /** What the output must show, so a step that silently checked nothing fails. */
  readonly expect: RegExp;
}

export function strangerSteps(configFile: string): Step[] {
  const node = (entry: string, ...args: string[]) => ["node", "cli/run.js", entry, ...args];
  return [
    // First, as a fork would commit it: the suite checks that the diagram is checked in and current.
    { name: "diagram", command: node("scripts/diagram/index.ts"), expect: /docs\/accounts-acme\.md/ },
    { name: "invariant suites", command: ["npx", "vitest", "run", "--reporter=verbose", ...INVARIANT_SUITES], expect: new RegExp(`${configFile.replace(/[./]/g, "\\$&")}`) },
    { name: "synth", command: node("scripts/synth.ts"), expect: /synthesized 6 stacks from config\/acme\.yaml[\s\S]*acme-prod-2/ },
    { name: "verify (real terraform plan)", command: node("scripts/verify.ts"), expect: /6 passed, 0 failed/ },
    { name: "scan", command: node("scripts/scan/index.ts"), expect: /scan: no failures/ },
    { name: "cost", command: node("scripts/cost/index.ts"), expect: /acme-prod-2\s+prod\s+\$[\d,]+\.\d\d/ },
  ];
}

if (isEntryPoint("scripts/stranger.ts", module)) {
  try {
    if (process.argv.length > 2) throw new UsageError(`unknown argument "${process.argv[2]}"; usage: npm run test:stranger`);
    const { root, configFile } = strangerFork();
    console.log(`stranger's fork: ${root} (selected: ${configFile}; LZ_SUITE=selected)`);
    let failed = false;
    for (const step of strangerSteps(configFile)) {
      const started = performance.now();
      const env = { ...process.env, LZ_SUITE: "selected", LZ_CONFIG: "", VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" };
      const run = spawnSync(step.command[0], step.command.slice(1), { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const output = `${run.stdout}${run.stderr}`;
      const ok = run.status === 0 && step.expect.test(output);
      console.log(`${ok ? "ok  " : "FAIL"} ${step.name.padEnd(30)} ${((performance.now() - started) / 1000).toFixed(1)}s`);
      if (!ok) {
        failed = true;
        console.log(output.split("\n").slice(-60).join("\n"));
        console.log(`(exit ${run.status}; expected output matching ${step.expect})`);
      }
    }
    if (failed) {
      console.log(`kept ${root} for inspection`);
      process.exit(1);
    }
    rmSync(root, { recursive: true, force: true });
    console.log("the stranger's config passes everything a fork runs");
  } catch (error) {
    exitOnKnownError(error);
  }
}
