import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { preciousFiles, StateInOutputError, synthToDirectory } from "./synth";
import { parseCommonArgs } from "../cli";

function outdirWithSentinel(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "lz-synth-")), "cdktf.out");
  mkdirSync(join(dir, "stacks", "old"), { recursive: true });
  writeFileSync(join(dir, "stacks", "old", "cdk.tf.json"), "{\"sentinel\":true}");
  return dir;
}

/** npm run synth of the default config into a folder that held an older output; once per file (two tests read it). */
let defaultOutput: { out: string; stacks: string[] } | undefined;
function synthDefaultConfig(): { out: string; stacks: string[] } {
  if (!defaultOutput) {
    const out = outdirWithSentinel();
    defaultOutput = { out, stacks: synthToDirectory("config/set.yaml", out, false) };
  }
  return defaultOutput;
}

describe("npm run synth", () => {
  it("writes one cdk.tf.json per stack and a manifest", () => {
    const { out, stacks } = synthDefaultConfig();
    expect(readdirSync(join(out, "stacks")).sort()).toEqual([...stacks].sort());
    expect(existsSync(join(out, "stacks", "old"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).toHaveProperty("set-prod-eu");
  });

  it("synthesizes an adopted organization's import blocks on a machine without terraform (no cdktf `terraform version` check)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lz-synth-")), "cdktf.out");
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), "lz-empty-path-")); // no terraform anywhere on it
    try {
      synthToDirectory("config/test-fixtures/brownfield.yaml", out, true); // its new account has no id yet
    } finally {
      process.env.PATH = path;
    }
    const management = JSON.parse(readFileSync(join(out, "stacks", "management", "cdk.tf.json"), "utf8"));
    expect(management.import.map((i: { to: string }) => i.to)).toContain("aws_organizations_organization.organization");
  });

  it("on a bad config throws and leaves the existing output untouched", () => {
    const out = outdirWithSentinel();
    expect(() => synthToDirectory("config/test-fixtures/overlapping-cidr.yaml", out, false)).toThrow(/overlaps/);
    expect(readdirSync(join(out, "stacks"))).toEqual(["old"]);
    expect(readFileSync(join(out, "stacks", "old", "cdk.tf.json"), "utf8")).toBe("{\"sentinel\":true}");
    expect(readdirSync(join(out, ".."))).toEqual(["cdktf.out"]);
  });

  it("CLI: exits 1, prints file:line and the path, says nothing was written", () => {
    const out = outdirWithSentinel();
    const run = spawnSync(process.execPath, ["cli/run.js", "scripts/synth.ts", "--config", "config/test-fixtures/bad-enum.yaml", "--out", out], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('config/test-fixtures/bad-enum.yaml:18:11: accounts[2].tier: must be one of: "nonprod" | "prod", got "staging"');
    expect(run.stderr).toContain("nothing was written.");
    expect(readdirSync(join(out, "stacks"))).toEqual(["old"]);
  });
});

describe("command-line arguments", () => {
  it("defaults to config/set.yaml, honours LZ_CONFIG, and --config wins", () => {
    expect(parseCommonArgs([], {}).configFile).toBe("config/set.yaml");
    expect(parseCommonArgs([], { LZ_CONFIG: "a.yaml" }).configFile).toBe("a.yaml");
    expect(parseCommonArgs(["--config", "b.yaml"], { LZ_CONFIG: "a.yaml" })).toEqual({ configFile: "b.yaml", bootstrap: false, rest: [] });
    expect(parseCommonArgs(["--config=c.yaml", "--bootstrap", "x"], {})).toEqual({ configFile: "c.yaml", bootstrap: true, rest: ["x"] });
  });

  it("--config without a file is a usage error", () => {
    expect(() => parseCommonArgs(["--config"], {})).toThrow("--config needs a file");
  });
});

describe("the cdktf app (main.ts, run by `npx cdktf synth`)", () => {
  it("writes the same stacks as npm run synth", () => {
    const viaScript = synthDefaultConfig().out;
    const viaApp = join(mkdtempSync(join(tmpdir(), "lz-app-")), "out");
    const run = spawnSync(process.execPath, ["cli/run.js", "main.ts"], { encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: viaApp, LZ_CONFIG: "config/set.yaml" } });
    expect(run.status, run.stderr).toBe(0);
    const stacks = readdirSync(join(viaScript, "stacks")).sort();
    expect(readdirSync(join(viaApp, "stacks")).sort()).toEqual(stacks);
    for (const s of stacks) {
      expect(readFileSync(join(viaApp, "stacks", s, "cdk.tf.json"), "utf8"), s).toBe(readFileSync(join(viaScript, "stacks", s, "cdk.tf.json"), "utf8"));
    }
  });
});

describe("synth never deletes Terraform state or plans", () => {
  it("refuses (nothing written) when the output holds state or a plan, and they survive byte-identical, twice over", () => {
    const out = outdirWithSentinel();
    const planted = {
      "stacks/management/terraform.tfstate": '{"version":4,"serial":7,"resources":[{"type":"aws_organizations_organization"}]}',
      "stacks/management/terraform.tfstate.backup": '{"version":4,"serial":6}',
      "stacks/management/.terraform/terraform.tfstate": '{"backend":{"type":"local"}}',
      "stacks/set-nonprod/plan.bin": "PK\u0003\u0004 a saved plan",
    };
    for (const [file, content] of Object.entries(planted)) {
      mkdirSync(join(out, file, ".."), { recursive: true });
      writeFileSync(join(out, file), content);
    }
    for (let i = 0; i < 2; i++) {
      expect(() => synthToDirectory("config/set.yaml", out, true)).toThrow(StateInOutputError);
      for (const [file, content] of Object.entries(planted)) expect(readFileSync(join(out, file), "utf8"), file).toBe(content);
      expect(readdirSync(join(out, ".."))).toEqual(["cdktf.out"]);
    }
    expect(preciousFiles(out).sort()).toEqual(["stacks/management/terraform.tfstate", "stacks/management/terraform.tfstate.backup", "stacks/set-nonprod/plan.bin"]);
    expect(() => synthToDirectory("config/set.yaml", out, true)).toThrow(/cdktf\.out\/stacks\/management\/terraform\.tfstate[\s\S]*bootstrap-state\/<stack>\/terraform\.tfstate/);
  });

  it("refuses when a .terraform/ holds state (resources in its terraform.tfstate), and it survives byte-identical", () => {
    const out = outdirWithSentinel();
    const dir = join(out, "stacks", "management", ".terraform");
    mkdirSync(dir, { recursive: true });
    const state = '{"version":4,"backend":{"type":"local"},"resources":[{"type":"aws_organizations_organization","name":"organization"}]}';
    writeFileSync(join(dir, "terraform.tfstate"), state);
    expect(preciousFiles(out)).toEqual(["stacks/management/.terraform/terraform.tfstate"]);
    for (let i = 0; i < 2; i++) expect(() => synthToDirectory("config/set.yaml", out, false)).toThrow(StateInOutputError);
    expect(readFileSync(join(dir, "terraform.tfstate"), "utf8")).toBe(state);
  });

  it("replaces an output whose only Terraform files are .terraform/ caches, and bootstrap state goes to bootstrap-state/ outside it", () => {
    const out = outdirWithSentinel();
    mkdirSync(join(out, "stacks", "management", ".terraform"), { recursive: true });
    writeFileSync(join(out, "stacks", "management", ".terraform", "terraform.tfstate"), '{"backend":{"type":"local"}}');
    synthToDirectory("config/set.yaml", out, true);
    const backend = JSON.parse(readFileSync(join(out, "stacks", "management", "cdk.tf.json"), "utf8")).terraform.backend.local.path as string;
    expect(resolve(out, "stacks", "management", backend)).toBe(resolve("bootstrap-state", "management", "terraform.tfstate"));
  });
});
