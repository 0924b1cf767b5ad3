import type { AccountConfig, AccountRole, RawOrgConfig, Tier, TierSettings } from "./model";

/** An account with every default resolved: the shape stacks consume. */
export interface Account extends Omit<AccountConfig, "tier" | "region" | "ou" | "dns"> {
  readonly role: AccountRole;
  /** Effective tier: workloads say it; sandbox defaults to nonprod; every other account counts as prod. */
  readonly tier: Tier;
  readonly region: string;
  /** OU the account is placed in; null for the management account (it stays at the root). */
  readonly ou: string | null;
  /** DNS label of the account's zone under organization.dnsDomain. */
  readonly dnsSubdomain: string;
}

/** The validated organization config. */
export interface OrgConfig extends Omit<RawOrgConfig, "accounts" | "$schema"> {
  /** Path of the YAML file it was loaded from (for messages). */
  readonly sourceFile: string;
  readonly accounts: readonly Account[];
  /** Name of the shared-services account holding the Terraform state bucket and lock table. */
  readonly stateAccountName: string;
  /** Account holding the audit-log archive (audit.account, else the state account). */
  readonly auditAccountName: string;
  /** Account holding IAM users and groups: the identity account if there is one, else the management account. */
  readonly identityAccountName: string;
}

export function enabledAccounts(config: OrgConfig): Account[] {
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

export function identityAccount(config: OrgConfig): Account {
  return accountByName(config, config.identityAccountName);
}

/** Enabled accounts of a tier (management, identity and shared-services count as prod; sandbox as nonprod). */
export function accountsOfTier(config: OrgConfig, tier: Tier): Account[] {
  return config.accounts.filter((a) => a.enabled && a.tier === tier);
}

export function tierSettings(config: OrgConfig, tier: Tier): TierSettings {
  const settings = config.tiers[tier];
  if (!settings) throw new Error(`tiers.${tier} is not configured in ${config.sourceFile}`);
  return settings;
}

export type { Tier, TierSettings };
