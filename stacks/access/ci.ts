/** GitHub Actions: the OIDC subjects of this repository's jobs, the CI roles' trust and what each may assume. */
import {
  accountsOfTier,
  baselineRoleArnPattern,
  ecrRepositoryArnPattern,
  requireAccountId,
  servicesAccounts,
  deployEnvironment,
  dnsDelegationRoleArns,
  githubOidcProviderArn,
  nonprodStateReaderArn,
  GITHUB_OIDC_HOST,
  roleArn,
  stateAccessRoleArn,
  stateReaderArns,
  tierRepositoryArns,
  tierSettings,
  type OrgConfig,
  type Tier,
} from "../../config";
import { oneOrMany, type PolicyStatement } from "../../modules/lib/policy";

export { GITHUB_OIDC_HOST };
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** The exact GitHub OIDC subject of a tier's plan and apply jobs: its GitHub environment (a job in an environment always has it). */
export function ciSubject(config: OrgConfig, tier: Tier): string {
  tierSettings(config, tier); // throws for a tier the config does not set
  const environment = deployEnvironment(config, tier);
  // An apply role trusts a GitHub environment, never a branch ref: any workflow of any branch can claim a ref subject.
  if (!environment) throw new Error(`tiers.${tier}.deploy has no GitHub environment: an apply role must trust an environment subject`);
  return `repo:${config.ci.github.owner}/${config.ci.github.repo}:environment:${environment}`;
}

/** The exact subject of pull-request workflow runs (read-only plans). */
export function pullRequestSubject(config: OrgConfig): string {
  return `repo:${config.ci.github.owner}/${config.ci.github.repo}:pull_request`;
}

/** Trust of the pull-request plan role. */
export const ciPlanTrust = (config: OrgConfig) => githubOidcTrust(config, "PullRequestsOfThisRepositoryOnly", pullRequestSubject(config));

/** The subject of workflow runs on main that are not in an environment: the prod plan and the scheduled drift check. */
export function mainBranchSubject(config: OrgConfig): string {
  return `repo:${config.ci.github.owner}/${config.ci.github.repo}:ref:refs/heads/main`;
}

/** Trust of the main-branch plan role (drift checks): main only. */
export const ciMainPlanTrust = (config: OrgConfig) => githubOidcTrust(config, "MainBranchOfThisRepositoryOnly", mainBranchSubject(config));

/** Read-only plans from main: every account's plan role and the state reader. */
export function ciMainPlanPolicy(config: OrgConfig): PolicyStatement[] {
  return [
    {
      Sid: "PlanEveryAccount",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: config.accounts.filter((a) => a.enabled && a.id).map((a) => roleArn(config, a.id!, "terraform-plan")),
    },
    { Sid: "ReadState", Effect: "Allow", Action: "sts:AssumeRole", Resource: oneOrMany(stateReaderArns(config)) },
  ];
}

/** Pull-request plans: the plan role of nonprod accounts and read-only state; never prod, never writes. */
export function ciPlanPolicy(config: OrgConfig): PolicyStatement[] {
  return [
    {
      Sid: "PlanNonprodAccounts",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: accountsOfTier(config, "nonprod").filter((a) => a.id).map((a) => roleArn(config, a.id!, "terraform-plan")),
    },
    // Nonprod state only: a pull request (any contributor's branch) must never read prod state.
    { Sid: "ReadNonprodState", Effect: "Allow", Action: "sts:AssumeRole", Resource: nonprodStateReaderArn(config) },
  ];
}

/** Tiers that have CI roles: those with tier settings. */
export function ciTiers(config: OrgConfig): Tier[] {
  return (["nonprod", "prod"] as const).filter((t) => config.tiers[t] !== undefined);
}

/**
 * Trust of a GitHub Actions role (the rule of SECURITY.md): GitHub's OIDC provider by literal ARN, StringEquals on the
 * audience and on the exact subject — no wildcard, no StringLike.
 */
export function githubOidcTrust(config: OrgConfig, sid: string, subject: string): PolicyStatement[] {
  return [
    {
      Sid: sid,
      Effect: "Allow",
      Principal: { Federated: githubOidcProviderArn(config) },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject } },
    },
  ];
}

/** Trust of a tier's apply role. */
export const ciTrust = (config: OrgConfig, tier: Tier) => githubOidcTrust(config, "GitHubActionsOfThisRepositoryOnly", ciSubject(config, tier));

/** A CI role may assume only its tier's deploy roles and its tier's state role, and push only its tier's images. */
export function ciPolicy(config: OrgConfig, tier: Tier): PolicyStatement[] {
  return [
    {
      Sid: "AssumeTierDeployRoles",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: accountsOfTier(config, tier).filter((a) => a.id).map((a) => roleArn(config, a.id!, "terraform-deploy")),
    },
    { Sid: "UseTierState", Effect: "Allow", Action: "sts:AssumeRole", Resource: stateAccessRoleArn(config, tier) },
    { Sid: "DelegateTierZones", Effect: "Allow", Action: "sts:AssumeRole", Resource: oneOrMany(dnsDelegationRoleArns(config, tier)) },
    ...ciRegistryStatements(config, tier),
  ];
}

/**
 * The most any CI role may ever do, as a permissions boundary (used where the CI roles live in the management account,
 * which no SCP covers): assume the landing zone's own roles, and push and pull images in its registries.
 */
export function ciBoundaryStatements(config: OrgConfig): PolicyStatement[] {
  const registries = [...new Set(servicesAccounts(config).map((s) => requireAccountId(s.account, "the CI boundary")))];
  return [
    { Sid: "AssumeLandingZoneRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: baselineRoleArnPattern(config) },
    { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    { Sid: "LandingZoneRegistries", Effect: "Allow", Action: [...new Set([...ECR_PUSH, ...ECR_PULL])], Resource: registries.map((id) => ecrRepositoryArnPattern(id)) },
  ];
}

/** Image reads and writes in ECR, as repository and identity policies name them. */
export const ECR_PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
export const ECR_PUSH = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"];

/** What a tier's CI role may do in the registries (the repository policies must allow it too): push its tier's images; prod also pulls nonprod's, to promote. */
export function ciRegistryStatements(config: OrgConfig, tier: Tier): PolicyStatement[] {
  const own = tierRepositoryArns(config, tier);
  const promoteFrom = tier === "prod" && config.tiers.nonprod ? tierRepositoryArns(config, "nonprod") : [];
  return [
    { Sid: "PushImages", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ...(own.length ? [{ Sid: "PushTierImages", Effect: "Allow" as const, Action: ECR_PUSH, Resource: own }] : []),
    ...(promoteFrom.length ? [{ Sid: "PullNonprodImagesToPromote", Effect: "Allow" as const, Action: ECR_PULL, Resource: promoteFrom }] : []),
  ];
}
