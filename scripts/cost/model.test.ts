/** The cost model: a small config computed by hand, what the plan actually holds, and S.E.T's own cost table. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig } from "../../config";
import { synthConfigFile, synthYaml } from "../../test/testing";
import { formatCost } from "./index";
import { estimateCost, type AccountCost } from "./model";
import { PriceMissingError } from "./prices";

const minimalYaml = readFileSync("config/test-fixtures/valid-minimal.yaml", "utf8").replace("crossRegionCopy: [eu-central-1]", "crossRegionCopy: []");
const minimalStacks = synthYaml(minimalYaml);
const minimal = estimateCost(parseConfig(minimalYaml, "minimal.yaml"), minimalStacks);
/** The detective controls every account carries (eu-west-1 home, eu-central-1 the other allowed region). */
const GUARDDUTY_EVENTS = (100_000 * 365) / 12 / 1e6;
const baseControls = (configItems: number) => configItems * 0.003 + 50 * 0.003 + 3000 * 0.001 + 300 * 0.001 + GUARDDUTY_EVENTS * 4;
const DETECTIVE = /^(AWS Config|GuardDuty|Security Hub|Access Analyzer)/;
const account = (cost: { accounts: AccountCost[] }, name: string) => cost.accounts.find((a) => a.account === name)!;
/** The one line whose item starts with `prefix` (or is exactly `prefix` when it ends with "$"). */
const line = (a: AccountCost, prefix: string) => {
  const found = a.lines.filter((l) => (prefix.endsWith("$") ? l.item === prefix.slice(0, -1) : l.item.startsWith(prefix)));
  expect(found, prefix).toHaveLength(1);
  return found[0];
};

describe("cost of a small config, by hand (eu-west-1, 730 h/month)", () => {
  const dev = account(minimal, "dev");

  it("dev (nonprod, 1 AZ): every line is the hand-computed quantity × list price", () => {
    const expected: [string, number][] = [
      ["NAT gateway network_nat_0", 730 * 0.048],
      ["NAT data processed", 20 * 0.048],
      ["public IPv4: 1 Elastic IP", 730 * 0.005],
      ["ALB alb capacity units", 730 * 0.008],
      ["ALB alb public IPv4", 2 * 730 * 0.005], // the ALB spans two AZs even though compute runs in one
      ["ALB alb$", 730 * 0.0252],
      ["WAF alb$", 5],
      ["Fargate ecs_api: 1 task(s) × 0.25 vCPU", 0.25 * 730 * 0.04048],
      ["Fargate ecs_api: 1 task(s) × 0.5 GB", 0.5 * 730 * 0.004445],
      ["Fargate ecs_workers: 1 task(s) × 0.25 vCPU", 0.25 * 730 * 0.04048],
      ["Fargate ecs_workers: 1 task(s) × 0.5 GB", 0.5 * 730 * 0.004445],
      ["Container Insights ecs (20 metrics)", (8 + 6 * 2) * 0.3],
      ["RDS postgres db.t4g.micro", 730 * 0.018],
      ["RDS postgres storage 20 GB × 1", 20 * 0.127],
      ["ElastiCache redis: 1 × cache.t4g.micro", 730 * 0.018],
      ["AWS Backup backup_plan: snapshots of 20 GB", 20 * 0.095],
      ["S3: 2 bucket(s)", 2 * 5 * 0.023], // ALB logs + S3 access logs
      ["KMS: 5 key(s)", 5], // data, logs, backups + DNSSEC signing and DNS query logs (us-east-1)
      ["Route 53: 1 hosted zone(s)", 0.5],
      ["Secrets Manager: 1 secret(s) (incl. 1 RDS-managed)", 0.4],
      ["WAF alb: 3 rule(s)", 3],
      ["WAF alb requests", 1 * 0.6],
      ["CloudWatch: 12 alarm(s)", 12 * 0.1],
      ["CloudWatch Logs ingestion", 5 * 0.57],
      ["AWS Config: 3000 configuration items", 3000 * 0.003], // continuous recording in its own region
      ["AWS Config: 50 configuration items", 50 * 0.003], // and a trickle in eu-central-1
      ["Security Hub: 3000 security checks", 3000 * 0.001],
      ["Security Hub: 300 security checks", 300 * 0.001],
      ["GuardDuty: 3.04 million management events", GUARDDUTY_EVENTS * 4],
      ["GuardDuty: VPC flow and DNS logs", 5 * 1],
      ["GuardDuty: S3 data events", 0.5 * 0.8],
    ];
    for (const [prefix, usd] of expected) expect(line(dev, prefix).usd, prefix).toBeCloseTo(usd, 6);
    expect(dev.lines).toHaveLength(expected.length);
    const handTotal = 730 * 0.048 + 20 * 0.048 + 730 * 0.005 + 730 * 0.0252 + 730 * 0.008 + 2 * 730 * 0.005
      + 2 * (0.25 * 730 * 0.04048 + 0.5 * 730 * 0.004445) + 20 * 0.3 + 730 * 0.018 + 20 * 0.127 + 730 * 0.018 + 20 * 0.095
      + 2 * 5 * 0.023 + 5 + 0.5 + 0.4 + 5 + 3 + 0.6 + 12 * 0.1 + 5 * 0.57
      + baseControls(3000) + 5 * 1 + 0.5 * 0.8;
    expect(dev.usd).toBeCloseTo(handTotal, 6);
    expect(dev.usd).toBeCloseTo(174.72, 2);
  });

  it("shared (state, audit archive, registry, zone) and management (organization trail's CloudWatch copy)", () => {
    // keys: state, audit, ECR, DNSSEC, DNS logs; buckets: state, audit, access logs
    // ECR: 2 repositories, each a prod and a nonprod/ copy (one registry for both tiers), 30 images × 0.3 GB
    // + as the security administrator, the unused-access analyzer over every IAM role and user of the organization
    const principals = Object.values(minimalStacks).reduce((n, st) => n + Object.keys(st.resource?.aws_iam_role ?? {}).length + Object.keys(st.resource?.aws_iam_user ?? {}).length, 0);
    expect(principals).toBeGreaterThan(20);
    // keys: + GuardDuty's findings key, which the management stack creates in the security account
    expect(account(minimal, "shared").usd).toBeCloseTo(6 * 1 + 0.5 + 4 * 30 * 0.3 * 0.1 + 3 * 5 * 0.023 + baseControls(500) + principals * 0.2, 6);
    const trailGb = (4 * 100_000 * (365 / 12) * 1.2) / 1024 / 1024; // 4 enabled accounts
    // + CIS 4.1–4.15: 15 metric-filter metrics and 15 alarms (the security dashboard is within the 3 free)
    expect(account(minimal, "management").usd).toBeCloseTo(1 + trailGb * 0.57 + 15 * 0.3 + 15 * 0.1 + baseControls(500), 6);
    // The analyzer lives in the security account, though the management stack applies it.
    expect(account(minimal, "management").lines.some((l) => l.item.startsWith("Access Analyzer"))).toBe(false);
  });

  it("counts what the plan holds: per-AZ NAT gateways, Multi-AZ doubling, cache nodes, task counts", () => {
    const live = account(minimal, "live");
    expect(live.lines.filter((l) => l.item.startsWith("NAT gateway ")).length).toBe(2);
    expect(line(live, "RDS postgres db.t4g.medium Multi-AZ").usd).toBeCloseTo(2 * 730 * 0.072, 6);
    expect(line(live, "RDS postgres storage 20 GB × 2").usd).toBeCloseTo(2 * 20 * 0.127, 6);
    expect(line(live, "ElastiCache redis: 2 × cache.t4g.small").usd).toBeCloseTo(2 * 730 * 0.036, 6);
    expect(line(live, "Fargate ecs_api: 2 task(s) × 0.5 vCPU").usd).toBeCloseTo(2 * 0.5 * 730 * 0.04048, 6);
    const total = minimal.accounts.reduce((s, a) => s + a.usd, 0);
    expect(minimal.totalUsd).toBeCloseTo(total, 9);
  });

  it("follows the config: a single NAT instead of per-AZ removes a gateway", () => {
    const single = minimalYaml.replace("network: { azCount: 2, natGateways: per-az }", "network: { azCount: 2, natGateways: single }");
    const cost = estimateCost(parseConfig(single, "single.yaml"), synthYaml(single));
    expect(account(cost, "live").usd).toBeCloseTo(account(minimal, "live").usd - 730 * 0.048 - 730 * 0.005, 6);
  });

  it.each(["empc", "innovate"])("the README's table for %s is the current estimate", (name) => {
    const file = `config/examples/${name}.yaml`;
    const cost = estimateCost(loadConfigFile(file), synthConfigFile(file));
    const readme = readFileSync("README.md", "utf8");
    const block = readme.slice(readme.indexOf(`<!-- cost:${name} -->`), readme.indexOf(`<!-- /cost:${name} -->`));
    const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    for (const a of cost.accounts) expect(block.split("\n"), a.account).toContain(`| ${a.account} | ${usd(a.usd)} |`);
    expect(block).toContain(`| **total** | **${usd(cost.totalUsd)}** |`);
  });

  it.each(["config/examples/innovate.yaml", "config/examples/empc.yaml"])("prices %s in the US regions (one list price for us-east-1, us-east-2, us-west-2)", (file) => {
    const cost = estimateCost(loadConfigFile(file), synthConfigFile(file));
    expect(cost.totalUsd).toBeGreaterThan(100);
    const config = loadConfigFile(file);
    for (const w of config.accounts.filter((a) => a.enabled && a.role === "workload")) expect(account(cost, w.name).usd, w.name).toBeGreaterThan(50);
  });

  it("stops with a clear error for a region the table does not price", () => {
    const withCopy = readFileSync("config/test-fixtures/valid-minimal.yaml", "utf8");
    const [config, stacks] = [parseConfig(withCopy, "m.yaml"), synthYaml(withCopy)];
    expect(() => estimateCost(config, stacks)).toThrow(PriceMissingError);
    expect(() => estimateCost(config, stacks)).toThrow(/no prices for region eu-central-1 in scripts\/cost\/prices\.ts \(priced: us-east-1, us-east-2, us-west-2, eu-west-1, il-central-1\)/);
  });
});

/** S.E.T's own cost table (shared/seeds 000, "early stage, before production load"). */
export const SET_COST_TABLE: Record<string, { low: number; high: number; text: string }> = {
  management: { low: 5, high: 15, text: "~$10" },
  "shared-services": { low: 30, high: 60, text: "~$30–60" },
  "set-nonprod": { low: 120, high: 200, text: "~$120–200" },
  "set-prod-eu": { low: 700, high: 1300, text: "~$700–1,300" },
};

describe("default config against S.E.T's cost table", () => {
  const config = loadConfigFile("config/set.yaml");
  const cost = estimateCost(config, synthConfigFile("config/set.yaml"));

  // S.E.T's table predates the detective controls (Config, GuardDuty, Security Hub, the unused-access analyzer): its
  // ranges are compared with the rest; the controls are priced, and pinned, by the tests above.
  it.each(["management", "set-nonprod", "set-prod-eu"])("%s falls inside S.E.T's range, not counting the detective controls its design does not list", (name) => {
    const { low, high } = SET_COST_TABLE[name];
    const usd = account(cost, name).lines.filter((l) => !DETECTIVE.test(l.item)).reduce((sum, l) => sum + l.usd, 0);
    expect(usd).toBeGreaterThanOrEqual(low);
    expect(usd).toBeLessThanOrEqual(high);
  });

  it("shared-services lands inside S.E.T's ~$30–60 as the security administrator: keys, a zone, three small buckets, a table, the registry, and the controls", () => {
    const shared = account(cost, "shared-services");
    expect(shared.usd).toBeGreaterThanOrEqual(SET_COST_TABLE["shared-services"].low);
    expect(shared.usd).toBeLessThanOrEqual(SET_COST_TABLE["shared-services"].high);
    expect(shared.lines.map((l) => l.item.replace(/\d+ IAM roles/, "N IAM roles")).sort()).toEqual([
      "AWS Config: 50 configuration items (usage)", "AWS Config: 500 configuration items (usage)",
      "Access Analyzer organization_unused_access: N IAM roles and users",
      "ECR: 4 repositories × 30 images × 0.3 GB (usage)", "GuardDuty: 3.04 million management events (usage)", "KMS: 1 key(s)", "KMS: 2 key(s)", "KMS: 3 key(s)", "Route 53: 1 hosted zone(s)", "S3: 3 bucket(s) × 5 GB (usage)",
      "Security Hub: 300 security checks (usage)", "Security Hub: 3000 security checks (usage)",
    ]);
  });

  it("the README's side-by-side table is the current estimate", () => {
    const readme = readFileSync("README.md", "utf8");
    const block = readme.slice(readme.indexOf("<!-- cost:set -->"), readme.indexOf("<!-- /cost:set -->"));
    for (const a of cost.accounts) {
      const row = block.split("\n").find((l) => l.startsWith(`| ${a.account} |`));
      expect(row, a.account).toBeDefined();
      expect(row).toContain(`$${a.usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      expect(row).toContain(SET_COST_TABLE[a.account].text);
    }
    expect(block).toContain(`$${cost.totalUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  });

  it("prints every account, the total, and the date and source of each price used", () => {
    const text = formatCost("config/set.yaml", cost.accounts, cost.totalUsd, true);
    for (const a of cost.accounts) expect(text).toMatch(new RegExp(`^  ${a.account} +${a.tier}`, "m"));
    expect(text).toMatch(/^ {2}2025-06 {2}https:\/\/aws\.amazon\.com\/fargate\/pricing\/$/m);
    expect(text).toContain("eu-west-1 $0.04048/vCPU-hour (Linux/x86)");
    expect(text).toContain("il-central-1 $0.105/GB-month of backups beyond the database size"); // the prod backup copy
  });
});
