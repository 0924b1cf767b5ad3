import type { RawOrgConfig, Tier } from "../model";
import { resolveAccounts } from "../resolve";
import type { Account } from "../types";

export interface RuleProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

export interface RuleOptions {
  /** Bootstrap synth: member accounts may not have ids yet. */
  readonly bootstrap?: boolean;
}

/** What every rule reads: the raw config, its accounts with defaults resolved, and a few derived sets. */
export interface RuleContext {
  readonly raw: RawOrgConfig;
  readonly accounts: Account[];
  readonly options: RuleOptions;
  readonly allowedRegions: Set<string>;
  readonly allowedRegionsText: string;
  /** Tiers some workload account uses. */
  readonly usedTiers: Set<Tier>;
}

export type Add = (path: (string | number)[], message: string) => void;

/** One concern's cross-field checks: reports every problem through `add`. */
export type Rule = (ctx: RuleContext, add: Add) => void;

export function ruleContext(raw: RawOrgConfig, options: RuleOptions): RuleContext {
  const accounts = resolveAccounts(raw);
  return {
    raw,
    accounts,
    options,
    allowedRegions: new Set(raw.organization.allowedRegions),
    allowedRegionsText: raw.organization.allowedRegions.join(", "),
    usedTiers: new Set(accounts.filter((a) => a.role === "workload").map((a) => a.tier)),
  };
}

/** Reports every item whose key was already used by an earlier one. */
export function checkUnique<T>(add: Add, items: T[], key: (t: T) => string | undefined, path: (i: number) => (string | number)[], what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) add(path(i), `${what} "${k}" is already used at index ${first}; ${what}s must be unique`);
    else seen.set(k, i);
  });
}
