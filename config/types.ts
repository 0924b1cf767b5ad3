/** The resolved config shapes stacks consume (types only: the functions over them live in topology.ts and names.ts). */
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
  /** Delegated administrator of the security services (security.administrator, else the state account). */
  readonly securityAccountName: string;
}

export type { Tier, TierSettings };
