/** The GitHub Actions workflows, parsed and checked against the rules of the delivery issue and the OIDC trust. */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { loadConfigFile, multiplyWorkloads, parseConfig, shippedConfigFiles, stackTier } from "../config";
import { applyOrder, applyWaves } from "../stacks/app";
import { ciSubject } from "../stacks/access";
import { repositoryVariables } from "../stacks/github-ci";

const dir = ".github/workflows";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Workflow = Record<string, any>;
const workflows: Record<string, Workflow> = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(".yml")).map((f) => [f.replace(".yml", ""), parse(readFileSync(join(dir, f), "utf8"))]));
const steps = (w: Workflow) => Object.values(w.jobs as Record<string, { steps?: { uses?: string; run?: string }[] }>).flatMap((j) => j.steps ?? []);
const waveJobs = (w: Workflow) => Object.keys(w.jobs).filter((j) => /^apply-\d+$/.test(j)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
const linter = join("node_modules", ".bin", "action-validator");

describe("workflows", () => {
  it("are validate, deploy (one reusable deploy-tier per tier, with its reusable apply wave) and drift", () => {
    expect(Object.keys(workflows).sort()).toEqual(["apply-wave", "deploy", "deploy-tier", "drift", "validate"]);
    expect(Object.keys(workflows["apply-wave"].on)).toEqual(["workflow_call"]);
    expect(Object.keys(workflows["deploy-tier"].on)).toEqual(["workflow_call"]);
  });

  it.each(Object.keys(workflows).filter((w) => w !== "deploy"))("%s pins every third-party action to a commit SHA", (name) => {
    const uses = steps(workflows[name]).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u, u).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
  });

  it.each(Object.keys(workflows))("%s sets minimal permissions at the top (contents: read) and widens them only per job", (name) => {
    expect(workflows[name].permissions).toEqual({ contents: "read" });
  });

  it("validate runs on pull requests with no id-token anywhere: it cannot reach AWS", () => {
    const v = workflows.validate;
    expect(Object.keys(v.on)).toEqual(["pull_request"]);
    expect(JSON.stringify(v)).not.toContain("id-token");
    expect(JSON.stringify(v)).not.toContain("configure-aws-credentials");
    const run = steps(v).map((s) => s.run ?? "").join("\n");
    for (const command of ["npm ci", "npm run typecheck", "npm test", "npm run synth", "npm run verify"]) expect(run).toContain(command);
  });

  it("deploy: each tier deploys from its own branch in its own environment (repository variables from the config), nonprod before prod", () => {
    const d = workflows.deploy;
    expect(d.on).toEqual({ push: { branches: ["**"] } }); // every branch (no tags): the tier jobs decide, from the variables, whether this push deploys
    expect(Object.keys(d.jobs)).toEqual(["nonprod", "prod"]);
    for (const tier of ["nonprod", "prod"] as const) {
      const job = d.jobs[tier];
      const T = tier.toUpperCase();
      expect(job.uses).toBe("./.github/workflows/deploy-tier.yml");
      expect(job.with).toEqual({ tier, environment: `\${{ vars.LZ_${T}_ENVIRONMENT }}` });
      expect(job.if).toContain(`github.ref_name == vars.LZ_${T}_BRANCH`);
      expect(job.permissions).toEqual({ contents: "write", "id-token": "write" });
    }
    expect(d.jobs.prod.needs).toBe("nonprod");
    expect(d.jobs.prod.if).toMatch(/^\$\{\{ !failure\(\) && !cancelled\(\) && /);
    const t = workflows["deploy-tier"];
    expect(t.jobs.plan.environment).toBe("${{ inputs.environment }}");
    expect(t.jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    const apply = workflows["apply-wave"].jobs.apply;
    expect(apply.environment).toBe("${{ inputs.environment }}");
    expect(apply.permissions).toEqual({ contents: "read", "id-token": "write" });
    for (const job of waveJobs(t)) expect(t.jobs[job].with).toMatchObject({ tier: "${{ inputs.tier }}", environment: "${{ inputs.environment }}" });
    expect(t.jobs.affected.permissions).toBeUndefined();
  });

  it.each(shippedConfigFiles())("%s: every apply role trusts exactly the environment its tier's jobs run in, and the tiers' environments differ", (file) => {
    const config = loadConfigFile(file);
    const vars = repositoryVariables(config);
    const repo = `repo:${config.ci.github.owner}/${config.ci.github.repo}`;
    for (const tier of ["nonprod", "prod"] as const) {
      if (!config.tiers[tier]) continue;
      const T = tier.toUpperCase();
      expect(ciSubject(config, tier)).toBe(`${repo}:environment:${vars[`LZ_${T}_ENVIRONMENT`]}`);
      expect(vars[`LZ_${T}_BRANCH`]).toBe(config.tiers[tier]!.deploy.branch);
    }
    expect(vars.LZ_NONPROD_ENVIRONMENT).not.toBe(vars.LZ_PROD_ENVIRONMENT);
  });

  it("deploy applies exactly the saved, reviewed plan: plan uploads plan.bin, apply downloads it and never plans again", () => {
    const d = workflows["deploy-tier"];
    const planRun = d.jobs.plan.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(planRun).toContain("terraform plan -input=false -out=plan.bin");
    expect(d.jobs.plan.steps.some((s: { uses?: string; with?: { path?: string } }) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.path?.includes("plan.bin"))).toBe(true);
    const apply = workflows["apply-wave"].jobs.apply;
    const applyRun = apply.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(applyRun).toContain("apply -input=false plan.bin");
    expect(applyRun.indexOf("verify -- --against")).toBeGreaterThan(-1);
    expect(applyRun.indexOf("verify -- --against")).toBeLessThan(applyRun.indexOf("apply -input=false plan.bin"));
    expect(applyRun).not.toMatch(/terraform[^\n]* plan /);
    const download = apply.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/download-artifact@"));
    expect(download.with).toEqual({ name: "plan-${{ matrix.stack }}", path: "plans/${{ matrix.stack }}" });
    // upload-artifact leaves hidden files out unless told: the lock file must travel with the plan.
    const upload = d.jobs.plan.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload.with["include-hidden-files"]).toBe(true);
    expect(upload.with.name).toBe("plan-${{ matrix.stack }}");
    for (const file of ["plan.bin", ".terraform.lock.hcl"]) {
      expect(upload.with.path).toContain(`cdktf.out/stacks/\${{ matrix.stack }}/${file}`);
      expect(applyRun).toContain(`cp "plans/$STACK/${file}"`);
    }
  });

  it("deploy posts a per-stack plan summary and plans only the affected stacks", () => {
    const d = workflows["deploy-tier"];
    expect(d.jobs.plan.strategy.matrix.stack).toBe("${{ fromJson(needs.affected.outputs.stacks) }}");
    expect(JSON.stringify(d.jobs.plan.steps)).toContain("plan:summary");
    expect(JSON.stringify(d.jobs.plan.steps)).toContain("GITHUB_STEP_SUMMARY");
    expect(JSON.stringify(d.jobs.affected.steps)).toContain("npm run --silent affected -- --base");
  });

  it("deploy never runs two deploys of a branch at once", () => {
    expect(workflows.deploy.concurrency).toEqual({ group: "deploy-${{ github.ref_name }}", "cancel-in-progress": false });
  });

  it("deploy applies in waves: each wave after the one before succeeded, a matrix per wave, as many wave jobs as affected may print", () => {
    const d = workflows["deploy-tier"];
    const jobs = waveJobs(d);
    expect(jobs.length).toBeGreaterThanOrEqual(8);
    jobs.forEach((job, i) => {
      expect(d.jobs[job].uses).toBe("./.github/workflows/apply-wave.yml");
      expect(d.jobs[job].needs).toEqual(["affected", i === 0 ? "plan" : jobs[i - 1]]);
      expect(d.jobs[job].if).toBe(`\${{ !failure() && !cancelled() && needs.affected.outputs.wave-${i + 1} != '[]' }}`);
      expect(d.jobs[job].with.stacks).toBe(`\${{ needs.affected.outputs.wave-${i + 1} }}`);
      expect(d.jobs.affected.outputs[`wave-${i + 1}`]).toBe(`\${{ steps.affected.outputs.wave-${i + 1} }}`);
    });
    const run = d.jobs.affected.steps.find((s: { id?: string }) => s.id === "affected").run as string;
    expect(run).toContain("--waves");
    expect(run).toContain("set -euo pipefail");
    expect(run).toContain(`-gt ${jobs.length}`);
    expect(workflows["apply-wave"].jobs.apply.strategy).toMatchObject({ "fail-fast": false, matrix: { stack: "${{ fromJson(inputs.stacks) }}" } });
  });

  it("every shipped example, and a generated 50-workload config, fits the wave jobs in each tier", () => {
    const available = waveJobs(workflows["deploy-tier"]).length;
    const configs = [...shippedConfigFiles().map((f) => loadConfigFile(f)), parseConfig(multiplyWorkloads(readFileSync("config/set.yaml", "utf8"), 25), "x25.yaml")];
    for (const config of configs) {
      for (const tier of ["nonprod", "prod"] as const) {
        const stacks = applyOrder(config).filter((s) => stackTier(config, s) === tier);
        expect(applyWaves(config, stacks).length, `${config.sourceFile} ${tier}`).toBeLessThanOrEqual(available);
      }
    }
  });

  it.each(Object.keys(workflows))("%s hard-codes no config path: it follows the selected config (cdktf.json)", (name) => {
    const text = readFileSync(join(dir, `${name}.yml`), "utf8");
    expect(text.match(/config\/[\w./-]*\.ya?ml/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/--config(?![-\w])|LZ_CONFIG/);
  });

  it("drift plans every stack on a schedule, read-only, and fails on drift", () => {
    const d = workflows.drift;
    expect(d.on.schedule).toHaveLength(1);
    const text = JSON.stringify(d.jobs.drift);
    expect(text).toContain("vars.LZ_CI_MAIN_PLAN_ROLE_ARN");
    expect(text).toContain("plan:override");
    expect(text).toContain("-detailed-exitcode");
    expect(text).toContain("-lock=false");
  });

  it("every action is pinned by commit SHA to a major that runs on Node 24 (GitHub retired Node 20 on its runners)", () => {
    // The first major of each action whose runtime is node24.
    const node24Since: Record<string, number> = {
      "actions/checkout": 5, "actions/setup-node": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
      "actions/download-artifact": 6, "hashicorp/setup-terraform": 4, "aws-actions/configure-aws-credentials": 5,
    };
    const pins = readdirSync(dir).filter((f) => f.endsWith(".yml")).flatMap((f) =>
      readFileSync(join(dir, f), "utf8").split("\n").filter((l) => /^\s*(- )?uses: [^.]/.test(l)).map((l) => ({ f, l: l.trim() })));
    expect(pins.length).toBeGreaterThan(10);
    for (const { f, l } of pins) {
      const m = /uses: ([\w-]+\/[\w-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/.exec(l);
      expect(m, `${f}: ${l} is not pinned by SHA with its version`).not.toBeNull();
      expect(node24Since[m![1]], `${f}: ${m![1]} has no known Node 24 major`).toBeDefined();
      expect(Number(m![3]), `${f}: ${l}`).toBeGreaterThanOrEqual(node24Since[m![1]]);
    }
    for (const w of Object.values(workflows)) {
      for (const step of steps(w) as { uses?: string; with?: Record<string, unknown> }[]) {
        if (step.uses?.startsWith("actions/setup-node@")) expect(step.with?.["node-version"]).toBe(24);
      }
    }
  });

  it("deploy plans against the last commit applied to the tier, which only a fully successful run moves", () => {
    const d = workflows["deploy-tier"];
    const affected = d.jobs.affected.steps.find((s: { id?: string }) => s.id === "affected");
    expect(affected.run).toContain('base="lz-applied-$TIER"');
    expect(affected.run).toContain('--base "$base"');
    expect(JSON.stringify(d)).not.toContain("github.event.before");
    expect(d.jobs.affected.steps[0].with["fetch-depth"]).toBe(0); // tags and their commits, even after a force-push
    expect(JSON.stringify(workflows.deploy)).not.toContain("github.event.before");
    const record = d.jobs["record-applied"];
    expect(record.needs).toEqual(["affected", "plan", ...waveJobs(d)]);
    expect(record.if).toBe("${{ !failure() && !cancelled() }}");
    expect(record.steps.at(-1).run).toContain('git push --force origin "refs/tags/lz-applied-$TIER"');
    // Only that job may write to the repository.
    for (const [name, job] of Object.entries(d.jobs as Record<string, { permissions?: Record<string, string> }>)) {
      if (name !== "record-applied") expect(job.permissions?.contents ?? "read", name).toBe("read");
    }
    expect(record.permissions).toEqual({ contents: "write" });
    expect(d.permissions).toEqual({ contents: "read" });
  });

  it("plans are kept as long as an approval may wait (30 days), and a missing plan fails the apply with a clear message", () => {
    const upload = workflows["deploy-tier"].jobs.plan.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload.with["retention-days"]).toBeGreaterThanOrEqual(30);
    const apply = workflows["apply-wave"].jobs.apply.steps as { id?: string; uses?: string; if?: string; run?: string; "continue-on-error"?: boolean }[];
    const download = apply.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(apply[download]).toMatchObject({ id: "reviewed-plan", "continue-on-error": true });
    expect(apply[download + 1].if).toBe("steps.reviewed-plan.outcome != 'success'");
    expect(apply[download + 1].run).toMatch(/::error::the reviewed plan of \$STACK is gone[^\n]*Nothing was applied[^\n]*\n\s*exit 1/);
  });

  it("no step hides a failing command behind echo: every $(npm run …) captured for an output runs under set -euo pipefail", () => {
    for (const [name, w] of Object.entries(workflows)) {
      for (const step of steps(w)) {
        if (!step.run?.includes("$(npm run")) continue;
        expect(step.run, `${name}: ${step.run}`).toMatch(/^set -euo pipefail\n/);
        expect(step.run, `${name}: ${step.run}`).not.toMatch(/echo "[^"]*\$\(npm run/);
      }
    }
  });

  it("pass a real workflow linter (action-validator), which does reject a broken workflow", async () => {
    // The validator npm run lint:workflows runs, in process (a process per file costs ~0.3 s to start); the command
    // itself runs once, on the broken file, for its exit status.
    const broken = "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n";
    const badFile = join(tmpdir(), `lz-bad-workflow-${process.pid}.yml`);
    writeFileSync(badFile, broken);
    const cli = new Promise<number | null>((done) => spawn(linter, [badFile], { stdio: "ignore" }).on("close", done));
    for (const file of readdirSync(dir).filter((x) => x.endsWith(".yml"))) {
      const result = validateWorkflow(readFileSync(join(dir, file), "utf8"));
      expect(result.errors, `${file}: ${JSON.stringify(result.errors)}`).toEqual([]);
    }
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
    expect(await cli).toBe(1);
  });
});
