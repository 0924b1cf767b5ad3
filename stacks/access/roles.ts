/** The role set every account gets: names, managed policies and trust (humans with MFA, machines by tier). */
import {
  accountRoleSet,
  accountsOfTier,
  breakGlassRoleArnPattern,
  groupRolesIn,
  ciMainPlanRoleArn,
  ciPlanRoleArn,
  ciRoleArn,
  identityAccount,
  identityCenterRoleArnPattern,
  requireAccountId,
  roleArn,
  roleName,
  userArn,
  type Account,
  type OrgConfig,
} from "../../config";
import { accountRootArn, type PolicyStatement } from "../../modules/lib/policy";

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
  "logs:StartQuery", "logs:GetQueryResults", "logs:StartLiveTail", "ssm:GetParameterHistory", "lambda:GetFunction", "rds:DownloadDBLogFilePortion",
  // Not ecs:DescribeTaskDefinition: Terraform refreshes every task definition it plans through it, and ours carry no
  // secret values (containers get secrets by Secrets Manager ARN), so denying it would only break drift checks.
];

export interface RoleSpec {
  readonly role: string;
  readonly roleName: string;
  readonly description: string;
  readonly trust: PolicyStatement[];
  readonly managedPolicyArns: string[];
  readonly inlinePolicies?: Record<string, PolicyStatement[]>;
}

/** Machine users whose groups grant `role` in `account` (never any in management). */
export function machineUsersWithRole(config: OrgConfig, account: Pick<Account, "role" | "tier">, role: string): string[] {
  const groups = new Set(config.identity.groups.filter((g) => g.kind === "machine" && groupRolesIn(g, account).includes(role)).map((g) => g.name));
  return config.identity.users.filter((u) => u.kind === "machine" && u.groups.some((g) => groups.has(g))).map((u) => u.name);
}

/**
 * Humans reach roles from the identity account, only with MFA; which roles is up to their groups' policies. With IAM
 * Identity Center (which enforces MFA at sign-in) humans already hold a permission set in the account: a role of the
 * same name there admits that permission set's session, in the same account only.
 */
export function humanTrust(config: OrgConfig, within?: { accountId: string; roles: string[] }): PolicyStatement[] {
  if (config.identity.provider === "identity-center") {
    if (!within) return [];
    return [
      {
        Sid: "HumansThroughIdentityCenter",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(within.accountId) },
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "aws:PrincipalArn": within.roles.map((r) => identityCenterRoleArnPattern(config, within.accountId, r)) } },
      },
    ];
  }
  return [
    {
      Sid: "HumansFromIdentityAccountWithMfa",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(requireAccountId(identityAccount(config), "trust and resource policies")) },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    },
  ];
}

/** Machine principals of one account for roles they may assume: the tier's CI role (deploy only) and machine users. */
function machineTrust(config: OrgConfig, account: Account, role: string): PolicyStatement[] {
  const tier = account.tier;
  const principals = [
    ...(role === "terraform-deploy" && config.tiers[tier] ? [ciRoleArn(config, tier)] : []),
    ...(role === "terraform-plan" ? [ciMainPlanRoleArn(config)] : []),
    ...(role === "terraform-plan" && tier === "nonprod" && config.ci.planOnPullRequest ? [ciPlanRoleArn(config)] : []),
    ...machineUsersWithRole(config, account, role).map((u) => userArn(config, u)),
  ];
  return principals.length
    ? [{ Sid: `${tier === "prod" ? "Prod" : "Nonprod"}MachinePrincipals`, Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" }]
    : [];
}

/** The same role names and permissions in every account; trust depends on the account's tier. */
export function roleSet(config: OrgConfig, account: Account): RoleSpec[] {
  const extra = new Map(config.identity.extraRoles.map((r) => [r.name, r.managedPolicyArns]));
  return accountRoleSet(config, account).map((role) => {
    const isMachineOnly = role === "terraform-deploy" || role === "terraform-plan";
    // With Identity Center, humans sign in through its permission sets: the roles keep only their machine principals.
    const humans = humanTrust(config, { accountId: requireAccountId(account, "trust policies"), roles: [role] });
    const trust = isMachineOnly ? machineTrust(config, account, role) : [...humans, ...machineTrust(config, account, role)];
    const inline: Record<string, PolicyStatement[]> = {
      ...(role === "terraform-plan" ? { "no-data-reads": [{ Sid: "ConfigurationNotData", Effect: "Deny" as const, Action: PLAN_DENIED_DATA_READS, Resource: "*" }] } : {}),
      // Every OrganizationAccountAccessRole trusts the management account: only its admin role is the break-glass path.
      ...(account.role === "management" && role !== "admin" ? { "no-break-glass": [noBreakGlassStatement()] } : {}),
    };
    return {
      role,
      roleName: roleName(config, role),
      description:
        role === "terraform-deploy"
          ? `Terraform deploys of ${account.tier} accounts (CI and ${account.tier} machine users only)`
          : role === "terraform-plan"
            ? "Read-only Terraform plans and drift checks from CI: configuration, never data"
            : config.identity.provider === "iam-users"
              ? `${role} for humans from the identity account, MFA required`
              : `${role} for machine users (humans use the ${role} permission set of IAM Identity Center)`,
      trust: trust.length ? trust : [denyAllTrust()],
      managedPolicyArns: role === "terraform-deploy" ? [MANAGED_POLICY.admin] : (extra.get(role) ?? [MANAGED_POLICY[role as keyof typeof MANAGED_POLICY]]),
      inlinePolicies: Object.keys(inline).length ? inline : undefined,
    };
  });
}

/** Management roles other than admin may not assume any account's OrganizationAccountAccessRole. */
export function noBreakGlassStatement(): PolicyStatement {
  return { Sid: "NoBreakGlass", Effect: "Deny", Action: "sts:AssumeRole", Resource: breakGlassRoleArnPattern() };
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
      .flatMap((a) => groupRolesIn(group, a).map((role) => roleArn(config, a.id!, role))),
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
