import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configWarnings, formatProblem, loadConfigFile, parseConfig, shippedConfigFiles } from ".";
import { configProblems } from "../test/testing";

const fixture = (name: string) => `config/test-fixtures/${name}.yaml`;

function problemsOf(file: string): string[] {
  try {
    loadConfigFile(file);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error(`${file} loaded without errors`);
}

/** One failing fixture per rule, with the exact message (file:line:col, config path, what is allowed). */
const cases: [string, string[]][] = [
  ["unknown-key", ['config/test-fixtures/unknown-key.yaml:19:5: accounts[2].regon: unknown key "regon" (did you mean "region"?); allowed: name, role, tier, email, id, region, ou, enabled, existing, sharedServices, network, budget, dns']],
  ["bad-enum", ['config/test-fixtures/bad-enum.yaml:18:11: accounts[2].tier: must be one of: "nonprod" | "prod", got "staging"']],
  ["duplicate-name", ['config/test-fixtures/duplicate-name.yaml:22:11: accounts[3].name: account name "dev" is already used at index 2; account names must be unique']],
  ["two-management", [
    "config/test-fixtures/two-management.yaml:8:3: accounts: at least one enabled account must have role: shared-services (it holds ECR, DNS and the Terraform state), or the management account sharedServices: true",
    "config/test-fixtures/two-management.yaml:13:11: accounts[1].role: exactly one account must have role: management (found 2)",
  ]],
  ["no-shared-services", ["config/test-fixtures/no-shared-services.yaml:8:3: accounts: at least one enabled account must have role: shared-services (it holds ECR, DNS and the Terraform state), or the management account sharedServices: true"]],
  ["overlapping-cidr", ['config/test-fixtures/overlapping-cidr.yaml:27:22: accounts[3].network.cidr: 10.1.128.0/17 overlaps 10.1.0.0/16 of account "dev"; workload CIDRs must not overlap']],
  ["invalid-cidr", ['config/test-fixtures/invalid-cidr.yaml:27:22: accounts[3].network.cidr: "10.2.300.0/16" has an octet above 255']],
  ["region-not-allowed", ["config/test-fixtures/region-not-allowed.yaml:25:13: accounts[3].region: region us-east-1 is not in organization.allowedRegions (eu-west-1, eu-central-1)"]],
  ["eks-single-az", ["config/test-fixtures/eks-single-az.yaml:31:25: tiers.nonprod.network.azCount: an EKS cluster needs subnets in at least 2 availability zones: set azCount ≥ 2"]],
  ["prod-single-az", [
    "config/test-fixtures/prod-single-az.yaml:39:25: tiers.prod.network.azCount: a prod network spans at least 2 availability zones (got 1)",
    "config/test-fixtures/prod-single-az.yaml:43:56: tiers.prod.database.multiAz: a Multi-AZ database needs network.azCount ≥ 2",
    "config/test-fixtures/prod-single-az.yaml:44:50: tiers.prod.cache.multiAz: Multi-AZ Redis needs network.azCount ≥ 2",
  ]],
  ["backup-retention", ["config/test-fixtures/backup-retention.yaml:43:83: tiers.prod.database.backupRetentionDays: 36 is outside 1–35 days (RDS point-in-time recovery window)"]],
  ["name-too-long", ['config/test-fixtures/name-too-long.yaml:2:9: organization.name: at most 20 characters, got "acme-very-long-org-name"']],
  ["derived-name-too-long", ['config/test-fixtures/derived-name-too-long.yaml:49:15: identity.extraRoles[0].name: IAM role name "acme-data-engineering-read-only-access-for-the-analytics-warehouse" is 66 characters; AWS allows at most 64']],
  ["unquoted-id", ['config/test-fixtures/unquoted-id.yaml:20:9: accounts[2].id: must be a quoted string of exactly 12 digits, e.g. "012345678901" (unquoted, YAML reads a number and drops leading zeros)']],
  ["missing-id", ['config/test-fixtures/missing-id.yaml:22:11: accounts[3].name: enabled account "live" has no id: apply the management stack (npm run synth -- --bootstrap), then set id: "<12 digits>", or set enabled: false until it exists']],
  ["fargate-memory", ["config/test-fixtures/fargate-memory.yaml:41:32: tiers.prod.compute.api.memory: 512 MiB is not valid with cpu 512; allowed: 1024 | 2048 | 3072 | 4096"]],
  ["unknown-group", ['config/test-fixtures/unknown-group.yaml:52:37: identity.users[0].groups[1]: unknown group "admins"; groups: devs']],
  ["unknown-role", ['config/test-fixtures/unknown-role.yaml:50:55: identity.groups[0].roles.prod[1]: unknown role "superuser"; roles: admin, developer, readonly, terraform-deploy, terraform-plan']],
  ["workload-without-network", ["config/test-fixtures/workload-without-network.yaml:23:11: accounts[3].role: a workload account needs network.cidr"]],
  ["too-many-scps", ['config/test-fixtures/too-many-scps.yaml:57:11: guardrails.attach.prod: OU "prod" would get 6 SCPs (FullAWSAccess + 5); AWS allows at most 5 per OU or account']],
  ["unknown-guardrail", ['config/test-fixtures/unknown-guardrail.yaml:55:21: guardrails.attach.nonprod[1]: unknown guardrail "no-such-guardrail"; guardrails: core, protect-audit, protect-landing-zone, restrict-regions']],
  ["machine-user-in-human-group", ['config/test-fixtures/machine-user-in-human-group.yaml:53:47: identity.users[1].groups[0]: machine user "svc-ci" cannot join human group "devs": humans assume roles only with MFA, machine users cannot use MFA']],
  ["budget-without-emails", ["config/test-fixtures/budget-without-emails.yaml:2:3: organization: accounts have budgets but organization.budgetAlertEmails is empty: nobody would be alerted"]],
  ["unknown-region", [
    'config/test-fixtures/unknown-region.yaml:5:45: organization.allowedRegions[2]: unknown AWS region "us-west-3"; closest: us-west-1, us-west-2, eu-west-3',
    'config/test-fixtures/unknown-region.yaml:28:13: accounts[3].region: unknown AWS region "us-west-3"; closest: us-west-1, us-west-2, eu-west-3',
  ]],
  ["az-count-too-high", ['config/test-fixtures/az-count-too-high.yaml:40:25: tiers.prod.network.azCount: azCount 4 is more than the 3 availability zones of eu-west-1 (account "live")']],
  ["platform-keys-ignored", [
    "config/test-fixtures/platform-keys-ignored.yaml:35:12: tiers.nonprod.compute.api: compute.api sizes ECS Fargate services; this tier runs platform: eks (remove it, or set platform: ecs)",
    "config/test-fixtures/platform-keys-ignored.yaml:36:16: tiers.nonprod.compute.workers: compute.workers sizes ECS Fargate services; this tier runs platform: eks (remove it, or set platform: ecs)",
    "config/test-fixtures/platform-keys-ignored.yaml:46:12: tiers.prod.compute.eks: compute.eks configures an EKS cluster; this tier runs platform: ecs (remove it, or set platform: eks)",
  ]],
  ["budget-too-large", ["config/test-fixtures/budget-too-large.yaml:30:27: accounts[3].budget.monthlyUsd: at most 1000000 USD a month, got 1e+308"]],
  ["missing-zone-id", ["config/test-fixtures/missing-zone-id.yaml:2:3: organization: organization.dnsZoneId is required: the zones of dev, live are delegated from acme.example, and their certificates validate only through that delegation. Apply shared's stacks (npm run bootstrap), then set it to the shared-services stack's parent_zone_id output"]],
  ["yaml-syntax", ["config/test-fixtures/yaml-syntax.yaml:4:3: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]"]],
];

describe("config loader", () => {
  it("loads the minimal valid fixture", () => {
    const config = loadConfigFile(fixture("valid-minimal"));
    expect(config.accounts.map((a) => [a.name, a.tier, a.ou, a.region])).toEqual([
      ["management", "prod", null, "eu-west-1"],
      ["shared", "prod", "infrastructure", "eu-west-1"],
      ["dev", "nonprod", "nonprod", "eu-west-1"],
      ["live", "prod", "prod", "eu-west-1"],
    ]);
    expect(config.stateAccountName).toBe("shared");
  });

  it("gives every caller a config of its own, and parses changed text again", () => {
    const text = readFileSync(fixture("valid-minimal"), "utf8");
    const first = parseConfig(text, "a.yaml");
    first.accounts[0].name = "changed by a caller";
    const second = parseConfig(text, "a.yaml");
    expect(second.accounts[0].name).toBe("management");
    expect(second).not.toBe(parseConfig(text, "a.yaml"));
    expect(parseConfig(text.replace("dnsDomain: acme.example", "dnsDomain: other.example"), "a.yaml").organization.dnsDomain).toBe("other.example");
    expect(() => parseConfig(`${text}\nunknownKey: 1\n`, "a.yaml")).toThrow(ConfigError);
  });

  it.each(cases)("rejects %s with file:line:col, path and what is allowed", (name, expected) => {
    expect(problemsOf(fixture(name))).toEqual(expected);
  });

  it("reports every problem at once, in file order", () => {
    expect(problemsOf(fixture("multiple-errors"))).toEqual([
      `config/test-fixtures/multiple-errors.yaml:2:9: organization.name: lowercase letters, digits and '-' only; starts with a letter, does not end with '-', got "Acme"`,
      'config/test-fixtures/multiple-errors.yaml:7:3: organization.colour: unknown key "colour"; allowed: name, homeRegion, allowedRegions, dnsDomain, dnsZoneId, existing, budgetAlertEmails, tags',
      'config/test-fixtures/multiple-errors.yaml:11:12: accounts[0].email: must be an e-mail address, got "not-an-email"',
    ]);
  });

  it("error message lists every problem and the file", () => {
    expect(() => loadConfigFile(fixture("prod-single-az"))).toThrow(/^3 problems in config\/test-fixtures\/prod-single-az\.yaml:\n {2}config\//);
  });

  it("a missing file is a config error naming it", () => {
    expect(problemsOf("config/does-not-exist.yaml")[0]).toMatch(/^config\/does-not-exist\.yaml:1:1: cannot read the file: ENOENT/);
  });

  it("bootstrap mode accepts member accounts without ids", () => {
    const text = readFileSync(fixture("missing-id"), "utf8");
    expect(() => parseConfig(text, "x.yaml")).toThrow(ConfigError);
    expect(parseConfig(text, "x.yaml", { bootstrap: true }).accounts[3].id).toBeUndefined();
  });

  it("YAML anchors and aliases work; an alias bomb is a problem at its first alias, not a crash", () => {
    const set = readFileSync("config/set.yaml", "utf8");
    const shared = set.replace('engineVersion: "16.4"', 'engineVersion: &pg "16.4"').replace(/(prod:\n(?:.*\n)*?\s+database:\n\s+)engineVersion: "16.4"/, "$1engineVersion: *pg");
    expect(shared).toContain("engineVersion: *pg");
    expect(parseConfig(shared, "s.yaml").tiers.prod!.database.engineVersion).toBe("16.4");
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(", ")}]`;
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", level("b", "a"), level("c", "b"), level("d", "c"), level("e", "d")].join("\n");
    expect(configProblems(bomb, "bomb.yaml")).toEqual(["bomb.yaml:2:8: YAML aliases: Excessive alias count indicates a resource exhaustion attack (at most 100 alias expansions)"]);
  });

  it("several shared-services accounts need state.account", () => {
    const text = readFileSync(fixture("valid-minimal"), "utf8").replace(
      "  - name: dev\n",
      '  - name: shared-prod\n    role: shared-services\n    email: sp@acme.example\n    id: "100000000009"\n  - name: dev\n',
    );
    expect(() => parseConfig(text, "x.yaml")).toThrow(/x\.yaml:1:1: state: there are 2 shared-services accounts \(shared, shared-prod\): set state\.account/);
    expect(parseConfig(`${text}state: { account: shared-prod }\n`, "x.yaml").stateAccountName).toBe("shared-prod");
  });

  describe("resource control policies and the security administrator", () => {
    const set = readFileSync("config/set.yaml", "utf8");
    const problems = (text: string) => configProblems(text, "s.yaml");
    it("an RCP attached that does not exist, or too many on one OU", () => {
      const rcps = (list: string) => set.replace("audit:\n", `guardrails:\n  resourceControls:\n    attach:\n      prod: [${list}]\naudit:\n`);
      expect(problems(rcps("data-perimeter, no-such-rcp"))).toEqual([
        expect.stringMatching(/^s\.yaml:\d+:\d+: guardrails\.resourceControls\.attach\.prod\[1\]: unknown resource control policy "no-such-rcp"; resource control policies: data-perimeter$/),
      ]);
      expect(problems(rcps("data-perimeter, data-perimeter, data-perimeter, data-perimeter, data-perimeter"))).toEqual([
        expect.stringMatching(/guardrails\.resourceControls\.attach\.prod: OU "prod" would get 6 RCPs \(RCPFullAWSAccess \+ 5\); AWS allows at most 5 per OU or account$/),
      ]);
    });
    it("a custom SCP or RCP over AWS's 5,120 characters is refused at load, naming its size", () => {
      const statement = `{ Effect: Deny, Action: "s3:${"x".repeat(5200)}", Resource: "*" }`;
      const big = set.replace("audit:\n", `guardrails:\n  custom:\n    - name: big\n      statements: [${statement}]\naudit:\n`);
      expect(problems(big)).toEqual([expect.stringMatching(/guardrails\.custom\[0\]\.statements: guardrail "big" is 52\d\d characters minified; AWS allows at most 5120$/)]);
    });
    it("the security administrator is an enabled prod member account", () => {
      expect(problems(`${set}security: { administrator: management }\n`)).toEqual([
        expect.stringMatching(/security\.administrator: "management" must name an enabled member account \(AWS advises against the management account\): one of shared-services, set-nonprod, set-prod-eu$/),
      ]);
      expect(problems(`${set}security: { administrator: set-nonprod }\n`)).toEqual([
        expect.stringMatching(/security\.administrator: "set-nonprod" is tier nonprod; the organization's security findings belong in a prod-tier account$/),
      ]);
      expect(parseConfig(`${set}security: { administrator: set-prod-eu }\n`, "s.yaml").securityAccountName).toBe("set-prod-eu");
    });
  });

  describe("a shared-services account per tier", () => {
    const eurus = readFileSync("config/examples/eurus.yaml", "utf8");
    it("the state account must be the prod one", () => {
      expect(() => parseConfig(eurus.replace("  account: common-prod ", "  account: common-nonprod "), "e.yaml")).toThrow(
        /e\.yaml:\d+:\d+: state\.account: "common-nonprod" is tier nonprod; the state account holds management and prod state/,
      );
    });
    it("the audit archive stays out of the nonprod services account", () => {
      expect(() => parseConfig(eurus.replace("state:\n", "audit: { account: common-nonprod }\nstate:\n"), "e.yaml")).toThrow(
        /e\.yaml:\d+:\d+: audit\.account: "common-nonprod" is tier nonprod; the organization's audit logs belong in a prod-tier account/,
      );
    });
    it("at most one nonprod shared-services account", () => {
      const twice = eurus.replace("  - { name: common-prod,", '  - { name: common-nonprod-2, role: shared-services, tier: nonprod, email: x@eurus.example, id: "840000000009" }\n  - { name: common-prod,');
      expect(() => parseConfig(twice, "e.yaml")).toThrow(/e\.yaml:29:60: accounts\[2\]\.tier: at most one enabled nonprod shared-services account: common-nonprod and common-nonprod-2/);
    });
    it("dns.zoneId only on the nonprod services account", () => {
      const misplaced = eurus.replace("dns: { subdomain: app }", "dns: { subdomain: app, zoneId: Z0123456789 }");
      expect(() => parseConfig(misplaced, "e.yaml")).toThrow(/e\.yaml:32:\d+: accounts\[5\]\.dns\.zoneId: dns\.zoneId belongs only on a nonprod shared-services account/);
      expect(parseConfig(eurus.replace("zoneId: Z00000000EURUSNONPROD }", "zoneId: Z0123456789 }"), "e.yaml").accounts[1].dnsZoneId).toBe("Z0123456789");
    });
  });

  describe("values AWS or GitHub would refuse only at apply time are refused at load", () => {
    const set = readFileSync("config/set.yaml", "utf8");
    const problems = (text: string) => configProblems(text, "s.yaml");
    it("tags: AWS's characters, no aws: or lz: keys; letters of any script are fine", () => {
      const tagged = (tags: string) => set.replace(/\n  tags:\n(    .*\n)+/, `\n  tags: ${tags}\n`);
      expect(problems(tagged('{ team: "a*b" }'))).toEqual([expect.stringMatching(/^s\.yaml:\d+:\d+: organization\.tags\.team: tag values: letters, digits, spaces and _\.:\/=\+-@ only, got "a\*b"$/)]);
      expect(problems(tagged('{ "aws:team": x }'))).toEqual([expect.stringMatching(/organization\.tags\.aws:team: tag keys starting with aws: are reserved by AWS, got "aws:team"$/)]);
      expect(problems(tagged('{ "lz:tier": x }'))).toEqual([expect.stringMatching(/organization\.tags\.lz:tier: tag keys starting with lz: are the landing zone's own/)]);
      expect(problems(tagged('{ "équipe": "Zürich Ops", cost-centre: "" }'))).toEqual([]);
      expect(parseConfig(tagged('{ "équipe": "Zürich Ops" }'), "s.yaml").organization.tags).toEqual({ "équipe": "Zürich Ops" });
    });
    it("engine versions of a PostgreSQL or DocumentDB that exists", () => {
      expect(problems(set.replace('engineVersion: "16.4"', 'engineVersion: "0"'))).toEqual([
        expect.stringMatching(/^s\.yaml:\d+:\d+: tiers\.nonprod\.database\.engineVersion: a PostgreSQL version of major 10 or later, such as 16\.4 or 17, got "0"$/),
      ]);
      expect(problems(set.replace('engineVersion: "16.4"', 'engineVersion: "17"'))).toEqual([]);
    });
    it("a GitHub environment name of at most 255 characters", () => {
      const env = (name: string) => set.replace("requireApproval: true, environment: production }", `requireApproval: true, environment: ${name} }`);
      expect(env("x")).toContain("environment: x }");
      expect(problems(env("x".repeat(256)))).toEqual([expect.stringMatching(/tiers\.prod\.deploy\.environment: GitHub environment names: at most 255 characters, got "x+\.\.\.$/)]);
      expect(problems(env("x".repeat(255)))).toEqual([]);
    });
  });

  it("refuses one GitHub environment for both tiers (the nonprod CI role would trust prod's subject)", () => {
    const text = readFileSync(fixture("valid-minimal"), "utf8").replace("deploy: { branch: develop, requireApproval: false }", "deploy: { branch: develop, requireApproval: false, environment: production }");
    expect(() => parseConfig(text, "x.yaml")).toThrow(/x\.yaml:\d+:\d+: tiers\.nonprod\.deploy\.environment: nonprod and prod deploy in the same GitHub environment "production"/);
  });

  it.each(shippedConfigFiles())("shipped config %s is valid", (file) => {
    expect(loadConfigFile(file).accounts.length).toBeGreaterThan(1);
  });
});

describe("warnings: deliberate weakenings synth prints", () => {
  it("governance-mode audit Object Lock or prod Vault Lock is allowed, and named with its trade-off; the defaults warn about nothing", () => {
    expect(configWarnings(loadConfigFile("config/set.yaml"))).toEqual([]);
    const text = readFileSync(fixture("valid-minimal"), "utf8")
      .concat("audit: { objectLockMode: governance }\n")
      .replace("backup: { retentionDays: 7, crossRegionCopy: [eu-central-1] }", "backup: { retentionDays: 7, crossRegionCopy: [eu-central-1], vaultLock: { mode: governance } }");
    expect(configWarnings(parseConfig(text, "w.yaml"))).toEqual([
      expect.stringMatching(/^w\.yaml: audit\.objectLockMode: governance mode: an admin with s3:BypassGovernanceRetention can delete/),
      expect.stringMatching(/^w\.yaml: tiers\.prod\.backup\.vaultLock\.mode: governance mode: privileged IAM principals can remove the Vault Lock/),
    ]);
  });
});
