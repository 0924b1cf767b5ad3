import { accountZoneName, ownNonprodServicesAccount, requireAccountId, stackTier, stateReaderRoleName } from "./names";
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
  /** Id of the account's zone once created (dns.zoneId; only a nonprod services account's tier zone needs it). */
  readonly dnsZoneId?: string;
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

/**
 * The shared-services account serving a tier: its container registry, the parent DNS zone of its workload zones and
 * its Terraform state. With a shared-services account per tier (eurus: common-nonprod, common-prod) nonprod has its
 * own; otherwise the state account serves both tiers. Prod (and management, identity, the state backend) is always
 * served by the state account.
 */
export function servicesAccount(config: OrgConfig, tier: Tier): Account {
  return (tier === "nonprod" ? ownNonprodServicesAccount(config) : undefined) ?? stateAccount(config);
}

/** The state-reader role of the account holding a stack's state (read-only plans, `npm run state`). */
export function stateReaderArnOfStack(config: OrgConfig, stackName: string): string {
  const holder = servicesAccount(config, stackTier(config, stackName));
  return `arn:aws:iam::${requireAccountId(holder, "the state reader role")}:role/${stateReaderRoleName(config)}`;
}

/** Every distinct services account with the tiers it serves (state account first). */
export function servicesAccounts(config: OrgConfig): { account: Account; tiers: Tier[] }[] {
  const nonprod = servicesAccount(config, "nonprod");
  const state = stateAccount(config);
  return nonprod.name === state.name ? [{ account: state, tiers: ["nonprod", "prod"] }] : [{ account: state, tiers: ["prod"] }, { account: nonprod, tiers: ["nonprod"] }];
}

/**
 * Where an account's zone is delegated from: workload zones from their tier's zone (the apex, or the nonprod tier
 * zone when nonprod has its own services account), the nonprod tier zone from the apex. `zoneId` is the parent zone's
 * id once known (organization.dnsZoneId, or the nonprod services account's dns.zoneId); delegation waits for it.
 */
export function parentZone(config: OrgConfig, account: Account): { owner: Account; zoneName: string; zoneId: string | undefined } | undefined {
  const apex = { owner: stateAccount(config), zoneName: config.organization.dnsDomain, zoneId: config.organization.dnsZoneId };
  if (account.role === "workload") {
    const owner = servicesAccount(config, account.tier);
    return owner.name === apex.owner.name ? apex : { owner, zoneName: accountZoneName(config, owner), zoneId: owner.dnsZoneId };
  }
  if (account.name === ownNonprodServicesAccount(config)?.name) return apex;
  return undefined;
}

/** Accounts whose zones a tier delegates into `owner`'s zone (the dns-delegation-<tier> role there may write only these). */
export function delegatedZoneAccounts(config: OrgConfig, owner: Account, tier: Tier): Account[] {
  return config.accounts.filter((a) => a.enabled && a.tier === tier && parentZone(config, a)?.owner.name === owner.name);
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
