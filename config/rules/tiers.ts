/** Tier settings: every used tier configured, prod highly available, compute sizes AWS accepts, retention windows. */
import { deployEnvironment } from "../names";
import { backupCopyRegion } from "../topology";
import type { Rule } from "./context";

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

export function describeFargateMemory(cpu: number): string {
  const r = FARGATE_MEMORY[cpu];
  const values: number[] = [...(r.also ?? [])];
  for (let m = r.min; m <= r.max; m += r.step) values.push(m);
  return values.length > 8 ? `${r.min}–${r.max} in steps of ${r.step}` : values.join(" | ");
}

export const tierRules: Rule = ({ raw, accounts, usedTiers, allowedRegions, allowedRegionsText }, add) => {
  const environment = (tier: "nonprod" | "prod") => deployEnvironment(raw, tier);
  if (raw.tiers.nonprod && raw.tiers.prod && environment("nonprod") === environment("prod")) {
    add(["tiers", "nonprod", "deploy", "environment"], `nonprod and prod deploy in the same GitHub environment "${environment("prod")}": the nonprod CI role would trust prod's OIDC subject; give each tier its own environment`);
  }
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
    if (tier === "prod" && t.documentDb && t.documentDb.instances < 2) add(at("documentDb", "instances"), "prod DocumentDB spans AZs: at least 2 instances (a writer and a reader to fail over to)");
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
    const lock = t.backup.vaultLock;
    if (lock?.minRetentionDays !== undefined && lock.minRetentionDays > br) {
      add(at("backup", "vaultLock", "minRetentionDays"), `${lock.minRetentionDays} days is more than backup.retentionDays (${br}): the vault would refuse every recovery point`);
    }
    if (lock?.maxRetentionDays !== undefined && lock.maxRetentionDays < br) {
      add(at("backup", "vaultLock", "maxRetentionDays"), `${lock.maxRetentionDays} days is less than backup.retentionDays (${br}): the vault would refuse every recovery point`);
    }
    if (lock?.minRetentionDays !== undefined && lock.maxRetentionDays !== undefined && lock.minRetentionDays > lock.maxRetentionDays) {
      add(at("backup", "vaultLock", "maxRetentionDays"), `maxRetentionDays (${lock.maxRetentionDays}) is below minRetentionDays (${lock.minRetentionDays})`);
    }
    if (t.database.maxAllocatedStorageGb < t.database.allocatedStorageGb) {
      add(at("database", "maxAllocatedStorageGb"), `must be ≥ allocatedStorageGb (${t.database.allocatedStorageGb})`);
    }
    t.backup.crossRegionCopy.forEach((copy, ci) => {
      if (!allowedRegions.has(copy)) add(at("backup", "crossRegionCopy", ci), `${copy} is not in organization.allowedRegions (${allowedRegionsText})`);
    });
    if (t.backup.crossRegionCopy.length) {
      for (const a of accounts.filter((x) => x.role === "workload" && x.tier === tier)) {
        if (backupCopyRegion(t.backup.crossRegionCopy, a.region) === undefined) {
          add(at("backup", "crossRegionCopy"), `every listed region is the region of account "${a.name}" itself; add another region to copy its backups to`);
        }
      }
    }
  }
};
