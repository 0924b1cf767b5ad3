import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../config";
import { cachedSynth, configKey } from "../test/synth-cache";
import { runBootstrap, synthesizeForBootstrap, type BootstrapOptions, type StackSynth } from "./bootstrap";
import { configFromExample } from "./init";

const SET = readFileSync("config/set.yaml", "utf8");
/** The stacks through the test runs' synth cache; the Innovate run below synthesizes without it. */
const synth: StackSynth = (config, bootstrap) =>
  new Map(cachedSynth("bootstrap-stacks", { config: configKey(config), bootstrap }, () => [...synthesizeForBootstrap(config, bootstrap)]));
const withoutIds = (text: string) => text.replace(/\n\s*id: "\d{12}"/g, "");
const withoutApexZone = (text: string) => text.replace(/\n\s*dnsZoneId: .*/, "");

/** Every state file under a folder (local states, their dated backups, the fake bucket's objects), with its content. */
function stateFiles(dir: string, rel = ""): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const key = rel ? `${rel}/${name}` : name;
    if (statSync(path).isDirectory()) for (const [k, v] of stateFiles(path, key)) found.set(k, v);
    else if (/\.tfstate/.test(name)) found.set(key, readFileSync(path, "utf8"));
  }
  return found;
}

it("the stacks the bootstrap synthesizes do not depend on where the config file is (the synth cache leaves the path out)", () => {
  const copy = join(mkdtempSync(join(tmpdir(), "lz-bootstrap-moved-")), "minimal.yaml");
  copyFileSync("config/test-fixtures/valid-minimal.yaml", copy);
  const [here, moved] = ["config/test-fixtures/valid-minimal.yaml", copy].map((file) => loadConfigFile(file, { bootstrap: true }));
  expect(moved.sourceFile).not.toBe(here.sourceFile);
  expect(configKey(moved)).toEqual(configKey(here));
  expect(synthesizeForBootstrap(moved, true)).toEqual(synthesizeForBootstrap(here, true));
});

describe("npm run bootstrap: the first deployment, resumable, driven through a recording terraform", () => {
  const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-test-"));
  const configFile = join(root, "config", "acme.yaml");
  mkdirSync(join(root, "config"));
  const log = join(root, "terraform-calls.log");
  const bucket = join(root, "bucket");
  const calls = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { dir: string; args: string[] }) : []);
  const applies = () => calls().filter((c) => c.args[0] === "apply").map((c) => c.dir);
  const seenStates = new Map<string, string>();
  const printed: string[] = [];

  function run(extra: Partial<BootstrapOptions> = {}, env: NodeJS.ProcessEnv = {}) {
    const lines: string[] = [];
    const result = runBootstrap({
      synth, configFile, root, apply: true, autoApprove: true,
      terraform: resolve("test/recording-terraform.cjs"),
      env: { ...process.env, LZ_FAKE_TF_LOG: log, LZ_FAKE_BUCKET: bucket, ...env },
      log: (l) => lines.push(l),
      now: () => new Date("2026-11-30T10:00:00Z"),
      ...extra,
    });
    printed.push(lines.join("\n"));
    // No state file, once written, ever disappears.
    const now = stateFiles(root);
    for (const file of seenStates.keys()) expect(now.has(file), `${file} was deleted`).toBe(true);
    for (const [file, text] of now) seenStates.set(file, text);
    return { ...result, out: lines.join("\n"), status: Object.fromEntries(result.steps.map((s) => [s.id, s.status])) };
  }

  it("without --apply: prints the ordered steps with their credentials and local-state files, and writes nothing", () => {
    writeFileSync(configFile, withoutApexZone(withoutIds(SET)));
    const r = run({ apply: false });
    expect(r.steps.map((s) => s.id)).toEqual(["organization", "account-ids"]);
    expect(r.out).toContain("apply management (organization only) — the organization, its OUs and the member accounts (management credentials); state bootstrap-state/management/terraform.tfstate");
    expect(existsSync(join(root, "bootstrap-state"))).toBe(false);
    expect(calls()).toEqual([]);
  });

  it("step 1 creates the organization, then stops with the exact ids to paste", () => {
    const r = run();
    expect(r.status).toEqual({ organization: "ran", "account-ids": "waiting" });
    expect(applies()).toEqual(["management"]);
    expect(r.out).toContain('management: id: "900000000001"');
    expect(r.out).toMatch(/set-prod-eu: id: "9000000000\d\d"/);
    expect(JSON.parse(readFileSync(join(root, "bootstrap-state/management/cdk.tf.json"), "utf8")).terraform.backend).toEqual({ local: { path: "../management/terraform.tfstate" } });
  });

  it("with the ids in the config: state backend, management and shared services, then it stops for the apex zone id", () => {
    writeFileSync(configFile, withoutApexZone(SET));
    const r = run();
    expect(applies()).toEqual(["management", "state-backend", "management", "shared-services"]);
    expect(r.status["apex-zone-id"]).toBe("waiting");
    expect(r.out).toMatch(/Set organization\.dnsZoneId in .*acme\.yaml to Z0FAKEPARENTZONE, then re-run/);
    expect(r.steps.map((s) => s.id)).not.toContain("apply:set-nonprod"); // withheld: its certificates could not validate yet
  });

  it("then the registrar's NS records, confirmed by the operator", () => {
    writeFileSync(configFile, SET);
    const r = run();
    expect(r.status).toMatchObject({ "apex-zone-id": "done", registrar: "waiting", "apply:set-nonprod": "pending" });
    expect(r.out).toContain("dig +short NS binarynetworks.ai");
    expect(applies()).toHaveLength(4); // nothing new applied, nothing repeated
  });

  it("a failure at a workload stops the run; the re-run finishes without repeating what completed", () => {
    const failed = run({ confirm: ["registrar"] }, { LZ_FAKE_TF_FAIL: "apply:set-prod-eu" });
    expect(failed.status).toMatchObject({ "apply:set-nonprod": "ran", "apply:set-prod-eu": "failed", mfa: "pending" });
    const resumed = run();
    expect(resumed.status).toMatchObject({ "apply:state-backend": "done", "apply:set-nonprod": "done", "apply:set-prod-eu": "ran", mfa: "waiting" });
    expect(applies()).toEqual(["management", "state-backend", "management", "shared-services", "set-nonprod", "set-prod-eu", "set-prod-eu"]);
  });

  it("after MFA enrolment every local state reaches the bucket through -migrate-state, and is kept as a dated backup", () => {
    const r = run({ confirm: ["mfa"] });
    const stacks = ["state-backend", "management", "shared-services", "set-nonprod", "set-prod-eu"];
    expect(r.finished).toBe(true);
    expect(calls().filter((c) => c.args.includes("-migrate-state")).map((c) => c.dir)).toEqual(stacks);
    for (const stack of stacks) {
      const local = readFileSync(join(root, "bootstrap-state", stack, "terraform.tfstate"), "utf8");
      expect(readFileSync(join(bucket, "stacks", stack, "terraform.tfstate"), "utf8"), stack).toBe(local);
      expect(readFileSync(join(root, "bootstrap-state", stack, "terraform.tfstate.20261130100000.backup"), "utf8"), stack).toBe(local);
    }
    expect(r.out).toContain("npm run github:setup");
  });

  it("a run after the end does nothing, and no state file was ever deleted along the way", () => {
    const before = calls().length;
    const r = run();
    expect(r.finished).toBe(true);
    expect(r.steps.every((s) => s.status === "done")).toBe(true);
    expect(calls()).toHaveLength(before);
    expect([...seenStates.keys()].filter((f) => f.endsWith("terraform.tfstate")).length).toBeGreaterThanOrEqual(10);
  });

  it("refuses an unknown confirmation", () => {
    expect(() => run({ confirm: ["dns"] })).toThrow(/--confirm dns: no such step to confirm; confirmable: registrar, mfa/);
  });
});

describe("npm run bootstrap with a nonprod services account (eurus): its zone, then each holder's states with its own admin", () => {
  it("orders the steps: nonprod tier zone id after its stack; states moved per holder, the state account first", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-eurus-"));
    const lines: string[] = [];
    const r = runBootstrap({ synth, configFile: "config/examples/eurus.yaml", root, apply: false, log: (l) => lines.push(l) });
    expect(r.steps.map((s) => s.id)).toEqual([
      "apply:state-backend", "apply:state-backend-nonprod", "apply:log-archive", "apply:management", "apply:security", "apply:common-prod", "apex-zone-id", "registrar",
      "apply:common-nonprod", "nonprod-zone-id", "apply:eurus-dev", "apply:eurus-staging", "apply:eurus-prod",
      "mfa", "migrate:state-backend", "migrate:log-archive", "migrate:management", "migrate:security", "migrate:common-prod", "migrate:eurus-prod",
      "admin-common-nonprod", "migrate:state-backend-nonprod", "migrate:common-nonprod", "migrate:eurus-dev", "migrate:eurus-staging",
    ]);
    expect(r.steps.filter((s) => s.status === "done").map((s) => s.id)).toEqual(["apex-zone-id", "nonprod-zone-id"]);
    expect(lines.join("\n")).toContain("export credentials of eurus-admin in common-nonprod");
    expect(existsSync(join(root, "bootstrap-state"))).toBe(false);
  });
});

describe("npm run bootstrap on a config fresh from npm run init", () => {
  it("treats init's placeholder account and zone ids as missing: the first step creates the organization", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-init-"));
    const text = configFromExample(readFileSync("config/set.yaml", "utf8"), { from: "config/set.yaml", org: "acme", domain: "acme.example", github: "acme/platform" });
    expect(text).toContain('"000000000001"');
    mkdirSync(join(root, "config"));
    writeFileSync(join(root, "config", "acme.yaml"), text);
    const lines: string[] = [];
    const r = runBootstrap({ synth, configFile: join(root, "config", "acme.yaml"), root, apply: false, log: (l) => lines.push(l) });
    expect(r.steps.map((s) => s.id)).toEqual(["organization", "account-ids"]);
    expect(lines.join("\n")).toContain("management: id:");
  });
});

describe("npm run bootstrap with member ids but not the management account's", () => {
  it("applies the organization alone and asks for the missing id, instead of failing in synthesis", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-no-management-id-"));
    mkdirSync(join(root, "config"));
    writeFileSync(join(root, "config", "set.yaml"), SET.replace('id: "111111111111"', ""));
    const lines: string[] = [];
    const r = runBootstrap({ synth, configFile: join(root, "config", "set.yaml"), root, apply: false, log: (l) => lines.push(l) });
    expect(r.steps.map((s) => s.id)).toEqual(["organization", "account-ids"]);
    expect(lines.join("\n")).toContain('management: id: "<see terraform output account_ids>"');
  });
});

describe("npm run bootstrap with the management account holding the shared services and Identity Center (Innovate)", () => {
  it("applies the state backend with management credentials, and guides the MFA step through Identity Center", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-innovate-"));
    const lines: string[] = [];
    const r = runBootstrap({ configFile: "config/examples/innovate.yaml", root, apply: false, log: (l) => lines.push(l) });
    expect(r.steps.map((s) => s.id).slice(0, 2)).toEqual(["apply:state-backend", "apply:management"]);
    const out = lines.join("\n");
    expect(out).toContain("apply state-backend — management credentials");
    expect(out).toContain("in IAM Identity Center (MFA required at sign-in), assign yourself the admin permission set in management");
    expect(out).not.toContain("create-login-profile");
  });
});

describe("npm run bootstrap with an opt-in home region (il-central-1)", () => {
  it("first asks for the region to be enabled in the management account; once confirmed, it creates the organization", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-optin-"));
    const configFile = join(root, "config", "il.yaml");
    mkdirSync(join(root, "config"));
    writeFileSync(configFile, withoutApexZone(withoutIds(SET)).replace(/homeRegion: eu-west-1/, "homeRegion: il-central-1"));
    const lines: string[] = [];
    const waiting = runBootstrap({ synth, configFile, root, apply: false, log: (l) => lines.push(l) });
    expect(waiting.steps.map((s) => [s.id, s.status])).toEqual([["home-region", "waiting"], ["organization", "pending"], ["account-ids", "pending"]]);
    expect(lines.join("\n")).toContain("il-central-1 is an opt-in region, disabled until enabled: enable it in the management account first");
    const confirmed = runBootstrap({ synth, configFile, root, apply: false, confirm: ["home-region"], log: () => {} });
    expect(confirmed.steps.map((s) => [s.id, s.status]).slice(0, 2)).toEqual([["home-region", "done"], ["organization", "pending"]]);
    // The confirmation is remembered: the next run does not ask again.
    expect(runBootstrap({ synth, configFile, root, apply: false, log: () => {} }).steps[0]).toEqual({ id: "home-region", status: "done" });
  });

  it("asks nothing of the kind for a default-enabled home region", () => {
    const root = mkdtempSync(join(tmpdir(), "lz-bootstrap-default-region-"));
    mkdirSync(join(root, "config"));
    writeFileSync(join(root, "config", "set.yaml"), withoutApexZone(withoutIds(SET)));
    expect(runBootstrap({ synth, configFile: join(root, "config", "set.yaml"), root, apply: false, log: () => {} }).steps.map((s) => s.id)).not.toContain("home-region");
  });
});
