/** Regions are real AWS commercial regions, and a tier spans no more AZs than its accounts' regions have. */
import { availabilityZoneCount, closestRegions, isKnownRegion } from "../regions";
import type { Rule } from "./context";

export const regionRules: Rule = ({ raw, accounts }, add) => {
  const check = (region: string, path: (string | number)[]) => {
    if (!isKnownRegion(region)) add(path, `unknown AWS region "${region}"; closest: ${closestRegions(region).join(", ")}`);
  };
  check(raw.organization.homeRegion, ["organization", "homeRegion"]);
  raw.organization.allowedRegions.forEach((r, i) => check(r, ["organization", "allowedRegions", i]));
  raw.accounts.forEach((a, i) => a.region !== undefined && check(a.region, ["accounts", i, "region"]));
  for (const tier of ["nonprod", "prod"] as const) {
    const t = raw.tiers[tier];
    if (!t) continue;
    t.backup.crossRegionCopy.forEach((r, i) => check(r, ["tiers", tier, "backup", "crossRegionCopy", i]));
    for (const a of accounts.filter((x) => x.role === "workload" && x.tier === tier)) {
      const zones = availabilityZoneCount(a.region);
      if (zones !== undefined && t.network.azCount > zones) {
        add(["tiers", tier, "network", "azCount"], `azCount ${t.network.azCount} is more than the ${zones} availability zones of ${a.region} (account "${a.name}")`);
      }
    }
  }
};

/** Keys the chosen compute platform would ignore are errors, not silently dropped. */
export const platformRules: Rule = ({ raw }, add) => {
  for (const tier of ["nonprod", "prod"] as const) {
    const compute = raw.tiers[tier]?.compute;
    if (!compute) continue;
    if (compute.platform === "eks") {
      for (const svc of ["api", "workers"] as const) {
        if (compute[svc]) add(["tiers", tier, "compute", svc], `compute.${svc} sizes ECS Fargate services; this tier runs platform: eks (remove it, or set platform: ecs)`);
      }
    } else if (compute.eks) {
      add(["tiers", tier, "compute", "eks"], "compute.eks configures an EKS cluster; this tier runs platform: ecs (remove it, or set platform: eks)");
    }
  }
};
