/**
 * Opt-in regions (disabled in every account until enabled): the management stack enables each allowed one in every
 * enabled account, itself included, and whatever it creates in such a region waits for that. On every shipped config
 * and the selected one (S.E.T allows il-central-1, an opt-in region).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configWarnings, enabledAccounts, isOptInRegion, loadConfigFile, managementAccount, parseConfig, shippedConfigFiles } from "../config";
import { toLogicalId } from "../modules/lib/address";
import { resources, synthConfigFile, type StackJson } from "../test/testing";

const enablementOf = (account: string, region: string) => `aws_account_region.${toLogicalId(`${account}_${region}`)}`;

describe("opt-in regions", () => {
  it("are the regions AWS launched disabled (after March 2019)", () => {
    expect(["il-central-1", "me-central-1", "ap-southeast-3", "eu-central-2", "af-south-1", "mx-central-1"].every(isOptInRegion)).toBe(true);
    expect(["us-east-1", "eu-west-1", "eu-central-1", "ap-northeast-1", "sa-east-1", "ap-south-1"].some(isOptInRegion)).toBe(false);
  });
});

describe.each(shippedConfigFiles())("opt-in regions of %s", (file) => {
  const config = loadConfigFile(file);
  const management = managementAccount(config);
  const optIn = config.organization.allowedRegions.filter(isOptInRegion);

  for (const bootstrap of [false, true]) {
    it(`${bootstrap ? "bootstrap synth (organization only)" : "synth"}: every enabled account enables every opt-in region, through trusted access`, () => {
      const stack = synthConfigFile(file, { bootstrap })[management.name];
      const enabled = resources(stack, "aws_account_region");
      const principals = resources(stack, "aws_organizations_organization").organization.aws_service_access_principals as string[];
      const accounts = enabledAccounts(config).filter((a) => bootstrap || a.id);
      expect(Object.keys(enabled).sort()).toEqual(accounts.flatMap((a) => optIn.map((r) => toLogicalId(`${a.name}_${r}`))).sort());
      for (const account of accounts) {
        for (const region of optIn) {
          const r = enabled[toLogicalId(`${account.name}_${region}`)];
          expect(r).toMatchObject({ region_name: region, enabled: true, depends_on: ["aws_organizations_organization.organization"] });
          expect(r.timeouts).toEqual({ create: "4h", update: "4h" }); // AWS may take hours; the provider waits 60 min
          // The management account cannot name itself (EnableRegion in standalone context); a member is named by id.
          expect(r.account_id).toBe(account.name === management.name ? undefined : `\${aws_organizations_account.${toLogicalId(account.name)}.id}`);
        }
      }
      expect(principals.includes("account.amazonaws.com")).toBe(optIn.length > 0);
    });
  }

  it("whatever the management stack creates in an opt-in region, in its own or a member account, waits for the region", () => {
    const stack = synthConfigFile(file)[management.name];
    const nameOfId = new Map(config.accounts.filter((a) => a.id).map((a) => [a.id!, a.name]));
    const providers = new Map<string, { region: string; account: string }>(
      (stack.provider.aws as StackJson[]).map((p) => [p.alias ? `aws.${p.alias}` : "aws", { region: p.region, account: nameOfId.get(p.allowed_account_ids?.[0]) ?? management.name }]),
    );
    /** Opt-in regions a resource names as a whole value (an aggregator's linked regions), not inside a policy text. */
    const named = (value: unknown): string[] =>
      typeof value === "string" ? (isOptInRegion(value) ? [value] : []) : value && typeof value === "object" ? Object.values(value).flatMap(named) : [];
    let waiting = 0;
    let linking = 0;
    for (const [type, byName] of Object.entries(stack.resource as Record<string, Record<string, StackJson>>)) {
      if (type === "aws_account_region") continue;
      for (const [name, r] of Object.entries(byName)) {
        const target = providers.get(r.provider ?? "aws")!;
        const { depends_on: _, ...attributes } = r;
        const linked = named(attributes).filter((region) => region !== target.region);
        for (const region of new Set([...(isOptInRegion(target.region) ? [target.region] : []), ...linked])) {
          expect(r.depends_on, `${type}.${name} (${region})`).toContain(enablementOf(target.account, region));
        }
        if (isOptInRegion(target.region)) waiting++;
        if (linked.length) linking++;
      }
    }
    if (optIn.length) expect([waiting > 0, linking > 0]).toEqual([true, true]);
  });
});

describe("an opt-in home region", () => {
  it("synth warns that the management account must enable it by hand before the bootstrap (and not for a default region)", () => {
    const set = readFileSync("config/set.yaml", "utf8");
    const optInHome = parseConfig(set.replace(/homeRegion: eu-west-1/, "homeRegion: il-central-1"), "set-il.yaml");
    expect(managementAccount(optInHome).region).toBe("il-central-1");
    expect(configWarnings(optInHome).join("\n")).toMatch(/organization\.homeRegion: il-central-1 is an opt-in region: enable it in the management account by hand/);
    expect(configWarnings(parseConfig(set, "set.yaml")).join("\n")).not.toMatch(/opt-in region/);
  });
});
