import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile, multiplyWorkloads, parseConfig } from "../config";
import { applyOrder, applyRank, applyWaves, MAX_MATRIX_JOBS } from "../stacks/app";
import { compareStacks, parseAffectedArgs, synthAtRef } from "./affected";
import { UsageError } from "../cli";

describe("affected stacks: comparison", () => {
  const config = loadConfigFile("config/set.yaml");
  const current = new Map([["state-backend", "a"], ["management", "b"], ["set-nonprod", "c2"], ["set-prod-eu", "d"], ["shared-services", "e"]]);

  it("lists changed and new stacks in apply order, filtered by tier", () => {
    const base = new Map([["state-backend", "a"], ["management", "b0"], ["set-nonprod", "c"], ["set-prod-eu", "d"], ["old-account", "x"]]);
    expect(compareStacks(config, current, base, "all")).toEqual({ changed: ["management", "shared-services", "set-nonprod"], removed: ["old-account"] });
    expect(compareStacks(config, current, base, "nonprod").changed).toEqual(["set-nonprod"]);
    expect(compareStacks(config, current, base, "prod").changed).toEqual(["management", "shared-services"]);
  });

  it("without a base, every stack is affected", () => {
    expect(compareStacks(config, current, undefined, "all").changed).toEqual(["state-backend", "management", "shared-services", "set-nonprod", "set-prod-eu"]);
  });
});

/** A throwaway repository with this project's files: one commit, then a config change that touches one stack. */
describe("npm run affected -- --base HEAD~1 on a real history", () => {
  let repo = "";
  const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "lz-affected-repo-"));
    const files = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n").filter((f) => f && !f.startsWith(".github/"));
    for (const f of files) {
      mkdirSync(join(repo, dirname(f)), { recursive: true });
      copyFileSync(f, join(repo, f));
    }
    symlinkSync(resolve("node_modules"), join(repo, "node_modules"), "dir");
    git("init", "-q", "-b", "main");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
    const file = join(repo, "config/set.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("api:     { cpu: 512, memory: 1024, minTasks: 1, maxTasks: 2 }", "api:     { cpu: 512, memory: 1024, minTasks: 1, maxTasks: 3 }"));
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "nonprod api may scale to 3");
  });

  it("prints exactly the one stack the change touches", () => {
    const run = spawnSync(process.execPath, ["cli/run.js", "scripts/affected.ts", "--base", "HEAD~1"], { cwd: repo, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(["set-nonprod"]);
  }, 60_000);

  it("a base that is not a commit here (force-pushed away, never fetched) compares with nothing: every stack, with a note", () => {
    const notes: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => notes.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(synthAtRef("0123456789abcdef0123456789abcdef01234567", "config/set.yaml", repo)).toBeUndefined();
    } finally {
      process.stderr.write = write;
    }
    expect(notes.join("")).toContain("0123456789abcdef0123456789abcdef01234567 is not a commit of this repository (force-pushed away, or not fetched); treating every stack as changed");
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("rejects a missing --base (the tier filter is covered above)", () => {
    const bad = spawnSync(process.execPath, ["cli/run.js", "scripts/affected.ts"], { cwd: repo, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--base <git-ref> is required");
  }, 60_000);
});

describe("npm run affected: arguments", () => {
  it("takes --base, --tier and --waves; a bad tier or a --base without a ref says what is allowed", () => {
    expect(parseAffectedArgs(["--base", "HEAD~1", "--tier", "prod", "--waves"])).toEqual({ base: "HEAD~1", tier: "prod", waves: true });
    expect(parseAffectedArgs(["--base", "origin/main"])).toEqual({ base: "origin/main", tier: "all", waves: false });
    expect(() => parseAffectedArgs(["--base", "HEAD", "--tier", "staging"])).toThrow(new UsageError('--tier must be nonprod, prod or all, got "staging"'));
    expect(() => parseAffectedArgs(["--base", "HEAD", "--tier"])).toThrow("--tier must be nonprod, prod or all, got nothing");
    expect(() => parseAffectedArgs(["--base", "--waves"])).toThrow(/^--base needs a git ref/);
    expect(() => parseAffectedArgs(["--tier", "prod"])).toThrow("--base <git-ref> is required");
    expect(() => parseAffectedArgs(["--base", "HEAD", "--bogus"])).toThrow(/^unknown argument "--bogus"; usage: npm run affected/);
  });
});

describe("apply waves (npm run affected -- --waves)", () => {
  const flat = (waves: string[][]) => waves.flat();

  it("a generated 50-workload config: every stack once, in dependency order, no wave beyond GitHub's matrix limit", () => {
    const config = parseConfig(multiplyWorkloads(readFileSync("config/set.yaml", "utf8"), 25), "x25.yaml");
    const stacks = applyOrder(config);
    expect(stacks.filter((s) => config.accounts.find((a) => a.name === s)?.role === "workload")).toHaveLength(50);
    const waves = applyWaves(config, stacks);
    expect(flat(waves).sort()).toEqual([...stacks].sort());
    expect(Math.max(...waves.map((w) => w.length))).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    expect(waves.map((w) => w[0])).toEqual(["state-backend", "management", "shared-services", "set-nonprod-1"]);
    for (let i = 1; i < waves.length; i++) {
      const before = Math.max(...waves[i - 1].map((s) => applyRank(config, s)));
      expect(Math.min(...waves[i].map((s) => applyRank(config, s))), `wave ${i + 1}`).toBeGreaterThanOrEqual(before);
    }
  });

  it("splits a wave larger than the matrix limit into consecutive waves", () => {
    const config = parseConfig(multiplyWorkloads(readFileSync("config/set.yaml", "utf8"), 25), "x25.yaml");
    const waves = applyWaves(config, applyOrder(config), 20);
    expect(waves.map((w) => w.length)).toEqual([1, 1, 1, 20, 20, 10]);
  });

  it("orders what the stacks need: the log archive before the trail and the apex zone before the tier zone (eurus), the replica before the source (DRI), the archive before the trail (EMPC)", () => {
    const eurus = loadConfigFile("config/examples/eurus.yaml");
    expect(applyWaves(eurus, applyOrder(eurus))).toEqual([
      ["state-backend"], ["state-backend-nonprod"], ["log-archive"], ["management"], ["security"], ["common-prod"], ["common-nonprod"], ["eurus-dev", "eurus-staging", "eurus-prod"],
    ]);
    const dri = loadConfigFile("config/examples/dri.yaml");
    expect(applyWaves(dri, ["dri-production", "dri-staging"])).toEqual([["dri-staging"], ["dri-production"]]);
    const empc = loadConfigFile("config/examples/empc.yaml");
    expect(applyWaves(empc, ["management", "state"])).toEqual([["state"], ["management"]]);
  });
});
