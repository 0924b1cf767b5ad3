/** Fills in the defaults that depend on other fields: each account's tier, region, OU and DNS label; who holds what. */
import type { RawOrgConfig, Tier } from "./model";
import type { Account } from "./types";

const DEFAULT_OU: Record<Account["role"], (tier: Tier) => string | null> = {
  management: () => null,
  identity: () => "security",
  "shared-services": () => "infrastructure",
  workload: (tier) => tier,
  sandbox: () => "sandbox",
  security: () => "security",
  "log-archive": () => "security",
};

/** Fills in every account default (tier, region, OU, DNS label). */
export function resolveAccounts(raw: RawOrgConfig): Account[] {
  return raw.accounts.map((a) => {
    const tier: Tier = a.tier ?? (a.role === "sandbox" ? "nonprod" : "prod");
    return {
      ...a,
      tier,
      region: a.region ?? raw.organization.homeRegion,
      ou: a.role === "management" ? null : (a.ou ?? DEFAULT_OU[a.role](tier)),
      dnsSubdomain: a.dns?.subdomain ?? a.name,
      ...(a.dns?.zoneId ? { dnsZoneId: a.dns.zoneId } : {}),
    };
  });
}

export function resolveIdentityAccountName(raw: RawOrgConfig): string | undefined {
  const identity = raw.accounts.filter((a) => a.role === "identity" && a.enabled);
  return (identity[0] ?? raw.accounts.find((a) => a.role === "management"))?.name;
}

/** The audit archive's account: audit.account, else the log-archive account, else the state account. */
export function resolveAuditAccountName(raw: RawOrgConfig, stateAccountName: string): string {
  return raw.audit.account ?? raw.accounts.find((a) => a.role === "log-archive" && a.enabled)?.name ?? stateAccountName;
}

/** The security services' delegated administrator: security.administrator, else the security account, else the state account. */
export function resolveSecurityAccountName(raw: RawOrgConfig, stateAccountName: string): string {
  // The management account is never a delegated administrator: with it holding the shared services, the config names one.
  return raw.security.administrator ?? raw.accounts.find((a) => a.role === "security" && a.enabled)?.name ?? stateAccountName;
}

/** The management account when it doubles as the shared-services account (sharedServices: true). */
export function managementHoldsSharedServices(raw: Pick<RawOrgConfig, "accounts">): boolean {
  return raw.accounts.some((a) => a.role === "management" && a.sharedServices === true);
}

export function resolveStateAccountName(raw: RawOrgConfig): string | undefined {
  if (raw.state.account) return raw.state.account;
  if (managementHoldsSharedServices(raw)) return raw.accounts.find((a) => a.role === "management")!.name;
  const shared = raw.accounts.filter((a) => a.role === "shared-services" && a.enabled !== false);
  return shared.length === 1 ? shared[0].name : undefined;
}
