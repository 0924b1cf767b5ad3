/**
 * Which account is which: the account topology of a config (state, audit, identity and per-tier services
 * accounts; the stacks and their tiers). Names of things live in names.ts; this file names no AWS resource.
 */
import type { Tier, TierSettings } from "./model";
import type { Account, OrgConfig } from "./types";

/** Stack name of the bootstrap stack that creates the state bucket and lock table. */
export const STATE_BACKEND_STACK = "state-backend";

/** The state-backend stack of nonprod's own state account (only when nonprod has its own services account). */
export const NONPROD_STATE_BACKEND_STACK = "state-backend-nonprod";

type Accounts = Pick<OrgConfig, "accounts" | "stateAccountName">;

export function enabledAccounts(config: Pick<OrgConfig, "accounts">): Account[] {
  return config.accounts.filter((a) => a.enabled);
}

export function accountByName(config: OrgConfig, name: string): Account {
  const account = config.accounts.find((a) => a.name === name);
  if (!account) throw new Error(`no account named "${name}" in ${config.sourceFile}`);
  return account;
}

export function managementAccount(config: OrgConfig): Account {
  return config.accounts.find((a) => a.role === "management")!;
}

export function stateAccount(config: OrgConfig): Account {
  return accountByName(config, config.stateAccountName);
}

export function auditAccount(config: OrgConfig): Account {
  return accountByName(config, config.auditAccountName);
}

/** Delegated administrator of GuardDuty, Security Hub, the Config aggregator and the unused-access analyzer. */
export function securityAccount(config: OrgConfig): Account {
  return accountByName(config, config.securityAccountName);
}

export function identityAccount(config: OrgConfig): Account {
  return accountByName(config, config.identityAccountName);
}

export function requireAccountId(account: Pick<Account, "name" | "id">, forWhat: string): string {
  if (!account.id) throw new Error(`account "${account.name}" has no id yet, but ${forWhat} needs it: set accounts[].id`);
  return account.id;
}

/** True when every enabled account has an id: trust and resource policies can be written. */
export function allIdsKnown(config: Pick<OrgConfig, "accounts">): boolean {
  return config.accounts.every((a) => !a.enabled || a.id);
}

/** The nonprod tier's own shared-services account (eurus: common-nonprod), if the config has one. */
export function ownNonprodServicesAccount(c: Accounts): Account | undefined {
  return c.accounts.find((a) => a.enabled && a.role === "shared-services" && a.tier === "nonprod" && a.name !== c.stateAccountName);
}

/**
 * The shared-services account serving a tier: its container registry, the parent DNS zone of its workload zones and
 * its Terraform state. With a shared-services account per tier (eurus: common-nonprod, common-prod) nonprod has its
 * own; otherwise the state account serves both tiers. Prod (and management, identity, the state backend) is always
 * served by the state account.
 */
export function servicesAccount(config: OrgConfig, tier: Tier): Account {
  return (tier === "nonprod" ? ownNonprodServicesAccount(config) : undefined) ?? stateAccount(config);
}

/** Every distinct services account with the tiers it serves (state account first). */
export function servicesAccounts(config: OrgConfig): { account: Account; tiers: Tier[] }[] {
  const nonprod = servicesAccount(config, "nonprod");
  const state = stateAccount(config);
  return nonprod.name === state.name ? [{ account: state, tiers: ["nonprod", "prod"] }] : [{ account: state, tiers: ["prod"] }, { account: nonprod, tiers: ["nonprod"] }];
}

/** Enabled accounts of a tier (management, identity and shared-services count as prod; sandbox as nonprod). */
export function accountsOfTier(config: Pick<OrgConfig, "accounts">, tier: Tier): Account[] {
  return config.accounts.filter((a) => a.enabled && a.tier === tier);
}

export function tierSettings(config: OrgConfig, tier: Tier): TierSettings {
  const settings = config.tiers[tier];
  if (!settings) throw new Error(`tiers.${tier} is not configured in ${config.sourceFile}`);
  return settings;
}

/** The state-backend stacks of a config: `state-backend` (state account), plus `state-backend-nonprod` with tier services. */
export function stateBackendStackNames(c: Accounts): string[] {
  return ownNonprodServicesAccount(c) ? [STATE_BACKEND_STACK, NONPROD_STATE_BACKEND_STACK] : [STATE_BACKEND_STACK];
}

/** Stack names: one per enabled account (the account name) plus the state-backend stack(s) of the tier. */
export function stackNamesOfTier(c: Accounts, tier: Tier): string[] {
  const accounts = accountsOfTier(c, tier).map((a) => a.name);
  if (tier === "prod") return [STATE_BACKEND_STACK, ...accounts];
  return ownNonprodServicesAccount(c) ? [NONPROD_STATE_BACKEND_STACK, ...accounts] : accounts;
}

/** Tier of a stack (state-backend stacks count as the tier whose state they hold). */
export function stackTier(c: Pick<OrgConfig, "accounts">, stackName: string): Tier {
  if (stackName === STATE_BACKEND_STACK) return "prod";
  if (stackName === NONPROD_STATE_BACKEND_STACK) return "nonprod";
  const account = c.accounts.find((a) => a.name === stackName);
  if (!account) throw new Error(`no stack named "${stackName}"`);
  return account.tier;
}

/** The region an account's backups are copied to: the first listed region that is not its own. */
export function backupCopyRegion(regions: readonly string[], accountRegion: string): string | undefined {
  return regions.find((r) => r !== accountRegion);
}
