/** Accounts: unique names, emails, ids and DNS labels; one management account; who holds the state; regions; ids. */
import { managementHoldsSharedServices, resolveStateAccountName } from "../resolve";
import type { Account } from "../types";
import { checkUnique, type Add, type Rule, type RuleContext } from "./context";

export const accountRules: Rule = ({ raw, accounts, options, allowedRegions, allowedRegionsText }, add) => {
  checkUnique(add, raw.accounts, (a) => a.name, (i) => ["accounts", i, "name"], "account name");
  checkUnique(add, raw.accounts, (a) => a.email.toLowerCase(), (i) => ["accounts", i, "email"], "account email");
  checkUnique(add, raw.accounts, (a) => a.id, (i) => ["accounts", i, "id"], "account id");
  const nameCount = (name: string) => raw.accounts.filter((a) => a.name === name).length;
  checkUnique(add, accounts, (a) => (a.dnsSubdomain !== a.name || nameCount(a.name) === 1 ? a.dnsSubdomain : undefined), (i) => ["accounts", i, raw.accounts[i].dns ? "dns" : "name"], "DNS subdomain");

  // Account roles
  const managementIdx = raw.accounts.flatMap((a, i) => (a.role === "management" ? [i] : []));
  if (managementIdx.length !== 1) {
    add(managementIdx.length ? ["accounts", managementIdx[1], "role"] : ["accounts"],
      `exactly one account must have role: management (found ${managementIdx.length})`);
  }
  if (managementIdx.length && raw.accounts[managementIdx[0]].enabled === false) {
    add(["accounts", managementIdx[0], "enabled"], "the management account cannot be disabled");
  }
  for (const role of ["security", "log-archive"] as const) {
    const holders = raw.accounts.flatMap((a, i) => (a.role === role && a.enabled ? [i] : []));
    if (holders.length > 1) add(["accounts", holders[1], "role"], `at most one enabled ${role} account (found ${holders.map((i) => raw.accounts[i].name).join(", ")})`);
  }
  const shared = raw.accounts.filter((a) => a.role === "shared-services" && a.enabled);
  const managementShared = managementHoldsSharedServices(raw);
  raw.accounts.forEach((a, i) => {
    if (a.sharedServices !== undefined && a.role !== "management") add(["accounts", i, "sharedServices"], `sharedServices is only for the management account (this one has role: ${a.role}); a shared-services account is role: shared-services`);
  });
  if (managementShared) {
    const prodShared = accounts.filter((a) => a.role === "shared-services" && a.enabled && a.tier === "prod");
    if (prodShared.length) {
      add(["accounts", raw.accounts.findIndex((a) => a.role === "management"), "sharedServices"], `the management account holds the shared services, so there is no prod shared-services account: ${prodShared.map((a) => a.name).join(", ")} would hold them too (remove sharedServices, or the account)`);
    }
    if (raw.state.account !== undefined) add(["state", "account"], "with the management account holding the shared services, it holds the state: remove state.account");
  } else if (shared.length === 0) {
    add(["accounts"], "at least one enabled account must have role: shared-services (it holds ECR, DNS and the Terraform state), or the management account sharedServices: true");
  }

  // State account
  if (managementShared) {
    // the management account holds it
  } else if (raw.state.account !== undefined) {
    const target = raw.accounts.find((a) => a.name === raw.state.account);
    if (!target || target.role !== "shared-services" || !target.enabled) {
      add(["state", "account"], `"${raw.state.account}" must name an enabled shared-services account (${shared.map((a) => a.name).join(", ") || "none"})`);
    }
  } else if (shared.length > 1) {
    add(["state"], `there are ${shared.length} shared-services accounts (${shared.map((a) => a.name).join(", ")}): set state.account to the one that holds the Terraform state`);
  }

  // Nonprod may have its own shared-services account (registry, tier zone, state); the state account is a prod one.
  const nonprodServices = accounts.flatMap((a, i) => (a.role === "shared-services" && a.enabled && a.tier === "nonprod" ? [i] : []));
  if (nonprodServices.length > 1) {
    add(["accounts", nonprodServices[1], "tier"], `at most one enabled nonprod shared-services account: ${nonprodServices.map((i) => accounts[i].name).join(" and ")} are both nonprod`);
  }
  const stateName = resolveStateAccountName(raw);
  const stateTarget = accounts.find((a) => a.name === stateName);
  if (stateTarget?.role === "shared-services" && stateTarget.tier === "nonprod" && raw.state.account !== undefined) {
    add(["state", "account"], `"${stateName}" is tier nonprod; the state account holds management and prod state: name the prod shared-services account`);
  }
  accounts.forEach((a, i) => {
    if (a.dnsZoneId && !(a.role === "shared-services" && a.tier === "nonprod" && a.name !== stateName)) {
      add(["accounts", i, "dns", "zoneId"], "dns.zoneId belongs only on a nonprod shared-services account (the nonprod tier zone); the apex zone id is organization.dnsZoneId");
    }
  });

  // Per-account rules
  raw.accounts.forEach((a, i) => {
    const at = (...rest: (string | number)[]) => ["accounts", i, ...rest];
    if (a.role === "workload") {
      if (!a.tier) add(at("role"), "a workload account needs tier: nonprod | prod");
      if (!a.network) add(at("role"), "a workload account needs network.cidr");
    } else if (a.network) {
      add(at("network"), `network is only for workload accounts (this one has role: ${a.role})`);
    }
    if (a.role === "sandbox" && a.tier === "prod") add(at("tier"), "a sandbox account is nonprod by definition");
    if ((a.role === "security" || a.role === "log-archive") && a.tier === "nonprod") add(at("tier"), `a ${a.role} account serves the whole organization: it is prod`);
    const region = accounts[i].region;
    if (!allowedRegions.has(region)) add(a.region ? at("region") : at("name"), `region ${region} is not in organization.allowedRegions (${allowedRegionsText})`);
    if (a.enabled && !a.id && !options.bootstrap) {
      add(at("name"), a.role === "management"
        ? `the management account needs its id (the trail, key policies and trust policies name it); --bootstrap works without it`
        : `enabled account "${a.name}" has no id: apply the management stack (npm run synth -- --bootstrap), then set id: "<12 digits>", or set enabled: false until it exists`);
    }
  });
  if (!options.bootstrap && accounts.every((a) => !a.enabled || a.id)) zoneIdRules(accounts, raw, stateName, add);
  if (!allowedRegions.has(raw.organization.homeRegion)) {
    add(["organization", "homeRegion"], `${raw.organization.homeRegion} is not in organization.allowedRegions (${allowedRegionsText})`);
  }
};

/**
 * Once every account exists, each delegated zone needs its parent zone's id: the certificates of api.<zone> (and the
 * tenants' and CloudFront's) validate only through the NS delegation written into that parent zone. Without it a
 * first apply waits out ACM's 75-minute timeout. The bootstrap withholds those stacks until the id is in the config.
 */
function zoneIdRules(accounts: Account[], raw: RuleContext["raw"], stateName: string | undefined, add: Add): void {
  const enabled = accounts.filter((a) => a.enabled);
  const nonprodServices = enabled.find((a) => a.role === "shared-services" && a.tier === "nonprod" && a.name !== stateName);
  const underApex = enabled.filter((a) => (a.role === "workload" && (a.tier === "prod" || !nonprodServices)) || a === nonprodServices);
  if (underApex.length && !raw.organization.dnsZoneId) {
    add(["organization"], `organization.dnsZoneId is required: the zones of ${underApex.map((a) => a.name).join(", ")} are delegated from ` +
      `${raw.organization.dnsDomain}, and their certificates validate only through that delegation. Apply ${stateName}'s stacks ` +
      `(npm run bootstrap), then set it to the shared-services stack's parent_zone_id output`);
  }
  const underTier = enabled.filter((a) => a.role === "workload" && a.tier === "nonprod");
  if (nonprodServices && underTier.length && !nonprodServices.dnsZoneId) {
    const i = accounts.indexOf(nonprodServices);
    add(["accounts", i, "dns"], `dns.zoneId of ${nonprodServices.name} is required: the zones of ${underTier.map((a) => a.name).join(", ")} are ` +
      `delegated from its tier zone, and their certificates validate only through that delegation. Apply its stack (npm run bootstrap), then set ` +
      `it to that stack's parent_zone_id output`);
  }
}

/** IAM users and groups live in one place. */
export const identityAccountRules: Rule = ({ raw }, add) => {
  const identityAccounts = raw.accounts.flatMap((a, i) => (a.role === "identity" && a.enabled ? [i] : []));
  if (identityAccounts.length > 1) add(["accounts", identityAccounts[1], "role"], "at most one enabled identity account: IAM users and groups live in one place");
};

/** Adopting an organization: existing accounts have ids, existing OUs are OUs in use, and the markers need the organization. */
export const adoptionRules: Rule = ({ raw, accounts }, add) => {
  const existing = raw.organization.existing;
  raw.accounts.forEach((a, i) => {
    if (!a.existing) return;
    if (!existing) add(["accounts", i, "existing"], "existing: true adopts an account of an existing organization: set organization.existing { id, rootId } too");
    if (a.role === "management") add(["accounts", i, "existing"], "the management account is never imported as a member: organization.existing adopts the organization it manages");
    else if (!a.id) add(["accounts", i, "existing"], `an existing account needs its id: set id: "<12 digits>" (aws organizations list-accounts)`);
  });
  if (!existing) return;
  const ousInUse = new Set(accounts.filter((a) => a.ou !== null).map((a) => a.ou!));
  for (const ou of Object.keys(existing.ous)) {
    if (!ousInUse.has(ou)) add(["organization", "existing", "ous", ou], `no account is in OU "${ou}"; OUs in use: ${[...ousInUse].sort().join(", ")}`);
  }
  for (const [ou, id] of Object.entries(existing.ous)) {
    // An OU id carries its root's: ou-<root id without r->-<suffix>
    if (!id.startsWith(`ou-${existing.rootId.slice(2)}-`)) add(["organization", "existing", "ous", ou], `${id} is not an OU of root ${existing.rootId} (its ids start with ou-${existing.rootId.slice(2)}-)`);
  }
  const ct = existing.controlTower;
  if (ct) {
    ct.governedRegions.forEach((r, i) => {
      if (!raw.organization.allowedRegions.includes(r)) add(["organization", "existing", "controlTower", "governedRegions", i], `${r} is not in organization.allowedRegions (${raw.organization.allowedRegions.join(", ")})`);
    });
    ct.ous.forEach((ou, i) => {
      if (!existing.ous[ou]) add(["organization", "existing", "controlTower", "ous", i], `"${ou}" needs its id in organization.existing.ous (Control Tower's OUs are referenced by id)`);
    });
  }
  const ouIds = Object.values(existing.ous);
  const dup = ouIds.find((id, i) => ouIds.indexOf(id) !== i);
  if (dup) add(["organization", "existing", "ous"], `OU id ${dup} is named twice`);
};
