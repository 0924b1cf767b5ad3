/**
 * Every AWS name landing-zone derives, in one place. Stacks and modules never build a name themselves;
 * the loader checks every name listed by `derivedNames` against AWS's limits before anything is synthesized.
 */
import { BaselineRoles, type Tier } from "./model";
import type { Account, OrgConfig } from "./types";

/** The role AWS Organizations creates in every account it creates; used only while bootstrapping. */
export const BOOTSTRAP_ROLE_NAME = "OrganizationAccountAccessRole";

/** Stack name of the bootstrap stack that creates the state bucket and lock table. */
export const STATE_BACKEND_STACK = "state-backend";

type Org = Pick<OrgConfig, "organization">;

export const roleName = (c: Org, role: string) => `${c.organization.name}-${role}`;
export const deployRoleName = (c: Org) => roleName(c, "terraform-deploy");

export function roleArn(c: Org, accountId: string, role: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName(c, role)}`;
}

/** All roles present in every account: the baseline plus the config's extra roles. */
export function accountRoleSet(c: Pick<OrgConfig, "identity">): string[] {
  return [...BaselineRoles, ...c.identity.extraRoles.map((r) => r.name)];
}

export function requireAccountId(account: Pick<Account, "name" | "id">, forWhat: string): string {
  if (!account.id) throw new Error(`account "${account.name}" has no id yet, but ${forWhat} needs it: set accounts[].id`);
  return account.id;
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

/** The state-backend stack of nonprod's own state account (only when nonprod has its own services account). */
export const NONPROD_STATE_BACKEND_STACK = "state-backend-nonprod";

/** The state-backend stacks of a config: `state-backend` (state account), plus `state-backend-nonprod` with tier services. */
export function stateBackendStackNames(c: Pick<OrgConfig, "accounts" | "stateAccountName">): string[] {
  return ownNonprodServicesAccount(c) ? [STATE_BACKEND_STACK, NONPROD_STATE_BACKEND_STACK] : [STATE_BACKEND_STACK];
}

/** Stack names: one per enabled account (the account name) plus the state-backend stack(s) of the tier. */
export function stackNamesOfTier(c: Pick<OrgConfig, "accounts" | "stateAccountName">, tier: Tier): string[] {
  const accounts = c.accounts.filter((a) => a.enabled && a.tier === tier).map((a) => a.name);
  if (tier === "prod") return [STATE_BACKEND_STACK, ...accounts];
  return ownNonprodServicesAccount(c) ? [NONPROD_STATE_BACKEND_STACK, ...accounts] : accounts;
}

/** Tier of a stack (state-backend stacks count as the tier whose state they hold). */
export function stackTier(c: Pick<OrgConfig, "accounts">, stackName: string): Tier {
  if (stackName === STATE_BACKEND_STACK) return "prod";
  if (stackName === NONPROD_STATE_BACKEND_STACK) return "nonprod";
  const account = c.accounts.find((a) => a.name === stackName);
  if (!account) throw new Error(`no stack named "${stackName}"`);
  return account.tier;
}

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

export const kmsAlias = (c: Org, purpose: string) => `alias/${c.organization.name}-${purpose}`;

type Accounts = Pick<OrgConfig, "organization" | "accounts" | "stateAccountName">;

/** The nonprod tier's own shared-services account (eurus: common-nonprod), if the config has one. */
export function ownNonprodServicesAccount(c: Pick<OrgConfig, "accounts" | "stateAccountName">): Account | undefined {
  return c.accounts.find((a) => a.enabled && a.role === "shared-services" && a.tier === "nonprod" && a.name !== c.stateAccountName);
}

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
  readonly kind: "s3-bucket" | "iam-role" | "dynamodb-table" | "kms-alias" | "dns-name";
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
  names.push({ kind: "iam-role", value: ciRoleName(c, "main-plan"), path: ["organization", "name"] });
  c.identity.extraRoles.forEach((role, i) => names.push({ kind: "iam-role", value: roleName(c, role.name), path: ["identity", "extraRoles", i, "name"] }));
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
  });
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
    case "dns-name":
      if (v.length > 253) return `DNS name "${v}" is longer than 253 characters`;
      return v.split(".").some((label) => label.length > 63) ? `DNS name "${v}" has a label longer than 63 characters` : undefined;
  }
}

/** AZ names from the region (no AWS call): eu-west-1a, eu-west-1b, … */
export function availabilityZoneNames(region: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
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
    cacheAppUser: `${n}-app`.slice(0, 40),
    backupVault: `${n}-backups`,
    backupCopyVault: `${n}-backups-copy`,
    backupPlan: `${n}-backups`,
    backupRole: roleName(c, `${n}-backup`),
    backupSelectionTag: { key: "lz:backup", value: `${n}-daily` },
    alarmTopic: `${n}-alarms`,
    dashboard: n,
    secret: (name: string) => `${n}/${name}`,
    ecsRoles: { execution: roleName(c, `${n}-ecs-execution`), api: roleName(c, `${n}-api-task`), workers: roleName(c, `${n}-workers-task`) },
    eksRoles: { cluster: roleName(c, `${n}-eks-cluster`), nodes: roleName(c, `${n}-eks-nodes`), clusterAutoscaler: roleName(c, `${n}-cluster-autoscaler`) },
  };
}

/** Image reference in the shared-services ECR; the tag is replaced by the app's own deploys. */
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
    replicaKeyAlias: `alias/${c.organization.name}-replica-${name}`,
  };
}
