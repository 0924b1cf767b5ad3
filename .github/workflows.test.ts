/** The GitHub Actions workflows, parsed and checked against the rules of the delivery issue and the OIDC trust. */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfigFile } from "../config";
import { ciSubject } from "../stacks/access";

const dir = ".github/workflows";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Workflow = Record<string, any>;
const workflows: Record<string, Workflow> = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(".yml")).map((f) => [f.replace(".yml", ""), parse(readFileSync(join(dir, f), "utf8"))]));
const steps = (w: Workflow) => Object.values(w.jobs as Record<string, { steps: { uses?: string; run?: string }[] }>).flatMap((j) => j.steps);
const linter = join("node_modules", ".bin", "action-validator");

describe("workflows", () => {
  it("are validate, deploy and drift", () => {
    expect(Object.keys(workflows).sort()).toEqual(["deploy", "drift", "validate"]);
  });

  it.each(Object.keys(workflows))("%s pins every third-party action to a commit SHA", (name) => {
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

  it("deploy: develop → nonprod, main → prod; prod plan and apply only in the production environment", () => {
    const d = workflows.deploy;
    expect(d.on.push.branches).toEqual(["develop", "main"]);
    for (const job of ["plan", "apply"]) {
      expect(d.jobs[job].environment).toBe("${{ needs.affected.outputs.tier == 'prod' && 'production' || null }}");
      expect(d.jobs[job].permissions).toEqual({ contents: "read", "id-token": "write" });
    }
    expect(d.jobs.affected.permissions).toBeUndefined();
  });

  it("the environments and branches match the CI roles' exact OIDC subjects", () => {
    const config = loadConfigFile("config/set.yaml");
    expect(ciSubject(config, "prod")).toBe(`repo:${config.ci.github.owner}/${config.ci.github.repo}:environment:production`);
    expect(ciSubject(config, "nonprod")).toBe(`repo:${config.ci.github.owner}/${config.ci.github.repo}:ref:refs/heads/develop`);
  });

  it("deploy applies exactly the saved, reviewed plan: plan uploads plan.bin, apply downloads it and never plans again", () => {
    const d = workflows.deploy;
    const planRun = d.jobs.plan.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(planRun).toContain("terraform plan -input=false -out=plan.bin");
    expect(d.jobs.plan.steps.some((s: { uses?: string; with?: { path?: string } }) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.path?.includes("plan.bin"))).toBe(true);
    const applyRun = d.jobs.apply.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    expect(applyRun).toContain("apply -input=false plan.bin");
    expect(applyRun.indexOf("verify -- --against")).toBeGreaterThan(-1);
    expect(applyRun.indexOf("verify -- --against")).toBeLessThan(applyRun.indexOf("apply -input=false plan.bin"));
    expect(applyRun).not.toMatch(/terraform[^\n]* plan /);
    expect(d.jobs.apply.steps.some((s: { uses?: string }) => s.uses?.startsWith("actions/download-artifact@"))).toBe(true);
  });

  it("deploy posts a per-stack plan summary and plans only the affected stacks", () => {
    const d = workflows.deploy;
    expect(d.jobs.plan.strategy.matrix.stack).toBe("${{ fromJson(needs.affected.outputs.stacks) }}");
    expect(JSON.stringify(d.jobs.plan.steps)).toContain("plan:summary");
    expect(JSON.stringify(d.jobs.plan.steps)).toContain("GITHUB_STEP_SUMMARY");
    expect(JSON.stringify(d.jobs.affected.steps)).toContain("npm run --silent affected -- --base");
  });

  it("deploy never runs two applies at once", () => {
    expect(workflows.deploy.concurrency).toEqual({ group: "deploy-${{ github.ref_name }}", "cancel-in-progress": false });
    expect(workflows.deploy.jobs.apply.concurrency["cancel-in-progress"]).toBe(false);
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

  it("pass a real workflow linter (action-validator), which does reject a broken workflow", () => {
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yml"))) {
      const run = spawnSync(linter, [join(dir, f)], { encoding: "utf8" });
      expect(run.status, `${f}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const bad = join(tmpdir(), "lz-bad-workflow.yml");
    writeFileSync(bad, "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
    expect(spawnSync(linter, [bad], { encoding: "utf8" }).status).toBe(1);
  });
});
