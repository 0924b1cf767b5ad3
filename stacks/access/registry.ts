/** The container registry's repository policy. */
import { ciRoleArn, type OrgConfig, type Tier } from "../../config";
import { accountRootArn, type PolicyStatement } from "../../modules/lib/policy";
import { ciTiers } from "./ci";

/** ECR repository policy of a registry serving `tiers`: their workload accounts may pull; only their CI roles may push. */
export function ecrRepositoryPolicy(config: OrgConfig, tiers: readonly Tier[] = ["nonprod", "prod"]): PolicyStatement[] {
  const pullers = config.accounts.filter((a) => a.enabled && a.role === "workload" && a.id && tiers.includes(a.tier)).map((a) => accountRootArn(a.id!));
  return [
    ...(pullers.length
      ? [{ Sid: "WorkloadAccountsPull", Effect: "Allow" as const, Principal: { AWS: pullers }, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] }]
      : []),
    {
      Sid: "CiPushes",
      Effect: "Allow",
      Principal: { AWS: ciTiers(config).filter((t) => tiers.includes(t)).map((t) => ciRoleArn(config, t)) },
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"],
    },
  ];
}
