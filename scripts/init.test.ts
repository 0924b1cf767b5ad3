import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_SETTING, loadConfigFile, parseConfig, selectedConfigFile, shippedConfigFiles } from "../config";
import { UsageError } from "../cli";
import { synthConfig } from "../test/testing";
import { configFromExample, initConfig, parseInitArgs, SINGLE_REGION_NOTE } from "./init";
import { strangerConfigText } from "./stranger";

function scratchRepo(): string {
  const root = mkdtempSync(join(tmpdir(), "lz-init-"));
  mkdirSync(join(root, "config", "examples"), { recursive: true });
  for (const file of [...shippedConfigFiles(), "cdktf.json"]) copyFileSync(file, join(root, file));
  return root;
}

describe("npm run init: your own organization from an example", () => {
  it("writes a config for acme from S.E.T, with its regions, domain, repository and e-mails, and selects it", () => {
    const root = scratchRepo();
    const out = initConfig(parseInitArgs(["--from", "config/set.yaml", "--org", "acme", "--domain", "acme.example", "--github", "acme/platform", "--regions", "us-east-1,us-west-2"]), root);
    expect(out).toBe("config/acme.yaml");
    expect(selectedConfigFile(root)).toBe("config/acme.yaml");
    expect(JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context[CONFIG_SETTING]).toBe("config/acme.yaml");
    const config = loadConfigFile(join(root, out));
    expect(config.organization).toMatchObject({ name: "acme", homeRegion: "us-east-1", allowedRegions: ["us-east-1", "us-west-2"], dnsDomain: "acme.example" });
    expect(config.organization.dnsZoneId).toBe("Z0PLACEHOLDERAPEX");
    expect(config.ci.github).toMatchObject({ owner: "acme", repo: "platform" });
    expect(config.accounts.map((a) => [a.name, a.region, a.email])).toContainEqual(["set-prod-il", "us-west-2", "aws-set-prod-il@acme.example"]);
    expect(config.tiers.prod!.backup.crossRegionCopy).toEqual(["us-west-2", "us-east-1"]);
    expect(config.accounts.filter((a) => a.id).map((a) => a.id)).toEqual(["000000000001", "000000000002", "000000000003", "000000000004"]);
    expect(readFileSync(join(root, out), "utf8")).toContain("# placeholder: set the id the management stack's account_ids output prints");
    expect(readFileSync(join(root, out), "utf8")).toContain("dnsZoneId: Z0PLACEHOLDERAPEX # placeholder: set the parent_zone_id the bootstrap prints");
    const stacks = synthConfig(config);
    expect(Object.keys(stacks).sort()).toEqual(["management", "set-nonprod", "set-prod-eu", "shared-services", "state-backend"]);
    expect(stacks["set-prod-eu"].provider.aws[0].region).toBe("us-east-1");
    expect(Object.keys(stacks["set-prod-eu"].resource.aws_subnet)).toHaveLength(9);
  });

  it("writes only inside the repository (cdktf.json and CI name the config from there), and names a missing --from", () => {
    const root = scratchRepo();
    const options = { from: "config/set.yaml", org: "acme", domain: "acme.example", github: "acme/platform" };
    const outside = join(mkdtempSync(join(tmpdir(), "lz-init-outside-")), "acme.yaml");
    expect(() => initConfig({ ...options, out: outside }, root)).toThrow(new UsageError(`--out ${outside}: the config must be inside the repository (CI reads the selected config from it), e.g. config/<org>.yaml`));
    expect(() => initConfig({ ...options, out: "../acme.yaml" }, root)).toThrow(UsageError);
    expect(() => initConfig({ ...options, from: "config/nope.yaml" }, root)).toThrow("--from config/nope.yaml: no such file");
    expect(readdirSync(join(root, "config")).filter((f) => f.startsWith("acme"))).toEqual([]);
    expect(JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context[CONFIG_SETTING]).toBe(JSON.parse(readFileSync("cdktf.json", "utf8")).context[CONFIG_SETTING]);
    // An absolute path inside the repository is recorded from its root.
    expect(initConfig({ ...options, out: join(root, "config", "teams", "acme.yaml") }, root)).toBe("config/teams/acme.yaml");
    expect(JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).context[CONFIG_SETTING]).toBe("config/teams/acme.yaml");
  });

  it.each(shippedConfigFiles())("works from %s (the result loads)", (example) => {
    const root = scratchRepo();
    const out = initConfig({ from: example, org: "acme", domain: "acme.example", github: "acme/platform" }, root);
    expect(loadConfigFile(join(root, out)).organization.name).toBe("acme");
  });

  it("never overwrites a config, and fails on an option it does not know", () => {
    const root = scratchRepo();
    const options = { from: "config/set.yaml", org: "acme", domain: "acme.example", github: "acme/platform" };
    initConfig(options, root);
    const before = readFileSync(join(root, "config/acme.yaml"), "utf8");
    expect(() => initConfig(options, root)).toThrow("config/acme.yaml exists already; init never overwrites a config");
    expect(readFileSync(join(root, "config/acme.yaml"), "utf8")).toBe(before);
    expect(() => parseInitArgs(["--from", "config/set.yaml", "--orgname", "x"])).toThrow(UsageError);
    expect(() => parseInitArgs(["--from", "config/set.yaml", "--org", "acme", "--domain", "acme.example"])).toThrow("--github is required");
  });
});

describe("a stranger's config: another org in us-east-1, three workloads, ECS in nonprod and EKS in prod", () => {
  it("loads and synthesizes, each tier on its platform, with zones of its own region", () => {
    const out = "config/acme.yaml";
    const text = strangerConfigText(readFileSync("config/set.yaml", "utf8"));
    const config = parseConfig(text, out);
    const workloads = config.accounts.filter((a) => a.enabled && a.role === "workload").map((a) => a.name);
    expect(workloads).toEqual(["set-nonprod", "set-prod-eu", "acme-prod-2"]);
    const stacks = synthConfig(config);
    expect(Object.keys(stacks["set-nonprod"].resource.aws_ecs_cluster ?? {})).toHaveLength(1);
    for (const prod of ["set-prod-eu", "acme-prod-2"]) {
      expect(Object.keys(stacks[prod].resource.aws_eks_cluster ?? {}), prod).toHaveLength(1);
      expect(stacks[prod].resource.aws_ecs_cluster, prod).toBeUndefined();
      const zones = Object.values(stacks[prod].resource.aws_subnet as Record<string, { availability_zone: string }>).map((s) => s.availability_zone);
      expect(new Set(zones)).toEqual(new Set(["us-east-1a", "us-east-1b", "us-east-1c"]));
    }
    expect(stacks["acme-prod-2"].terraform.backend.s3.key).toBe("stacks/acme-prod-2/terraform.tfstate");
  });
});

describe("npm run init from an example that adopts an organization (eurus)", () => {
  it("starts a new organization: the example's organization.existing and accounts' existing markers are dropped", () => {
    const text = configFromExample(readFileSync("config/examples/eurus.yaml", "utf8"), { from: "config/examples/eurus.yaml", org: "acme", domain: "acme.example", github: "acme/platform" });
    expect(text).not.toMatch(/existing/);
    const config = parseConfig(text, "acme.yaml", { bootstrap: true });
    expect(config.organization.existing).toBeUndefined();
    expect(config.accounts.some((a) => a.existing)).toBe(false);
  });
});

it("marks an example's Identity Center instance as a placeholder (Innovate)", () => {
  const text = configFromExample(readFileSync("config/examples/innovate.yaml", "utf8"), { from: "config/examples/innovate.yaml", org: "acme", domain: "acme.example", github: "acme/platform" });
  expect(text).toMatch(/instanceArn: arn:aws:sso:::instance\/ssoins-0000000000000000 # placeholder: enable IAM Identity Center/);
});

describe.each(["config/set.yaml", ...shippedConfigFiles().filter((f) => f.startsWith("config/examples/"))])("npm run init from %s with a single region", (from) => {
  it("writes a config that loads: cross-region backup copies (nowhere to go) are removed, and the file says why", () => {
    const text = configFromExample(readFileSync(from, "utf8"), { from, org: "solo", domain: "solo.example", github: "solo/platform", regions: ["ca-central-1"] });
    const config = parseConfig(text, "config/solo.yaml");
    expect(config.organization.allowedRegions).toEqual(["ca-central-1"]);
    for (const tier of Object.values(config.tiers)) expect(tier?.backup.crossRegionCopy ?? []).toEqual([]);
    const hadCopies = /crossRegionCopy: \[\s*[a-z]/.test(readFileSync(from, "utf8"));
    expect(text.includes(SINGLE_REGION_NOTE)).toBe(hadCopies);
  });
});
