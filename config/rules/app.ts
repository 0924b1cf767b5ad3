/** The application: images from the config's ECR repositories, unique secrets, tenants that ECS can run. */
import { checkUnique, type Rule } from "./context";
import { describeFargateMemory, fargateMemoryAllowed } from "./tiers";

export const appRules: Rule = ({ raw, usedTiers }, add) => {
  const ecsTiers = (["nonprod", "prod"] as const).filter((t) => raw.tiers[t]?.compute.platform === "ecs" && usedTiers.has(t));
  if (ecsTiers.length && !raw.app.images) add(["app"], `ECS workloads (tiers ${ecsTiers.join(", ")}) need app.images: { api, workers } from ecr.repositories`);
  if (raw.app.images) {
    for (const svc of ["api", "workers"] as const) {
      if (!raw.ecr.repositories.includes(raw.app.images[svc])) {
        add(["app", "images", svc], `"${raw.app.images[svc]}" is not in ecr.repositories (${raw.ecr.repositories.join(", ") || "none"})`);
      }
    }
  }
  checkUnique(add, raw.app.secrets, (x) => x.name, (i) => ["app", "secrets", i, "name"], "secret name");
};

export const tenantRules: Rule = ({ raw }, add) => {
  checkUnique(add, raw.tenants, (t) => t.name, (i) => ["tenants", i, "name"], "tenant name");
  raw.tenants.forEach((t, i) => {
    if (!raw.ecr.repositories.includes(t.image)) add(["tenants", i, "image"], `"${t.image}" is not in ecr.repositories (${raw.ecr.repositories.join(", ") || "none"})`);
    if (!fargateMemoryAllowed(t.cpu, t.memory)) add(["tenants", i, "memory"], `${t.memory} MiB is not valid with cpu ${t.cpu}; allowed: ${describeFargateMemory(t.cpu)}`);
    if (t.minTasks > t.maxTasks) add(["tenants", i, "minTasks"], `minTasks (${t.minTasks}) is above maxTasks (${t.maxTasks})`);
  });
  if (raw.tenants.length && (["nonprod", "prod"] as const).some((t) => raw.tiers[t]?.compute.platform === "eks")) {
    add(["tenants"], "tenants run as ECS services; EKS tiers host tenants with Kubernetes tooling instead");
  }
};
