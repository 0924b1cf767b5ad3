/**
 * Adopting an AWS Organization that exists already: the management stack imports the organization, its existing OUs
 * and accounts (Terraform import blocks) and creates only what is new; offline verify checks the import blocks and
 * plans without them; the plan summary calls out renames and moves.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig } from "../config";
import { prepareStack } from "./verify";
import { summarizePlan, summaryMarkdown } from "./plan-summary";
import { configProblems, synthConfigFile, synthYaml } from "../test/testing";
import { importProblems } from "../stacks/offline";
import { FULL_AWS_ACCESS, scpLevelsOf, simulate } from "../test/iam-simulation";

const BROWNFIELD = readFileSync("config/test-fixtures/brownfield.yaml", "utf8");
const problems = (text: string) => configProblems(text, "b.yaml", { bootstrap: true });

describe("a brownfield organization: three existing accounts, one new", () => {
  // The new account has no id until the first apply creates it: the config is loaded as the bootstrap does.
  const stacks = synthYaml(BROWNFIELD, { bootstrap: true });
  const management = stacks.management;

  it("imports the organization, the existing OU and the three existing accounts, and nothing else", () => {
    expect(management.import).toEqual([
      { to: "aws_organizations_organization.organization", id: "o-acmebrown01" },
      { to: "aws_organizations_organizational_unit.prod", id: "ou-ac12-prod0001" },
      { to: "aws_organizations_account.shared", id: "100000000002" },
      { to: "aws_organizations_account.dev", id: "100000000003" },
      { to: "aws_organizations_account.live", id: "100000000004" },
    ]);
    expect(Object.keys(management.resource.aws_organizations_account).sort()).toEqual(["dev", "live", "sandbox", "shared"]);
    expect(Object.keys(management.resource.aws_organizations_organizational_unit).sort()).toEqual(["infrastructure", "nonprod", "prod", "sandbox"]);
    expect(importProblems(management)).toEqual([]);
  });

  it("keeps the adopted resources protected and their addresses the same as a new organization's", () => {
    const created = synthYaml(BROWNFIELD.replace(/\n {2}existing: .*\n/, "\n").replace(/\n {4}existing: true/g, ""), { bootstrap: true }).management;
    expect(created.import).toBeUndefined();
    for (const type of ["aws_organizations_organization", "aws_organizations_account", "aws_organizations_organizational_unit"]) {
      expect(Object.keys(management.resource[type]).sort(), type).toEqual(Object.keys(created.resource[type]).sort());
    }
    expect(management.resource.aws_organizations_account.live.lifecycle.prevent_destroy).toBe(true);
  });

  it("offline verify checks the import blocks and plans without them; a wrong import address fails it, naming the stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "lz-adopt-"));
    const ok = prepareStack({ config: "brownfield.yaml", stack: "management", dir, json: structuredClone(management) }, "m0");
    expect("moduleName" in ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).import).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, "imports.json"), "utf8"))).toHaveLength(5);

    const wrong = structuredClone(management);
    wrong.import[2].to = "aws_organizations_account.shared_services";
    wrong.import[0].id = "123456789012";
    const failed = prepareStack({ config: "brownfield.yaml", stack: "management", dir, json: wrong }, "m0");
    expect(failed).toMatchObject({ stack: "management", ok: false });
    expect((failed as { error: string }).error).toBe(
      "import blocks: import to aws_organizations_organization.organization: id \"123456789012\" is not a aws_organizations_organization id (^o-[a-z0-9]{10,32}$); " +
        "import to aws_organizations_account.shared_services: the stack declares no such resource",
    );
  });

  it("the plan summary lists the imports and calls out an account the plan would rename or move", () => {
    const summary = summarizePlan({
      resource_changes: [
        { address: "aws_organizations_account.dev", type: "aws_organizations_account", change: { actions: ["update"], importing: { id: "100000000003" }, before: { name: "Dev", email: "dev@acme.example", parent_id: "ou-ac12-old00001" }, after: { name: "dev", email: "dev@acme.example", parent_id: "ou-ac12-prod0001" } } },
        { address: "aws_organizations_account.live", type: "aws_organizations_account", change: { actions: ["no-op"], importing: { id: "100000000004" }, before: { name: "live" }, after: { name: "live" } } },
        { address: "aws_organizations_account.sandbox", type: "aws_organizations_account", change: { actions: ["create"], before: null, after: { name: "sandbox" } } },
      ],
    });
    expect(summary.imports).toEqual(["aws_organizations_account.dev (100000000003)", "aws_organizations_account.live (100000000004)"]);
    expect(summary.organizationChanges).toEqual([
      'aws_organizations_account.dev: name "Dev" → "dev"',
      'aws_organizations_account.dev: parent_id "ou-ac12-old00001" → "ou-ac12-prod0001"',
    ]);
    // An adopted account the plan would replace (e.g. an e-mail the provider cannot change in place) is a protected destroy.
    const replaced = summarizePlan({ resource_changes: [{ address: "aws_organizations_account.live", type: "aws_organizations_account", change: { actions: ["delete", "create"], importing: { id: "100000000004" } } }] });
    expect(replaced.protectedDestroys).toEqual(["aws_organizations_account.live (replace)"]);
    const md = summaryMarkdown("management", summary);
    expect(md).toContain("### management: 2 to import, 1 to add, 1 to change, 0 to destroy, 0 to replace");
    expect(md).toContain("renames, re-mails or moves accounts or OUs");
  });

  it("bad input, with file:line: an existing account without id, a marker without the organization, an OU of another root", () => {
    expect(problems(BROWNFIELD.replace('id: "100000000003"\n    existing: true', "existing: true"))).toEqual([
      expect.stringMatching(/^b\.yaml:\d+:\d+: accounts\[2\]\.existing: an existing account needs its id/),
    ]);
    expect(problems(BROWNFIELD.replace(/\n {2}existing: .*\n/, "\n"))).toEqual([
      expect.stringMatching(/accounts\[1\]\.existing: existing: true adopts an account of an existing organization: set organization\.existing/),
      expect.stringMatching(/accounts\[2\]\.existing/),
      expect.stringMatching(/accounts\[3\]\.existing/),
    ]);
    expect(problems(BROWNFIELD.replace("ou-ac12-prod0001", "ou-zz99-prod0001"))).toEqual([
      expect.stringMatching(/organization\.existing\.ous\.prod: ou-zz99-prod0001 is not an OU of root r-ac12 \(its ids start with ou-ac12-\)$/),
    ]);
    expect(problems(BROWNFIELD.replace("o-acmebrown01", "o-ACME"))).toEqual([
      expect.stringMatching(/organization\.existing\.id: an organization id: o- and 10–32 lowercase letters or digits, got "o-ACME"$/),
    ]);
  });
});

describe("eurus adopts its pre-existing organization and accounts (its design: they must exist before)", () => {
  const config = loadConfigFile("config/examples/eurus.yaml");
  const management = synthConfigFile("config/examples/eurus.yaml").management;
  it("imports the organization and the five accounts the design says exist; the new security and log-archive accounts are created", () => {
    expect(config.organization.existing?.id).toMatch(/^o-/);
    const imported = (management.import as { to: string }[]).map((i) => i.to);
    expect(imported.filter((t) => t.startsWith("aws_organizations_account.")).sort()).toEqual(
      ["common-nonprod", "common-prod", "eurus-dev", "eurus-prod", "eurus-staging"].map((a) => `aws_organizations_account.${a}`),
    );
    expect(imported).toContain("aws_organizations_organization.organization");
    expect(imported).not.toContain("aws_organizations_account.security");
    expect(importProblems(management)).toEqual([]);
  });
});

describe("an organization run by AWS Control Tower (brownfield, Control Tower governing eu-west-1 and owning the prod OU)", () => {
  const yaml = BROWNFIELD.replace(
    "existing: { id: o-acmebrown01, rootId: r-ac12, ous: { prod: ou-ac12-prod0001 } }",
    "existing: { id: o-acmebrown01, rootId: r-ac12, ous: { prod: ou-ac12-prod0001 }, controlTower: { governedRegions: [eu-west-1], ous: [prod] } }",
  );
  const config = parseConfig(yaml, "ct.yaml", { bootstrap: true });
  const all = synthYaml(BROWNFIELD.replace(/\n {2}- name: sandbox\n {4}role: sandbox\n {4}email: sandbox@acme\.example/, "").replace(
    "existing: { id: o-acmebrown01, rootId: r-ac12, ous: { prod: ou-ac12-prod0001 } }",
    "existing: { id: o-acmebrown01, rootId: r-ac12, ous: { prod: ou-ac12-prod0001 }, controlTower: { governedRegions: [eu-west-1], ous: [prod] } }",
  ));
  const management = all.management;

  it("leaves Control Tower's trail, its Config and its OU alone", () => {
    expect(config.organization.existing?.controlTower?.governedRegions).toEqual(["eu-west-1"]);
    expect(management.resource.aws_cloudtrail).toBeUndefined();
    expect(management.resource.aws_cloudwatch_log_metric_filter).toBeUndefined();
    expect(Object.keys(management.resource.aws_organizations_organizational_unit)).not.toContain("prod");
    expect((management.import as { to: string }[]).map((i) => i.to)).not.toContain("aws_organizations_organizational_unit.prod");
    expect(management.resource.aws_organizations_account.live.parent_id).toBe("ou-ac12-prod0001");
    for (const [name, stack] of Object.entries(all)) {
      const recorders = Object.values((stack.resource?.aws_config_configuration_recorder ?? {}) as Record<string, { provider?: string; recording_group: { include_global_resource_types: boolean } }>);
      if (name.startsWith("state-backend")) continue;
      expect(recorders.map((r) => r.provider), name).toEqual(["aws.region_eu_central_1"]); // eu-west-1 is Control Tower's
      expect(recorders[0].recording_group.include_global_resource_types, name).toBe(false); // Control Tower records IAM in its home region
    }
  });

  it("the guardrails exempt Control Tower's roles and guard its execution role like the break-glass role", async () => {
    const dev = config.accounts.find((a) => a.name === "dev")!;
    const scpLevels = scpLevelsOf(management, dev);
    const as = (role: string, action: string, resource: string) =>
      simulate({
        principal: `arn:aws:iam::${dev.id}:role/${role}`, action, resource, resourceAccount: dev.id!,
        identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }], scpLevels,
        context: { "aws:PrincipalAccount": dev.id!, "aws:RequestedRegion": "eu-west-1" },
      });
    const recorder = `arn:aws:config:eu-west-1:${dev.id}:configuration-recorder/aws-controltower-BaselineConfigRecorder/abc123`;
    expect(await as("AWSControlTowerExecution", "config:StopConfigurationRecorder", recorder)).toBe("Allowed");
    expect(await as("acme-admin", "config:StopConfigurationRecorder", recorder)).toBe("ExplicitlyDenied");
    expect(await as("acme-admin", "iam:UpdateAssumeRolePolicy", `arn:aws:iam::${dev.id}:role/AWSControlTowerExecution`)).toBe("ExplicitlyDenied");
    expect(await as("acme-admin", "sts:AssumeRole", `arn:aws:iam::${dev.id}:role/AWSControlTowerExecution`)).toBe("ExplicitlyDenied");
  });

  it("refuses a governed region the organization does not allow, and a Control Tower OU without its id", () => {
    expect(problems(yaml.replace("governedRegions: [eu-west-1]", "governedRegions: [us-east-1]").replace("ous: [prod] }", "ous: [security] }"))).toEqual([
      expect.stringMatching(/organization\.existing\.controlTower\.governedRegions\[0\]: us-east-1 is not in organization\.allowedRegions \(eu-west-1, eu-central-1\)$/),
      expect.stringMatching(/organization\.existing\.controlTower\.ous\[0\]: "security" needs its id in organization\.existing\.ous/),
    ]);
  });
});
