import { ecrImage, roleName, servicesAccount, tierRepositoryName } from "../../config";
import type { AlarmSpec } from "../../modules/alarms";
import { EcsPlatform } from "../../modules/ecs-platform";
import { EksPlatform, type EksAccess, type EksAccessLevel } from "../../modules/eks";
import type { WorkloadContext } from "./context";
import type { Edge, TenantRoute } from "./edge";
import type { WorkloadKeys } from "./keys";
import type { WorkloadNetwork } from "./network";

export interface ComputeInputs {
  readonly keys: WorkloadKeys;
  readonly network: WorkloadNetwork;
  readonly edge: Edge;
  readonly secrets: Record<string, string>;
  readonly tenants: TenantRoute[];
}

/**
 * Who reaches the EKS API: the account's admin and deploy roles as cluster admins; developers edit in nonprod and
 * only view in prod (as their IAM role there); readonly views. The account's role set is created in the same stack.
 */
export function eksAccess({ stack, account }: WorkloadContext): EksAccess[] {
  const levels: Record<string, EksAccessLevel> = {
    admin: "cluster-admin",
    "terraform-deploy": "cluster-admin",
    developer: account.tier === "prod" ? "view" : "edit",
    readonly: "view",
  };
  return Object.entries(levels).flatMap(([role, level]) => {
    const iamRole = stack.roles.find((r) => r.roleName === roleName(stack.config, role));
    return iamRole ? [{ key: role.replace(/-/g, "_"), principalArn: iamRole.roleArn, level }] : [];
  });
}

/** ECS Fargate (api, workers, tenants; images from the tier's registry) or EKS, as the tier says. Returns its alarms. */
export function addCompute(ctx: WorkloadContext, { keys, network, edge, secrets, tenants }: ComputeInputs): AlarmSpec[] {
  const { stack, config, account, tier, names } = ctx;
  if (tier.compute.platform === "ecs") {
    const ecrAccountId = servicesAccount(config, account.tier).id!;
    const ecs = new EcsPlatform(stack, "ecs", {
      name: names.cluster,
      region: account.region,
      subnetIds: network.network.appSubnetIds,
      securityGroupId: network.securityGroups.appSecurityGroupId,
      logsKmsKeyArn: keys.logs.keyArn,
      dataKmsKeyArn: keys.data.keyArn,
      logRetentionDays: tier.observability.logRetentionDays,
      api: { ...tier.compute.api!, image: ecrImage(config, ecrAccountId, tierRepositoryName(config, config.app.images!.api, account.tier)), port: config.app.apiPort },
      workers: { ...tier.compute.workers!, image: ecrImage(config, ecrAccountId, tierRepositoryName(config, config.app.images!.workers, account.tier)) },
      loadBalancer: { targetGroupArn: edge.alb.targetGroupArn, albArnSuffix: edge.alb.arnSuffix, targetGroupArnSuffix: edge.alb.targetGroupArnSuffix },
      secrets,
      roleNames: names.ecsRoles,
      tenants: tenants.map((t) => ({ ...t, image: ecrImage(config, ecrAccountId, tierRepositoryName(config, t.image, account.tier)) })),
      tenantTaskRoleName: names.tenantsTaskRole,
      tracing: tier.observability.tracing,
    });
    return ecs.alarms;
  }
  const eks = tier.compute.eks!;
  new EksPlatform(stack, "eks", {
    clusterName: names.cluster,
    version: eks.version,
    subnetIds: network.network.appSubnetIds,
    securityGroupIds: [network.securityGroups.appSecurityGroupId],
    publicAccessCidrs: eks.publicAccessCidrs,
    kmsKeyArn: keys.data.keyArn,
    logsKmsKeyArn: keys.logs.keyArn,
    logRetentionDays: tier.observability.logRetentionDays,
    systemNodes: eks.systemNodes,
    appNodes: eks.appNodes,
    roleNames: names.eksRoles,
    access: eksAccess(ctx),
  });
  return [];
}
