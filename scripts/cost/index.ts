/**
 * npm run cost [-- --config <file>] [--detail]
 * Estimated monthly cost per account and in total, from the stacks the config synthesizes and the price table in
 * scripts/cost/prices.ts (every price with its source and date). `--detail` lists every priced line.
 */
import { loadConfigFile } from "../../config";
import { synthConfig } from "../../stacks/synth-json";
import { estimateCost, type AccountCost, type CostLine } from "./model";
import { PriceMissingError } from "./prices";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../../cli";

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** A unit price with all its digits ($0.004445), never rounded to cents. */
const unitUsd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;

export function formatCost(configFile: string, accounts: AccountCost[], totalUsd: number, detail: boolean): string {
  const out = [`Estimated monthly cost of ${configFile} (on-demand list prices, usage assumptions in scripts/cost/prices.ts)`, ""];
  out.push(`  ${"account".padEnd(24)} ${"tier".padEnd(8)} ${"per month".padStart(12)}`);
  for (const a of accounts) {
    out.push(`  ${a.account.padEnd(24)} ${a.tier.padEnd(8)} ${usd(a.usd).padStart(12)}`);
    if (detail) for (const l of a.lines) out.push(`      ${usd(l.usd).padStart(10)}  ${l.item} [${l.region}: ${l.quantity} × ${unitUsd(l.price.usd)}/${l.price.unit}]`);
  }
  out.push(`  ${"total".padEnd(24)} ${"".padEnd(8)} ${usd(totalUsd).padStart(12)}`, "", "Prices used (date read, source):");
  const used = new Map<string, CostLine>();
  for (const l of accounts.flatMap((a) => a.lines)) used.set(`${l.price.source}|${l.price.unit}|${l.region}|${l.price.usd}`, l);
  const bySource = new Map<string, Set<string>>();
  for (const l of used.values()) {
    const key = `${l.price.asOf}  ${l.price.source}`;
    bySource.set(key, (bySource.get(key) ?? new Set()).add(`${l.region} ${unitUsd(l.price.usd)}/${l.price.unit}`));
  }
  for (const [source, items] of [...bySource].sort()) out.push(`  ${source}`, ...[...items].sort().map((i) => `      ${i}`));
  return out.join("\n");
}

if (isEntryPoint("scripts/cost/index.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    const unknown = args.rest.filter((a) => a !== "--detail");
    if (unknown.length) throw new UsageError(`unknown argument ${unknown[0]}; usage: npm run cost [-- --config <file>] [--detail]`);
    const config = loadConfigFile(args.configFile);
    const { accounts, totalUsd } = estimateCost(config, synthConfig(config));
    console.log(formatCost(args.configFile, accounts, totalUsd, args.rest.includes("--detail")));
  } catch (error) {
    if (error instanceof PriceMissingError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    exitOnKnownError(error);
  }
}
