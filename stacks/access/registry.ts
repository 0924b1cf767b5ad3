/** The container registry's repository policy. */
import { ciRoleArn, type OrgConfig, type Tier } from "../../config";
import { accountRootArn, type PolicyStatement } from "../../modules/lib/policy";
import { ciTiers, ECR_PULL, ECR_PUSH } from "./ci";


/**
 * Policy of one repository holding `tier`'s images: that tier's workload accounts pull, only that tier's CI role
 * pushes. A nonprod repository also lets the prod CI role pull, to promote an image by digest into the prod repository,
 * which nonprod CI can never write.
 */
export function ecrRepositoryPolicy(config: OrgConfig, tier: Tier): PolicyStatement[] {
  const pullers = config.accounts.filter((a) => a.enabled && a.role === "workload" && a.id && a.tier === tier).map((a) => accountRootArn(a.id!));
  const ci = ciTiers(config);
  const promoter = tier === "nonprod" && ci.includes("prod") ? [ciRoleArn(config, "prod")] : [];
  return [
    ...(pullers.length ? [{ Sid: "WorkloadAccountsPull", Effect: "Allow" as const, Principal: { AWS: pullers }, Action: ECR_PULL }] : []),
    ...(ci.includes(tier) ? [{ Sid: "CiPushes", Effect: "Allow" as const, Principal: { AWS: [ciRoleArn(config, tier)] }, Action: ECR_PUSH }] : []),
    ...(promoter.length ? [{ Sid: "ProdCiPullsToPromote", Effect: "Allow" as const, Principal: { AWS: promoter }, Action: ECR_PULL }] : []),
  ];
}

