/**
 * Every AWS name landing-zone derives, in one place. Stacks and modules never build a name themselves;
 * the loader checks every name listed by `derivedNames` against AWS's limits before anything is synthesized.
 */
import { BaselineRoles, ManagementHumanRoles, ManagementRoles, type Tier } from "./model";
import { identityAccount, ownNonprodServicesAccount, requireAccountId, servicesAccount, servicesAccounts, stackTier, stateAccount } from "./topology";
import { AWS_REGIONS } from "./regions";
import type { Account, OrgConfig } from "./types";

/** The role AWS Organizations creates in every account it creates; used only while bootstrapping. */
export const BOOTSTRAP_ROLE_NAME = "OrganizationAccountAccessRole";

/** The host of GitHub's OIDC issuer (also the name of its IAM OIDC provider). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

type Org = Pick<OrgConfig, "organization">;

/** `<org>-`: every IAM role and organization-wide name the landing zone creates starts with it. */
export const namePrefix = (c: Org) => `${c.organization.name}-`;
export const roleName = (c: Org, role: string) => `${namePrefix(c)}${role}`;
export const deployRoleName = (c: Org) => roleName(c, "terraform-deploy");

/** `arn:aws:iam::<account>:role/<name>`; the one place a role ARN is built. `accountId` may be `*` (SCP patterns). */
export function arnOfRole(accountId: string, fullRoleName: string): string {
  return `arn:aws:iam::${accountId}:role/${fullRoleName}`;
}

/** ARN of one of the landing zone's own roles (`<org>-<role>`) in an account. */
export function roleArn(c: Org, accountId: string, role: string): string {
  return arnOfRole(accountId, roleName(c, role));
}

/** Every landing-zone role in every account (the SCPs protect them): `arn:aws:iam::*:role/<org>-*`. */
export const baselineRoleArnPattern = (c: Org) => arnOfRole("*", `${namePrefix(c)}*`);

export function iamUserArn(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

/** Names inside the management account (guardrails, trail, security alarms, analyzers). */
export function managementNames(c: Org) {
  const trail = orgTrailName(c);
  return {
    guardrailPolicy: (guardrail: string) => `${namePrefix(c)}${guardrail}`,
    accessAnalyzer: `${namePrefix(c)}organization`,
    trail,
    trailTopic: `${trail}-deliveries`,
    trailLogGroup: `/aws/cloudtrail/${trail}`,
    trailToCloudWatchRole: roleName(c, "cloudtrail-to-cloudwatch"),
    cisMetricNamespace: `${c.organization.name}/CIS`,
    securityAlarms: `${namePrefix(c)}security`,
  };
}

/** An IAM Identity Center permission set: the role of the same name, for humans signing in through Identity Center. */
export const permissionSetName = (c: Org, role: string) => roleName(c, role);
/** The role IAM Identity Center creates in an account for a permission set (its path and suffix are AWS's). */
export const identityCenterRoleArnPattern = (c: Org, accountId: string, role: string) =>
  `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSetName(c, role)}_*`;

/** Names of the detective controls: Config in every account, the services administered from the security account. */
export function securityNames(c: Org) {
  return {
    configRecorder: `${namePrefix(c)}recorder`,
    configAggregator: `${namePrefix(c)}organization`,
    configAggregatorRole: roleName(c, "config-aggregator"),
    unusedAccessAnalyzer: `${namePrefix(c)}unused-access`,
    securityHubPolicy: `${namePrefix(c)}baseline`,
    conformancePack: `${namePrefix(c)}cis`,
    /** Where GuardDuty exports findings in the audit archive, and the key (in the security account) it encrypts them with. */
    guardDutyFindingsPrefix: "guardduty",
    guardDutyFindingsKeyAlias: kmsAlias(c, "guardduty-findings"),
  };
}

/** The CloudWatch Logs resource policy letting Route 53 write query logs (one per account, us-east-1). */
export const route53QueryLogsPolicyName = (c: Org) => `${namePrefix(c)}route53-query-logs`;

/** All roles present in every account: the baseline plus the config's extra roles. */
export function accountRoleSet(c: Pick<OrgConfig, "identity">, account?: Pick<Account, "role">): string[] {
  if (account?.role === "management") return [...ManagementRoles];
  return [...BaselineRoles, ...c.identity.extraRoles.map((r) => r.name)];
}

/** The roles a group may assume in one account: its tier's grants, and in management only the management grants. */
export function groupRolesIn(group: OrgConfig["identity"]["groups"][number], account: Pick<Account, "role" | "tier">): string[] {
  if (account.role !== "management") return group.roles[account.tier];
  const human: readonly string[] = ManagementHumanRoles;
  return group.kind === "machine" ? [] : (group.roles.management ?? group.roles.prod.filter((r) => human.includes(r)));
}

export const stateKey = (stackName: string) => `stacks/${stackName}/terraform.tfstate`;
export const stateBucketName = (c: Org, stateAccountId: string) => `${c.organization.name}-tfstate-${stateAccountId}`;
export const lockTableName = (c: Org) => `${c.organization.name}-tflock`;
export const stateKmsAlias = (c: Org) => `alias/${c.organization.name}-tfstate`;
/** Role in the state account that reads/writes the state of one tier's stacks. */
export const stateAccessRoleName = (c: Org, tier: Tier) => roleName(c, `tfstate-${tier}`);

/** GitHub Actions roles in the state account: one apply role per tier, one read-only plan role for pull requests. */
export const ciRoleName = (c: Org, purpose: Tier | "plan" | "main-plan") => roleName(c, `ci-${purpose}`);

/** Role in the DNS account that may write only the NS delegation records of one tier's workload zones. */
export const dnsDelegationRoleName = (c: Org, tier: Tier) => roleName(c, `dns-delegation-${tier}`);
/** Read-only access to every stack's state, for operators and read-only plans. */
export const stateReaderRoleName = (c: Org) => roleName(c, "tfstate-reader");
/** Reads nonprod state only: what pull-request plans may see. */
export const nonprodStateReaderRoleName = (c: Org) => roleName(c, "tfstate-reader-nonprod");

export const orgTrailName = (c: Org) => `${c.organization.name}-organization-trail`;
export function orgTrailArn(c: Pick<OrgConfig, "organization">, managementId: string): string {
  return `arn:aws:cloudtrail:${c.organization.homeRegion}:${managementId}:trail/${orgTrailName(c)}`;
}
export const auditBucketName = (c: Org, auditAccountId: string) => `${c.organization.name}-audit-logs-${auditAccountId}`;
export const auditKmsAlias = (c: Org) => `alias/${c.organization.name}-audit`;
/** The S3 server-access-log bucket of one account (every other landing-zone bucket of the account logs into it). */
export const accessLogBucketName = (c: Org, accountId: string) => `${c.organization.name}-s3-access-logs-${accountId}`;
export function kmsAliasArn(region: string, accountId: string, alias: string): string {
  return `arn:aws:kms:${region}:${accountId}:${alias}`;
}

/** Any KMS key of one account in one region (a bucket policy admitting another account's keys). */
/** The permissions boundary of the CI roles when they live in the management account. */
export const ciBoundaryPolicyName = (c: Org) => `${namePrefix(c)}ci-boundary`;
/** Every ECR repository of one account, in any region. */
export const ecrRepositoryArnPattern = (accountId: string) => `arn:aws:ecr:*:${accountId}:repository/*`;
export const kmsKeyArnPattern = (region: string, accountId: string) => `arn:aws:kms:${region}:${accountId}:key/*`;
export const kmsAlias = (c: Org, purpose: string) => `alias/${c.organization.name}-${purpose}`;

type Accounts = Pick<OrgConfig, "organization" | "accounts" | "stateAccountName">;

/**
 * An account's zone: <label>.<dnsDomain>; nonprod workload zones nest under the nonprod tier zone
 * (<label>.<tier label>.<dnsDomain>) when nonprod has its own services account.
 */
export function accountZoneName(c: Accounts, account: Pick<Account, "dnsSubdomain" | "role" | "tier">): string {
  const tierServices = account.role === "workload" && account.tier === "nonprod" ? ownNonprodServicesAccount(c) : undefined;
  const parent = tierServices ? `${tierServices.dnsSubdomain}.${c.organization.dnsDomain}` : c.organization.dnsDomain;
  return `${account.dnsSubdomain}.${parent}`;
}

/** Names that must fit AWS limits, with the config path each comes from (for error messages). */
export interface DerivedName {
  readonly kind: "s3-bucket" | "iam-role" | "dynamodb-table" | "kms-alias" | "dns-name" | "scp" | "sns-topic" | "cloudtrail" | "permission-set";
  readonly value: string;
  readonly path: (string | number)[];
}

const PLACEHOLDER_ID = "000000000000";

export function derivedNames(c: Omit<OrgConfig, "sourceFile">): DerivedName[] {
  const names: DerivedName[] = [];
  const state = c.accounts.find((a) => a.name === c.stateAccountName);
  names.push({ kind: "s3-bucket", value: stateBucketName(c, state?.id ?? PLACEHOLDER_ID), path: ["organization", "name"] });
  const nonprodState = ownNonprodServicesAccount(c);
  if (nonprodState) names.push({ kind: "s3-bucket", value: stateBucketName(c, nonprodState.id ?? PLACEHOLDER_ID), path: ["organization", "name"] });
  names.push({ kind: "dynamodb-table", value: lockTableName(c), path: ["organization", "name"] });
  names.push({ kind: "kms-alias", value: stateKmsAlias(c), path: ["organization", "name"] });
  const audit = c.accounts.find((a) => a.name === c.auditAccountName);
  names.push({ kind: "s3-bucket", value: auditBucketName(c, audit?.id ?? PLACEHOLDER_ID), path: ["organization", "name"] });
  for (const tier of ["nonprod", "prod"] as const) {
    names.push({ kind: "iam-role", value: stateAccessRoleName(c, tier), path: ["organization", "name"] });
    names.push({ kind: "iam-role", value: ciRoleName(c, tier), path: ["organization", "name"] });
    names.push({ kind: "iam-role", value: dnsDelegationRoleName(c, tier), path: ["organization", "name"] });
  }
  names.push({ kind: "iam-role", value: stateReaderRoleName(c), path: ["organization", "name"] });
  names.push({ kind: "iam-role", value: nonprodStateReaderRoleName(c), path: ["organization", "name"] });
  names.push({ kind: "iam-role", value: ciRoleName(c, "main-plan"), path: ["organization", "name"] });
  names.push({ kind: "iam-role", value: securityNames(c).configAggregatorRole, path: ["organization", "name"] });
  c.identity.extraRoles.forEach((role, i) => names.push({ kind: "iam-role", value: roleName(c, role.name), path: ["identity", "extraRoles", i, "name"] }));
  if (c.identity.provider === "identity-center") {
    for (const role of ["admin", "developer", "readonly"]) names.push({ kind: "permission-set", value: permissionSetName(c, role), path: ["organization", "name"] });
    c.identity.extraRoles.forEach((role, i) => names.push({ kind: "permission-set", value: permissionSetName(c, role.name), path: ["identity", "extraRoles", i, "name"] }));
  }
  c.dataReplication.forEach((r, i) => {
    const src = c.accounts.find((a) => a.name === r.source);
    const dst = c.accounts.find((a) => a.name === r.destination);
    if (!src || !dst) return;
    const n = replicationNames(c, r.name, { name: src.name, id: src.id ?? PLACEHOLDER_ID }, { name: dst.name, id: dst.id ?? PLACEHOLDER_ID });
    names.push({ kind: "s3-bucket", value: n.sourceBucket, path: ["dataReplication", i, "name"] });
    names.push({ kind: "s3-bucket", value: n.destinationBucket, path: ["dataReplication", i, "name"] });
  });
  c.accounts.forEach((account, i) => {
    names.push({ kind: "dns-name", value: accountZoneName(c, account), path: ["accounts", i, account.dnsSubdomain === account.name ? "name" : "dns"] });
    if (account.role !== "workload") return;
    const w = workloadNames(c, account);
    const path = ["accounts", i, "name"];
    names.push({ kind: "s3-bucket", value: w.albLogsBucket(account.id ?? PLACEHOLDER_ID), path });
    for (const role of [w.databaseMonitoringRole, w.backupRole, w.flowLogsRole, w.tenantsTaskRole, ...Object.values(w.ecsRoles), ...Object.values(w.eksRoles)]) {
      names.push({ kind: "iam-role", value: role, path });
    }
  });
  names.push({ kind: "s3-bucket", value: accessLogBucketName(c, PLACEHOLDER_ID), path: ["organization", "name"] });
  const m = managementNames(c);
  names.push({ kind: "cloudtrail", value: m.trail, path: ["organization", "name"] });
  names.push({ kind: "sns-topic", value: m.trailTopic, path: ["organization", "name"] });
  names.push({ kind: "sns-topic", value: m.securityAlarms, path: ["organization", "name"] });
  names.push({ kind: "iam-role", value: m.trailToCloudWatchRole, path: ["organization", "name"] });
  c.guardrails.custom.forEach((g, i) => names.push({ kind: "scp", value: m.guardrailPolicy(g.name), path: ["guardrails", "custom", i, "name"] }));
  return names;
}

/** Returns why a derived name breaks AWS's rules, or undefined when it is fine. */
export function checkDerivedName(name: DerivedName): string | undefined {
  const v = name.value;
  switch (name.kind) {
    case "s3-bucket":
      if (v.length < 3 || v.length > 63) return `S3 bucket name "${v}" is ${v.length} characters; AWS allows 3–63`;
      if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(v)) return `S3 bucket name "${v}" must be lowercase letters, digits, '.' and '-'`;
      return undefined;
    case "iam-role":
      return v.length > 64 ? `IAM role name "${v}" is ${v.length} characters; AWS allows at most 64` : undefined;
    case "dynamodb-table":
      return v.length < 3 || v.length > 255 ? `DynamoDB table name "${v}" must be 3–255 characters` : undefined;
    case "kms-alias":
      return v.length > 256 ? `KMS alias "${v}" is longer than 256 characters` : undefined;
    case "scp":
      return v.length > 128 ? `SCP name "${v}" is ${v.length} characters; AWS allows at most 128` : undefined;
    case "sns-topic":
      return v.length > 256 ? `SNS topic name "${v}" is ${v.length} characters; AWS allows at most 256` : undefined;
    case "permission-set":
      return v.length > 32 ? `permission set name "${v}" is ${v.length} characters; AWS allows at most 32` : undefined;
    case "cloudtrail":
      return v.length > 128 ? `CloudTrail name "${v}" is ${v.length} characters; AWS allows at most 128` : undefined;
    case "dns-name":
      if (v.length > 253) return `DNS name "${v}" is longer than 253 characters`;
      return v.split(".").some((label) => label.length > 63) ? `DNS name "${v}" has a label longer than 63 characters` : undefined;
  }
}

// ARNs of the landing zone's own principals, derived from config (stacks never read each other's state).

const idOf = (account: Account) => requireAccountId(account, "trust and resource policies");

/** The GitHub OIDC provider, in the state account (by literal ARN: a token would hide it from scanners). */
export function githubOidcProviderArn(config: OrgConfig): string {
  return `arn:aws:iam::${idOf(stateAccount(config))}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function ciRoleArn(config: OrgConfig, tier: Tier): string {
  return arnOfRole(idOf(stateAccount(config)), ciRoleName(config, tier));
}

export function ciPlanRoleArn(config: OrgConfig): string {
  return arnOfRole(idOf(stateAccount(config)), ciRoleName(config, "plan"));
}

export function ciMainPlanRoleArn(config: OrgConfig): string {
  return arnOfRole(idOf(stateAccount(config)), ciRoleName(config, "main-plan"));
}

/** The role in a tier's state account that reads and writes that tier's state. */
export function stateAccessRoleArn(config: OrgConfig, tier: Tier, forWhat = "trust and resource policies"): string {
  return arnOfRole(requireAccountId(servicesAccount(config, tier), forWhat), stateAccessRoleName(config, tier));
}

/** The state-reader role in every account that holds Terraform state. */
export function stateReaderArns(config: OrgConfig): string[] {
  return servicesAccounts(config).map(({ account }) => arnOfRole(idOf(account), stateReaderRoleName(config)));
}

/** The state-reader role of the account holding a stack's state (read-only plans, `npm run state`). */
export function stateReaderArnOfStack(config: OrgConfig, stackName: string): string {
  const holder = servicesAccount(config, stackTier(config, stackName));
  return arnOfRole(requireAccountId(holder, "the state reader role"), stateReaderRoleName(config));
}

/** The dns-delegation-<tier> roles: in every services account that holds a zone the tier delegates into. */
export function dnsDelegationRoleArns(config: OrgConfig, tier: Tier): string[] {
  const owners = servicesAccounts(config).map((s) => s.account).filter((owner) => delegatedZoneAccounts(config, owner, tier).length > 0);
  return (owners.length ? owners : [stateAccount(config)]).map((owner) => arnOfRole(idOf(owner), dnsDelegationRoleName(config, tier)));
}

/** An IAM user of the identity account. */
export function userArn(config: OrgConfig, userName: string): string {
  return `arn:aws:iam::${idOf(identityAccount(config))}:user/${userName}`;
}

/** Principals that may change the landing zone's own resources in member accounts (SCP exemptions). */
/** The roles AWS Control Tower manages member accounts with (its StackSets and baselines). */
export const CONTROL_TOWER_ROLE_PATTERNS = [arnOfRole("*", "AWSControlTowerExecution"), arnOfRole("*", "aws-controltower-*")];

export function landingZoneManagers(config: Org): string[] {
  return [arnOfRole("*", deployRoleName(config)), arnOfRole("*", BOOTSTRAP_ROLE_NAME), ...(config.organization.existing?.controlTower ? CONTROL_TOWER_ROLE_PATTERNS : [])];
}

/** The break-glass path the audit guardrail exempts: the role Organizations creates, in any member account. */
export const breakGlassRoleArnPattern = () => arnOfRole("*", BOOTSTRAP_ROLE_NAME);

/** Regions where AWS Config runs under the landing zone: every allowed region Control Tower does not govern. */
export function landingZoneConfigRegions(config: Pick<OrgConfig, "organization">): string[] {
  const governed = new Set(config.organization.existing?.controlTower?.governedRegions ?? []);
  return config.organization.allowedRegions.filter((r) => !governed.has(r));
}

/**
 * Where an account's zone is delegated from: workload zones from their tier's zone (the apex, or the nonprod tier
 * zone when nonprod has its own services account), the nonprod tier zone from the apex. `zoneId` is the parent zone's
 * id once known (organization.dnsZoneId, or the nonprod services account's dns.zoneId); delegation waits for it.
 */
export function parentZone(config: OrgConfig, account: Account): { owner: Account; zoneName: string; zoneId: string | undefined } | undefined {
  const apex = { owner: stateAccount(config), zoneName: config.organization.dnsDomain, zoneId: config.organization.dnsZoneId };
  if (account.role === "workload") {
    const owner = servicesAccount(config, account.tier);
    return owner.name === apex.owner.name ? apex : { owner, zoneName: accountZoneName(config, owner), zoneId: owner.dnsZoneId };
  }
  if (account.name === ownNonprodServicesAccount(config)?.name) return apex;
  return undefined;
}

/** Accounts whose zones a tier delegates into `owner`'s zone (the dns-delegation-<tier> role there may write only these). */
export function delegatedZoneAccounts(config: OrgConfig, owner: Account, tier: Tier): Account[] {
  return config.accounts.filter((a) => a.enabled && a.tier === tier && parentZone(config, a)?.owner.name === owner.name);
}

/** AZ names from the region's zone letters (no AWS call): eu-west-1a, eu-west-1b, …; ap-northeast-1a, -1c, -1d. */
export function availabilityZoneNames(region: string, count: number): string[] {
  const letters = AWS_REGIONS[region] ?? "abcdefgh";
  if (count > letters.length) throw new Error(`${region} has ${letters.length} availability zones, not ${count}`);
  return Array.from({ length: count }, (_, i) => `${region}${letters[i]}`);
}

/** Every name inside one workload account, derived from the account name (IAM names are account-global). */
export function workloadNames(c: Org, account: Pick<Account, "name">) {
  const n = account.name;
  return {
    prefix: n,
    albLogsBucket: (accountId: string) => `${c.organization.name}-${n}-alb-logs-${accountId}`,
    cluster: n,
    database: `${n}-postgres`,
    databaseMonitoringRole: roleName(c, `${n}-rds-monitoring`),
    cache: `${n}-redis`.slice(0, 40),
    documentDb: `${n}-docdb`.slice(0, 63),
    httpApi: `${n}-api`,
    cacheAppUser: `${n}-app`.slice(0, 40),
    backupVault: `${n}-backups`,
    backupCopyVault: `${n}-backups-copy`,
    backupPlan: `${n}-backups`,
    backupRole: roleName(c, `${n}-backup`),
    backupSelectionTag: { key: "lz:backup", value: `${n}-daily` },
    alarmTopic: `${n}-alarms`,
    dashboard: n,
    secret: (name: string) => `${n}/${name}`,
    flowLogsRole: roleName(c, "vpc-flow-logs"),
    ecsRoles: { execution: roleName(c, `${n}-ecs-execution`), api: roleName(c, `${n}-api-task`), workers: roleName(c, `${n}-workers-task`) },
    tenantsTaskRole: roleName(c, `${n}-tenants-task`),
    eksRoles: { cluster: roleName(c, `${n}-eks-cluster`), nodes: roleName(c, `${n}-eks-nodes`), clusterAutoscaler: roleName(c, `${n}-cluster-autoscaler`) },
  };
}

/** Image reference in the shared-services ECR; the tag is replaced by the app's own deploys. */
/**
 * The repositories a registry serving `tiers` holds for one configured repository. A registry that serves both tiers
 * keeps them apart: nonprod's images live under `nonprod/<repository>`, so nonprod CI (no approval) never writes an
 * image prod runs. A registry of its own tier (a nonprod services account) keeps the plain name.
 */
export function registryRepositories(repository: string, tiers: readonly Tier[]): { tier: Tier; name: string }[] {
  if (tiers.length === 1) return [{ tier: tiers[0], name: repository }];
  return [{ tier: "prod", name: repository }, { tier: "nonprod", name: `nonprod/${repository}` }];
}

/** The repository a tier's workloads pull `repository` from. */
export function tierRepositoryName(c: Pick<OrgConfig, "accounts" | "stateAccountName">, repository: string, tier: Tier): string {
  return tier === "nonprod" && !ownNonprodServicesAccount(c) ? `nonprod/${repository}` : repository;
}

/** ARNs of the repositories `tier`'s workloads pull from (one per configured repository, in the tier's registry). */
export function tierRepositoryArns(c: OrgConfig, tier: Tier): string[] {
  const registry = servicesAccount(c, tier);
  if (!registry.id) return [];
  return c.ecr.repositories.map((r) => `arn:aws:ecr:${c.organization.homeRegion}:${registry.id}:repository/${tierRepositoryName(c, r, tier)}`);
}

/**
 * The GitHub environment a tier's plan and apply jobs run in: `tiers.<tier>.deploy.environment`, else `production`
 * for prod and `nonprod` for nonprod. Every apply role trusts only its environment's OIDC subject.
 */
export function deployEnvironment(c: Pick<OrgConfig, "tiers">, tier: Tier): string {
  return c.tiers[tier]?.deploy.environment ?? (tier === "prod" ? "production" : "nonprod");
}

/**
 * The Vault Lock of a tier's backup vaults: as `backup.vaultLock` says, else compliance mode for prod (min = the
 * plan's retention, max 35 days, 3 days to change one's mind) and none for nonprod.
 */
export function backupVaultLock(
  backup: { retentionDays: number; vaultLock?: { mode: "compliance" | "governance"; minRetentionDays?: number; maxRetentionDays?: number } },
  tier: Tier,
): { minRetentionDays: number; maxRetentionDays: number; changeableForDays?: number } | undefined {
  const lock = backup.vaultLock ?? (tier === "prod" ? { mode: "compliance" as const } : undefined);
  if (!lock) return undefined;
  return {
    minRetentionDays: lock.minRetentionDays ?? backup.retentionDays,
    maxRetentionDays: lock.maxRetentionDays ?? Math.max(35, backup.retentionDays),
    ...(lock.mode === "compliance" ? { changeableForDays: 3 } : {}),
  };
}

/**
 * The only principals that may touch the state objects in one holder's bucket: the state roles of the tiers it holds,
 * the state reader, the account's deploy role, and OrganizationAccountAccessRole (bootstrap and break-glass). The
 * account's own admins are not among them: they reach state through those roles.
 */
export function stateObjectPrincipals(c: Org & Pick<OrgConfig, "ci">, holderAccountId: string, tiers: readonly Tier[]): string[] {
  return [
    ...tiers.map((t) => arnOfRole(holderAccountId, stateAccessRoleName(c, t))),
    arnOfRole(holderAccountId, stateReaderRoleName(c)),
    ...(tiers.includes("nonprod") && c.ci.planOnPullRequest ? [arnOfRole(holderAccountId, nonprodStateReaderRoleName(c))] : []),
    arnOfRole(holderAccountId, deployRoleName(c)),
    arnOfRole(holderAccountId, BOOTSTRAP_ROLE_NAME),
  ];
}

/** The nonprod-only state reader, in the account holding nonprod state (pull-request plans assume it). */
export function nonprodStateReaderArn(config: OrgConfig): string {
  return arnOfRole(requireAccountId(servicesAccount(config, "nonprod"), "the nonprod state reader"), nonprodStateReaderRoleName(config));
}

/** The account ids `npm run init` writes until the bootstrap creates the accounts: 000000000001, 000000000002, … */
export const isPlaceholderAccountId = (id: string | undefined) => id !== undefined && /^0{9}\d{3}$/.test(id);
/** The zone ids `npm run init` writes until the bootstrap creates the zones. */
export const isPlaceholderZoneId = (id: string | undefined) => id !== undefined && id.startsWith("Z0PLACEHOLDER");
export const placeholderAccountId = (n: number) => String(n).padStart(12, "0");
export const placeholderZoneId = (label: string) => `Z0PLACEHOLDER${label}`;

export function ecrImage(c: Pick<OrgConfig, "organization">, ecrAccountId: string, repository: string, tag = "bootstrap"): string {
  return `${ecrAccountId}.dkr.ecr.${c.organization.homeRegion}.amazonaws.com/${repository}:${tag}`;
}

/** Environment variable a secret is handed to the containers as: workos-api-key → WORKOS_API_KEY. */
export const secretEnvName = (name: string) => name.replace(/-/g, "_").toUpperCase();

/** Names of one replication (config dataReplication[]) on both sides. */
export function replicationNames(c: Org, name: string, source: { name: string; id: string }, destination: { name: string; id: string }) {
  return {
    sourceBucket: `${c.organization.name}-${source.name}-${name}-${source.id}`,
    destinationBucket: `${c.organization.name}-${destination.name}-${name}-${destination.id}`,
    role: roleName(c, `replicate-${name}`),
    roleArn: arnOfRole(source.id, roleName(c, `replicate-${name}`)),
    replicaKeyAlias: `alias/${c.organization.name}-replica-${name}`,
  };
}
