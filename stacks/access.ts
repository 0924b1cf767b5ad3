/**
 * Who may do what, derived from config: the role set of every account and its trust policies, the identity
 * groups' policies, the CI roles and the guardrail SCPs. Pure functions (no cdktf), shared by the stacks that
 * create these resources and by the IAM-simulation tests that prove them.
 */
import {
  accountZoneName,
  accountsOfTier,
  dnsDelegationRoleName,
  stateReaderRoleName,
  accountRoleSet,
  auditAccount,
  auditBucketName,
  BOOTSTRAP_ROLE_NAME,
  ciRoleName,
  deployRoleName,
  identityAccount,
  requireAccountId,
  roleArn,
  roleName,
  stateAccessRoleName,
  delegatedZoneAccounts,
  servicesAccount,
  servicesAccounts,
  stateAccount,
  stateBucketName,
  tierSettings,
  type Account,
  type OrgConfig,
  type Tier,
} from "../config";
import { BuiltinGuardrails, type BuiltinGuardrail } from "../config/model";
import { accountRootArn, s3BucketArn, type PolicyStatement } from "../modules/lib/policy";
import { coreGuardrail, protectAuditGuardrail, protectLandingZoneGuardrail, restrictRegionsGuardrail } from "../modules/scp";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export const MANAGED_POLICY = {
  admin: "arn:aws:iam::aws:policy/AdministratorAccess",
  developer: "arn:aws:iam::aws:policy/PowerUserAccess",
  readonly: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  "terraform-plan": "arn:aws:iam::aws:policy/ReadOnlyAccess",
} as const;

/** Terraform plans read configuration, never data: these data-plane reads are denied to the plan role. */
export const PLAN_DENIED_DATA_READS = [
  "s3:GetObject", "s3:GetObjectVersion", "secretsmanager:GetSecretValue", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
  "dynamodb:Scan", "sqs:ReceiveMessage", "kms:Decrypt", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
  "rds-db:connect", "logs:GetLogEvents", "logs:FilterLogEvents", "athena:GetQueryResults", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
];

export interface RoleSpec {
  readonly role: string;
  readonly roleName: string;
  readonly description: string;
  readonly trust: PolicyStatement[];
  readonly managedPolicyArns: string[];
  readonly inlinePolicies?: Record<string, PolicyStatement[]>;
}

const idOf = (account: Account) => requireAccountId(account, "trust and resource policies");

export function githubOidcProviderArn(config: OrgConfig): string {
  return `arn:aws:iam::${idOf(stateAccount(config))}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function ciRoleArn(config: OrgConfig, tier: Tier): string {
  return `arn:aws:iam::${idOf(stateAccount(config))}:role/${ciRoleName(config, tier)}`;
}

/** The exact GitHub OIDC subject a tier's apply job has: its environment if it has one, else its branch. */
export function ciSubject(config: OrgConfig, tier: Tier): string {
  const repo = `repo:${config.ci.github.owner}/${config.ci.github.repo}`;
  const deploy = tierSettings(config, tier).deploy;
  const environment = deploy.environment ?? (deploy.requireApproval ? (tier === "prod" ? "production" : tier) : undefined);
  return environment ? `${repo}:environment:${environment}` : `${repo}:ref:refs/heads/${deploy.branch}`;
}

/** The exact subject of pull-request workflow runs (read-only plans). */
export function pullRequestSubject(config: OrgConfig): string {
  return `repo:${config.ci.github.owner}/${config.ci.github.repo}:pull_request`;
}

export function ciPlanRoleArn(config: OrgConfig): string {
  return `arn:aws:iam::${idOf(stateAccount(config))}:role/${ciRoleName(config, "plan")}`;
}

/** Trust of the pull-request plan role. */
export const ciPlanTrust = (config: OrgConfig) => githubOidcTrust(config, "PullRequestsOfThisRepositoryOnly", pullRequestSubject(config));

/** One ARN, or a list when there are several (keeps single-account policies as they always were). */
const oneOrMany = (arns: string[]): string | string[] => (arns.length === 1 ? arns[0] : arns);

/** The state-reader role in every account that holds Terraform state. */
export function stateReaderArns(config: OrgConfig): string[] {
  return servicesAccounts(config).map(({ account }) => `arn:aws:iam::${idOf(account)}:role/${stateReaderRoleName(config)}`);
}

/** Operators (identity-account humans with MFA, the state holder's admins) and read-only plans read state. */
export function stateReaderTrust(config: OrgConfig, holder: Account = stateAccount(config)): PolicyStatement[] {
  const state = idOf(holder);
  return [
    ...humanTrust(config),
    { Sid: "MainBranchPlans", Effect: "Allow", Principal: { AWS: ciMainPlanRoleArn(config) }, Action: "sts:AssumeRole" },
    ...(config.ci.planOnPullRequest ? [{ Sid: "PullRequestPlans", Effect: "Allow" as const, Principal: { AWS: ciPlanRoleArn(config) }, Action: "sts:AssumeRole" }] : []),
    { Sid: "StateAccountAdmins", Effect: "Allow", Principal: { AWS: roleArn(config, state, "admin") }, Action: "sts:AssumeRole" },
  ];
}

/** The subject of workflow runs on main that are not in an environment: the prod plan and the scheduled drift check. */
export function mainBranchSubject(config: OrgConfig): string {
  return `repo:${config.ci.github.owner}/${config.ci.github.repo}:ref:refs/heads/main`;
}

export function ciMainPlanRoleArn(config: OrgConfig): string {
  return `arn:aws:iam::${idOf(stateAccount(config))}:role/${ciRoleName(config, "main-plan")}`;
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
    { Sid: "ReadState", Effect: "Allow", Action: "sts:AssumeRole", Resource: oneOrMany(stateReaderArns(config)) },
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

/** The dns-delegation-<tier> roles: in every services account that holds a zone the tier delegates into. */
export function dnsDelegationRoleArns(config: OrgConfig, tier: Tier): string[] {
  const owners = servicesAccounts(config).map((s) => s.account).filter((owner) => delegatedZoneAccounts(config, owner, tier).length > 0);
  return (owners.length ? owners : [stateAccount(config)]).map((owner) => `arn:aws:iam::${idOf(owner)}:role/${dnsDelegationRoleName(config, tier)}`);
}

/** A CI role may assume only its tier's deploy roles and its tier's state role. */
export function ciPolicy(config: OrgConfig, tier: Tier): PolicyStatement[] {
  const state = servicesAccount(config, tier);
  return [
    {
      Sid: "AssumeTierDeployRoles",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: accountsOfTier(config, tier).filter((a) => a.id).map((a) => roleArn(config, a.id!, "terraform-deploy")),
    },
    { Sid: "UseTierState", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${idOf(state)}:role/${stateAccessRoleName(config, tier)}` },
    { Sid: "DelegateTierZones", Effect: "Allow", Action: "sts:AssumeRole", Resource: oneOrMany(dnsDelegationRoleArns(config, tier)) },
    { Sid: "PushImages", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
  ];
}

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

/** The delegation role of one tier: assumed by that tier's CI role; may only change the NS and DS records of that tier's zones. */
export function dnsDelegationTrust(config: OrgConfig, tier: Tier): PolicyStatement[] {
  return [{ Sid: "TierCiOnly", Effect: "Allow", Principal: { AWS: ciRoleArn(config, tier) }, Action: "sts:AssumeRole" }];
}

/** What a tier's delegation role in `owner` may write: NS records of exactly the zones that tier delegates into its zone. */
export function dnsDelegationPolicy(config: OrgConfig, tier: Tier, parentZoneArn: string, owner: Account = stateAccount(config)): PolicyStatement[] {
  const zones = delegatedZoneAccounts(config, owner, tier).map((a) => accountZoneName(config, a));
  return [
    {
      Sid: "OnlyThisTiersDelegations",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: parentZoneArn,
      Condition: {
        "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": zones, "route53:ChangeResourceRecordSetsRecordTypes": ["NS", "DS"] },
      },
    },
    { Sid: "ReadZone", Effect: "Allow", Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets"], Resource: parentZoneArn },
    { Sid: "WaitForChanges", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
  ];
}

/** Machine users whose groups grant `role` in `tier`. */
export function machineUsersWithRole(config: OrgConfig, tier: Tier, role: string): string[] {
  const groups = new Set(config.identity.groups.filter((g) => g.kind === "machine" && g.roles[tier].includes(role)).map((g) => g.name));
  return config.identity.users.filter((u) => u.kind === "machine" && u.groups.some((g) => groups.has(g))).map((u) => u.name);
}

export function userArn(config: OrgConfig, userName: string): string {
  return `arn:aws:iam::${idOf(identityAccount(config))}:user/${userName}`;
}

/** Humans reach roles from the identity account, only with MFA; which roles is up to their groups' policies. */
export function humanTrust(config: OrgConfig): PolicyStatement[] {
  return [
    {
      Sid: "HumansFromIdentityAccountWithMfa",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(idOf(identityAccount(config))) },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    },
  ];
}

/** Machine principals of one tier for roles they may assume: the tier's CI role (deploy only) and machine users. */
function machineTrust(config: OrgConfig, tier: Tier, role: string): PolicyStatement[] {
  const principals = [
    ...(role === "terraform-deploy" && config.tiers[tier] ? [ciRoleArn(config, tier)] : []),
    ...(role === "terraform-plan" ? [ciMainPlanRoleArn(config)] : []),
    ...(role === "terraform-plan" && tier === "nonprod" && config.ci.planOnPullRequest ? [ciPlanRoleArn(config)] : []),
    ...machineUsersWithRole(config, tier, role).map((u) => userArn(config, u)),
  ];
  return principals.length
    ? [{ Sid: `${tier === "prod" ? "Prod" : "Nonprod"}MachinePrincipals`, Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" }]
    : [];
}

/** The same role names and permissions in every account; trust depends on the account's tier. */
export function roleSet(config: OrgConfig, account: Account): RoleSpec[] {
  const extra = new Map(config.identity.extraRoles.map((r) => [r.name, r.managedPolicyArns]));
  return accountRoleSet(config).map((role) => {
    const isMachineOnly = role === "terraform-deploy" || role === "terraform-plan";
    const trust = isMachineOnly ? machineTrust(config, account.tier, role) : [...humanTrust(config), ...machineTrust(config, account.tier, role)];
    return {
      role,
      roleName: roleName(config, role),
      description:
        role === "terraform-deploy"
          ? `Terraform deploys of ${account.tier} accounts (CI and ${account.tier} machine users only)`
          : role === "terraform-plan"
            ? "Read-only Terraform plans and drift checks from CI: configuration, never data"
            : `${role} for humans from the identity account, MFA required`,
      trust: trust.length ? trust : [denyAllTrust()],
      managedPolicyArns: role === "terraform-deploy" ? [MANAGED_POLICY.admin] : (extra.get(role) ?? [MANAGED_POLICY[role as keyof typeof MANAGED_POLICY]]),
      inlinePolicies:
        role === "terraform-plan" ? { "no-data-reads": [{ Sid: "ConfigurationNotData", Effect: "Deny", Action: PLAN_DENIED_DATA_READS, Resource: "*" }] } : undefined,
    };
  });
}

/** A role nobody may assume yet (a trust policy needs at least one statement). */
function denyAllTrust(): PolicyStatement {
  return { Sid: "NobodyYet", Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" };
}

/** Inline policies of one identity group: assume its roles per tier (humans: with MFA), plus self-service for humans. */
export function groupAssumeStatements(config: OrgConfig, groupName: string): PolicyStatement[] {
  const group = config.identity.groups.find((g) => g.name === groupName);
  if (!group) throw new Error(`no identity group "${groupName}"`);
  const arns = (["nonprod", "prod"] as const).flatMap((tier) =>
    accountsOfTier(config, tier)
      .filter((a) => a.id)
      .flatMap((a) => group.roles[tier].map((role) => roleArn(config, a.id!, role))),
  );
  if (!arns.length) return [];
  return [
    {
      Sid: "AssumeGroupRoles",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: [...new Set(arns)].sort(),
      ...(group.kind === "human" ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } : {}),
    },
  ];
}

/** Principals that may change the landing zone's own resources in member accounts. */
export function landingZoneManagers(config: OrgConfig): string[] {
  return [`arn:aws:iam::*:role/${deployRoleName(config)}`, `arn:aws:iam::*:role/${BOOTSTRAP_ROLE_NAME}`];
}

/** Every guardrail document, built-in and custom, by name. */
export function guardrailDocuments(config: OrgConfig): Record<string, { description: string; statements: PolicyStatement[] }> {
  const state = stateAccount(config);
  const audit = auditAccount(config);
  const builtin: Record<BuiltinGuardrail, { description: string; statements: PolicyStatement[] }> = {
    core: {
      description: "No leaving the organization, no root user, keep the S3 account public-access block, 30-day KMS deletion",
      statements: coreGuardrail({ trustedPrincipalArns: landingZoneManagers(config) }),
    },
    "protect-audit": {
      description: "CloudTrail, Config, GuardDuty and Access Analyzer cannot be stopped or deleted",
      statements: protectAuditGuardrail({ breakGlassPrincipalArns: [`arn:aws:iam::*:role/${BOOTSTRAP_ROLE_NAME}`] }),
    },
    "protect-landing-zone": {
      description: "Baseline roles, state and audit buckets, and backups only change through the landing zone",
      statements: protectLandingZoneGuardrail({
        baselineRoleArnPattern: `arn:aws:iam::*:role/${config.organization.name}-*`,
        managerPrincipalArns: landingZoneManagers(config),
        roleAssumingAccountIds: [...new Set([idOf(identityAccount(config)), idOf(state)])],
        protectedBucketArns: [
          ...servicesAccounts(config).map(({ account }) => s3BucketArn(stateBucketName(config, idOf(account)))),
          s3BucketArn(auditBucketName(config, idOf(audit))),
        ],
      }),
    },
    "restrict-regions": {
      description: `Only ${config.organization.allowedRegions.join(", ")} (global services exempt)`,
      statements: restrictRegionsGuardrail({ allowedRegions: config.organization.allowedRegions }),
    },
  };
  const custom = Object.fromEntries(
    config.guardrails.custom.map((g) => [g.name, { description: g.description, statements: g.statements as unknown as PolicyStatement[] }]),
  );
  return { ...builtin, ...custom };
}

/** OU name → the guardrails attached to it (every built-in one unless the config says otherwise). */
export function guardrailAttachments(config: OrgConfig): Record<string, string[]> {
  const ous = [...new Set(config.accounts.filter((a) => a.enabled && a.ou !== null).map((a) => a.ou!))].sort();
  return Object.fromEntries(ous.map((ou) => [ou, config.guardrails.attach[ou] ?? [...BuiltinGuardrails]]));
}
