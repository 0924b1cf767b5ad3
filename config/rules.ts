/**
 * Cross-field rules the schema alone cannot express. Each returns problems with the config path they concern;
 * the loader turns paths into file:line:col. All rules run; all problems are reported together.
 */
import { MAX_VPC_PREFIX, MIN_VPC_PREFIX, overlaps, parseCidr, type Cidr } from "./cidr";
import { checkDerivedName, derivedNames } from "./names";
import { BaselineRoles, BuiltinGuardrails, MAX_SCPS_PER_TARGET, type RawOrgConfig, type Tier } from "./model";
import type { Account, OrgConfig } from "./types";

export interface RuleProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

export interface RuleOptions {
  /** Bootstrap synth: member accounts may not have ids yet. */
  readonly bootstrap?: boolean;
}

/** Valid Fargate memory (MiB) per CPU value. */
export const FARGATE_MEMORY: Record<number, { min: number; max: number; step: number; also?: number[] }> = {
  256: { min: 512, max: 2048, step: 1024, also: [512] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

export function fargateMemoryAllowed(cpu: number, memory: number): boolean {
  const r = FARGATE_MEMORY[cpu];
  if (!r) return false;
  if (r.also?.includes(memory)) return true;
  return memory >= r.min && memory <= r.max && (memory - r.min) % r.step === 0;
}

function describeFargateMemory(cpu: number): string {
  const r = FARGATE_MEMORY[cpu];
  const values: number[] = [...(r.also ?? [])];
  for (let m = r.min; m <= r.max; m += r.step) values.push(m);
  return values.length > 8 ? `${r.min}–${r.max} in steps of ${r.step}` : values.join(" | ");
}

const DEFAULT_OU: Record<Account["role"], (tier: Tier) => string | null> = {
  management: () => null,
  identity: () => "security",
  "shared-services": () => "infrastructure",
  workload: (tier) => tier,
  sandbox: () => "sandbox",
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

/** The region an account's backups are copied to: the first listed region that is not its own. */
export function backupCopyRegion(regions: readonly string[], accountRegion: string): string | undefined {
  return regions.find((r) => r !== accountRegion);
}

export function resolveIdentityAccountName(raw: RawOrgConfig): string | undefined {
  const identity = raw.accounts.filter((a) => a.role === "identity" && a.enabled);
  return (identity[0] ?? raw.accounts.find((a) => a.role === "management"))?.name;
}

export function resolveStateAccountName(raw: RawOrgConfig): string | undefined {
  if (raw.state.account) return raw.state.account;
  const shared = raw.accounts.filter((a) => a.role === "shared-services" && a.enabled !== false);
  return shared.length === 1 ? shared[0].name : undefined;
}

function duplicates<T>(items: T[], key: (t: T) => string | undefined, path: (i: number) => (string | number)[], what: string): RuleProblem[] {
  const seen = new Map<string, number>();
  const out: RuleProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) out.push({ path: path(i), message: `${what} "${k}" is already used at index ${first}; ${what}s must be unique` });
    else seen.set(k, i);
  });
  return out;
}

export function checkRules(raw: RawOrgConfig, options: RuleOptions = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const accounts = resolveAccounts(raw);
  const allowed = new Set(raw.organization.allowedRegions);
  const allowedText = raw.organization.allowedRegions.join(", ");

  // Uniqueness
  problems.push(...duplicates(raw.accounts, (a) => a.name, (i) => ["accounts", i, "name"], "account name"));
  problems.push(...duplicates(raw.accounts, (a) => a.email.toLowerCase(), (i) => ["accounts", i, "email"], "account email"));
  problems.push(...duplicates(raw.accounts, (a) => a.id, (i) => ["accounts", i, "id"], "account id"));
  const nameCount = (name: string) => raw.accounts.filter((a) => a.name === name).length;
  problems.push(
    ...duplicates(accounts, (a) => (a.dnsSubdomain !== a.name || nameCount(a.name) === 1 ? a.dnsSubdomain : undefined), (i) => ["accounts", i, raw.accounts[i].dns ? "dns" : "name"], "DNS subdomain"),
  );

  // Account roles
  const managementIdx = raw.accounts.flatMap((a, i) => (a.role === "management" ? [i] : []));
  if (managementIdx.length !== 1) {
    add(managementIdx.length ? ["accounts", managementIdx[1], "role"] : ["accounts"],
      `exactly one account must have role: management (found ${managementIdx.length})`);
  }
  if (managementIdx.length && raw.accounts[managementIdx[0]].enabled === false) {
    add(["accounts", managementIdx[0], "enabled"], "the management account cannot be disabled");
  }
  const shared = raw.accounts.filter((a) => a.role === "shared-services" && a.enabled);
  if (shared.length === 0) add(["accounts"], "at least one enabled account must have role: shared-services (it holds ECR, DNS and the Terraform state)");

  // State account
  if (raw.state.account !== undefined) {
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
    const region = accounts[i].region;
    if (!allowed.has(region)) add(a.region ? at("region") : at("name"), `region ${region} is not in organization.allowedRegions (${allowedText})`);
    if (a.enabled && !a.id && !options.bootstrap) {
      add(at("name"), a.role === "management"
        ? `the management account needs its id (the trail, key policies and trust policies name it); --bootstrap works without it`
        : `enabled account "${a.name}" has no id: apply the management stack (npm run synth -- --bootstrap), then set id: "<12 digits>", or set enabled: false until it exists`);
    }
  });
  if (!allowed.has(raw.organization.homeRegion)) {
    add(["organization", "homeRegion"], `${raw.organization.homeRegion} is not in organization.allowedRegions (${allowedText})`);
  }

  // Networks: valid, sized for the subnet plan, non-overlapping across every account (enabled or not)
  const cidrs: { i: number; cidr: Cidr; text: string }[] = [];
  raw.accounts.forEach((a, i) => {
    if (!a.network) return;
    const parsed = parseCidr(a.network.cidr);
    if (typeof parsed === "string") {
      add(["accounts", i, "network", "cidr"], parsed);
      return;
    }
    if (parsed.prefix < MIN_VPC_PREFIX || parsed.prefix > MAX_VPC_PREFIX) {
      add(["accounts", i, "network", "cidr"], `${a.network.cidr}: the VPC prefix must be /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
      return;
    }
    for (const other of cidrs) {
      if (overlaps(parsed, other.cidr)) {
        add(["accounts", i, "network", "cidr"], `${a.network.cidr} overlaps ${other.text} of account "${raw.accounts[other.i].name}"; workload CIDRs must not overlap`);
      }
    }
    cidrs.push({ i, cidr: parsed, text: a.network.cidr });
  });

  // Tiers
  const usedTiers = new Set(accounts.filter((a) => a.role === "workload").map((a) => a.tier));
  for (const tier of usedTiers) {
    if (!raw.tiers[tier]) add(["tiers"], `tiers.${tier} is required: workload accounts use tier ${tier}`);
  }
  for (const tier of ["nonprod", "prod"] as const) {
    const t = raw.tiers[tier];
    if (!t) continue;
    const at = (...rest: (string | number)[]) => ["tiers", tier, ...rest];
    if (tier === "prod" && t.network.azCount < 2) add(at("network", "azCount"), `a prod network spans at least 2 availability zones (got ${t.network.azCount})`);
    if (tier === "prod" && !t.database.multiAz) add(at("database", "multiAz"), "prod databases are Multi-AZ: set multiAz: true");
    if (tier === "prod" && !t.cache.multiAz) add(at("cache", "multiAz"), "prod Redis is Multi-AZ: set multiAz: true");
    if (t.cache.multiAz && t.cache.replicas < 1) add(at("cache", "replicas"), "Multi-AZ Redis needs at least 1 replica to fail over to");
    if (t.cache.multiAz && t.network.azCount < 2) add(at("cache", "multiAz"), "Multi-AZ Redis needs network.azCount ≥ 2");
    if (t.database.multiAz && t.network.azCount < 2) add(at("database", "multiAz"), "a Multi-AZ database needs network.azCount ≥ 2");
    if (t.compute.platform === "eks" && t.network.azCount < 2) add(at("network", "azCount"), "an EKS cluster needs subnets in at least 2 availability zones: set azCount ≥ 2");
    for (const svc of ["api", "workers"] as const) {
      const s = t.compute[svc];
      if (!s) {
        if (t.compute.platform === "ecs") add(at("compute", "platform"), `platform: ecs needs compute.${svc} (cpu, memory, minTasks, maxTasks)`);
        continue;
      }
      if (!fargateMemoryAllowed(s.cpu, s.memory)) {
        add(at("compute", svc, "memory"), `${s.memory} MiB is not valid with cpu ${s.cpu}; allowed: ${describeFargateMemory(s.cpu)}`);
      }
      if (s.minTasks > s.maxTasks) add(at("compute", svc, "minTasks"), `minTasks (${s.minTasks}) is above maxTasks (${s.maxTasks})`);
    }
    if (t.compute.platform === "eks" && !t.compute.eks) add(at("compute", "platform"), "platform: eks needs compute.eks (version, node groups)");
    if (t.compute.eks) {
      for (const g of ["systemNodes", "appNodes"] as const) {
        const n = t.compute.eks[g];
        if (n.minSize > n.maxSize) add(at("compute", "eks", g, "minSize"), `minSize (${n.minSize}) is above maxSize (${n.maxSize})`);
      }
    }
    const rd = t.database.backupRetentionDays;
    if (rd < 1 || rd > 35) add(at("database", "backupRetentionDays"), `${rd} is outside 1–35 days (RDS point-in-time recovery window)`);
    const br = t.backup.retentionDays;
    if (br < 1 || br > 35) add(at("backup", "retentionDays"), `${br} is outside 1–35 days`);
    if (t.database.maxAllocatedStorageGb < t.database.allocatedStorageGb) {
      add(at("database", "maxAllocatedStorageGb"), `must be ≥ allocatedStorageGb (${t.database.allocatedStorageGb})`);
    }
    t.backup.crossRegionCopy.forEach((copy, ci) => {
      if (!allowed.has(copy)) add(at("backup", "crossRegionCopy", ci), `${copy} is not in organization.allowedRegions (${allowedText})`);
    });
    if (t.backup.crossRegionCopy.length) {
      for (const a of accounts.filter((x) => x.role === "workload" && x.tier === tier)) {
        if (backupCopyRegion(t.backup.crossRegionCopy, a.region) === undefined) {
          add(at("backup", "crossRegionCopy"), `every listed region is the region of account "${a.name}" itself; add another region to copy its backups to`);
        }
      }
    }
  }

  // Identity
  const roles = new Set<string>([...BaselineRoles, ...raw.identity.extraRoles.map((r) => r.name)]);
  raw.identity.extraRoles.forEach((r, i) => {
    if ((BaselineRoles as readonly string[]).includes(r.name)) add(["identity", "extraRoles", i, "name"], `"${r.name}" is a baseline role already (${BaselineRoles.join(", ")})`);
  });
  problems.push(...duplicates(raw.identity.extraRoles, (r) => r.name, (i) => ["identity", "extraRoles", i, "name"], "role name"));
  problems.push(...duplicates(raw.identity.groups, (g) => g.name, (i) => ["identity", "groups", i, "name"], "group name"));
  problems.push(...duplicates(raw.identity.users, (u) => u.name, (i) => ["identity", "users", i, "name"], "user name"));
  const groups = new Set(raw.identity.groups.map((g) => g.name));
  raw.identity.groups.forEach((g, gi) => {
    for (const tier of ["nonprod", "prod"] as const) {
      g.roles[tier].forEach((r, ri) => {
        if (!roles.has(r)) add(["identity", "groups", gi, "roles", tier, ri], `unknown role "${r}"; roles: ${[...roles].join(", ")}`);
      });
    }
  });
  raw.identity.users.forEach((u, ui) => {
    u.groups.forEach((g, gi) => {
      const group = raw.identity.groups.find((x) => x.name === g);
      if (!group) add(["identity", "users", ui, "groups", gi], `unknown group "${g}"; groups: ${[...groups].join(", ") || "(none defined)"}`);
      else if (group.kind !== u.kind) {
        add(["identity", "users", ui, "groups", gi], `${u.kind} user "${u.name}" cannot join ${group.kind} group "${g}": humans assume roles only with MFA, machine users cannot use MFA`);
      }
    });
  });

  // Guardrails (SCPs): known names, existing OUs, at most 5 per OU counting FullAWSAccess
  const ousInUse = new Set(accounts.filter((a) => a.ou !== null).map((a) => a.ou!));
  const guardrailNames = new Set<string>([...BuiltinGuardrails, ...raw.guardrails.custom.map((g) => g.name)]);
  raw.guardrails.custom.forEach((g, i) => {
    if ((BuiltinGuardrails as readonly string[]).includes(g.name)) add(["guardrails", "custom", i, "name"], `"${g.name}" is a built-in guardrail already`);
  });
  problems.push(...duplicates(raw.guardrails.custom, (g) => g.name, (i) => ["guardrails", "custom", i, "name"], "guardrail name"));
  for (const [ou, names] of Object.entries(raw.guardrails.attach)) {
    if (!ousInUse.has(ou)) add(["guardrails", "attach", ou], `no account is in OU "${ou}"; OUs: ${[...ousInUse].sort().join(", ")}`);
    names.forEach((n, i) => {
      if (!guardrailNames.has(n)) add(["guardrails", "attach", ou, i], `unknown guardrail "${n}"; guardrails: ${[...guardrailNames].join(", ")}`);
    });
    if (names.length + 1 > MAX_SCPS_PER_TARGET) {
      add(["guardrails", "attach", ou], `OU "${ou}" would get ${names.length + 1} SCPs (FullAWSAccess + ${names.length}); AWS allows at most ${MAX_SCPS_PER_TARGET} per OU or account`);
    }
  }

  // Audit archive
  if (raw.audit.account !== undefined) {
    const target = raw.accounts.find((a) => a.name === raw.audit.account);
    if (!target || !["shared-services", "identity"].includes(target.role) || !target.enabled) {
      add(["audit", "account"], `"${raw.audit.account}" must name an enabled shared-services or identity account`);
    } else if (accounts.find((a) => a.name === target.name)?.tier === "nonprod") {
      add(["audit", "account"], `"${raw.audit.account}" is tier nonprod; the organization's audit logs belong in a prod-tier account`);
    }
  }

  const ecsTiers = (["nonprod", "prod"] as const).filter((t) => raw.tiers[t]?.compute.platform === "ecs" && usedTiers.has(t));
  if (ecsTiers.length && !raw.app.images) add(["app"], `ECS workloads (tiers ${ecsTiers.join(", ")}) need app.images: { api, workers } from ecr.repositories`);
  // App images must be ECR repositories of the config
  if (raw.app.images) {
    for (const svc of ["api", "workers"] as const) {
      if (!raw.ecr.repositories.includes(raw.app.images[svc])) {
        add(["app", "images", svc], `"${raw.app.images[svc]}" is not in ecr.repositories (${raw.ecr.repositories.join(", ") || "none"})`);
      }
    }
  }
  problems.push(...duplicates(raw.app.secrets, (x) => x.name, (i) => ["app", "secrets", i, "name"], "secret name"));

  // Tenants
  problems.push(...duplicates(raw.tenants, (t) => t.name, (i) => ["tenants", i, "name"], "tenant name"));
  raw.tenants.forEach((t, i) => {
    if (!raw.ecr.repositories.includes(t.image)) add(["tenants", i, "image"], `"${t.image}" is not in ecr.repositories (${raw.ecr.repositories.join(", ") || "none"})`);
    if (!fargateMemoryAllowed(t.cpu, t.memory)) add(["tenants", i, "memory"], `${t.memory} MiB is not valid with cpu ${t.cpu}; allowed: ${describeFargateMemory(t.cpu)}`);
    if (t.minTasks > t.maxTasks) add(["tenants", i, "minTasks"], `minTasks (${t.minTasks}) is above maxTasks (${t.maxTasks})`);
  });
  if (raw.tenants.length && (["nonprod", "prod"] as const).some((t) => raw.tiers[t]?.compute.platform === "eks")) {
    add(["tenants"], "tenants run as ECS services; EKS tiers host tenants with Kubernetes tooling instead");
  }

  // Data replication: between two different enabled workload accounts
  raw.dataReplication.forEach((r, i) => {
    for (const side of ["source", "destination"] as const) {
      const account = raw.accounts.find((a) => a.name === r[side]);
      if (!account || account.role !== "workload" || !account.enabled) {
        add(["dataReplication", i, side], `"${r[side]}" must name an enabled workload account`);
      }
    }
    if (r.source === r.destination) add(["dataReplication", i, "destination"], "source and destination must be different accounts");
  });
  problems.push(...duplicates(raw.dataReplication, (r) => r.name, (i) => ["dataReplication", i, "name"], "replication name"));

  // Budgets
  if (raw.accounts.some((a) => a.budget) && raw.organization.budgetAlertEmails.length === 0) {
    add(["organization"], "accounts have budgets but organization.budgetAlertEmails is empty: nobody would be alerted");
  }

  // Derived AWS names
  const stateAccountName = resolveStateAccountName(raw);
  const identityAccounts = raw.accounts.flatMap((a, i) => (a.role === "identity" && a.enabled ? [i] : []));
  if (identityAccounts.length > 1) add(["accounts", identityAccounts[1], "role"], "at most one enabled identity account: IAM users and groups live in one place");
  const identityAccountName = resolveIdentityAccountName(raw);
  if (stateAccountName && identityAccountName) {
    const auditAccountName = raw.audit.account ?? stateAccountName;
    const resolved: Omit<OrgConfig, "sourceFile"> = { ...raw, accounts, stateAccountName, auditAccountName, identityAccountName };
    for (const name of derivedNames(resolved)) {
      const problem = checkDerivedName(name);
      if (problem) add(name.path, problem);
    }
  }
  return problems;
}
