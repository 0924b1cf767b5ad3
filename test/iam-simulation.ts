/** Test support: run @cloud-copilot/iam-simulate on policies parsed out of synthesized stacks. */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { terraformUnescape, type PolicyDocument } from "../modules/lib/policy";
import type { StackJson } from "./testing";

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export const parsePolicy = (text: string): PolicyDocument => JSON.parse(terraformUnescape(text));

export const FULL_AWS_ACCESS: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export function roleTrust(stack: StackJson, role: string): PolicyDocument {
  const r = stack.resource.aws_iam_role[`role_${role}`] ?? stack.resource.aws_iam_role[role];
  if (!r) throw new Error(`no role ${role} in stack`);
  return parsePolicy(r.assume_role_policy);
}

/** Inline policies of an identity group (from the stack holding the identities). */
export function groupPolicies(stack: StackJson, group: string): { name: string; policy: PolicyDocument }[] {
  return Object.entries(stack.resource.aws_iam_group_policy as Record<string, { group: string; name: string; policy: string }>)
    .filter(([id]) => id.startsWith(`${group}_`))
    .map(([, p]) => ({ name: p.name, policy: parsePolicy(p.policy) }));
}

export function roleInlinePolicies(stack: StackJson, roleId: string): { name: string; policy: PolicyDocument }[] {
  return Object.entries((stack.resource.aws_iam_role_policy ?? {}) as Record<string, { name: string; policy: string }>)
    .filter(([id]) => id.startsWith(`${roleId}_`))
    .map(([, p]) => ({ name: p.name, policy: parsePolicy(p.policy) }));
}

/** The policies of one type the management stack attaches to an OU. */
function attachedToOu(management: StackJson, ou: string, type: "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY"): { name: string; policy: PolicyDocument }[] {
  const attachments = Object.values(management.resource.aws_organizations_policy_attachment as Record<string, { policy_id: string; target_id: string }>);
  const policies = management.resource.aws_organizations_policy as Record<string, { name: string; content: string; type: string }>;
  return attachments
    .filter((a) => a.target_id === `\${aws_organizations_organizational_unit.${ou}.id}`)
    .map((a) => /aws_organizations_policy\.([\w-]+)\.id/.exec(a.policy_id)![1])
    .filter((id) => policies[id].type === type)
    .map((id) => ({ name: policies[id].name, policy: parsePolicy(policies[id].content) }));
}

/** The SCPs the management stack attaches to an OU, plus FullAWSAccess as AWS attaches it by default. */
export function scpsOfOu(management: StackJson, ou: string): { name: string; policy: PolicyDocument }[] {
  return [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...attachedToOu(management, ou, "SERVICE_CONTROL_POLICY")];
}

/**
 * The SCPs standing over a member account, root to account, as AWS evaluates them: FullAWSAccess at the root, its OU's
 * attached SCPs, FullAWSAccess on the account. None for the management account (no OU): SCPs never apply there.
 */
export function scpLevelsOf(management: StackJson, account: { ou: string | null; id?: string }): NonNullable<SimulateInput["scpLevels"]> {
  if (!account.ou) return [];
  return [
    { orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }] },
    { orgIdentifier: `ou-${account.ou}`, policies: scpsOfOu(management, account.ou) },
    { orgIdentifier: account.id!, policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }] },
  ];
}

/** The RCPs the management stack attaches to an OU (RCPFullAWSAccess, which AWS attaches, the simulator implies). */
export function rcpsOfOu(management: StackJson, ou: string): { name: string; policy: PolicyDocument }[] {
  return attachedToOu(management, ou, "RESOURCE_CONTROL_POLICY");
}

export interface SimulateInput {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly identityPolicies: { name: string; policy: PolicyDocument }[];
  readonly resourcePolicy?: PolicyDocument;
  /** SCP levels from root to the account: each level must allow. */
  readonly scpLevels?: { orgIdentifier: string; policies: { name: string; policy: PolicyDocument }[] }[];
  /** Permissions boundary of the principal. @default none */
  readonly permissionBoundaryPolicies?: { name: string; policy: PolicyDocument }[];
  /** RCP levels from root to the resource's account (RCPFullAWSAccess is implied). */
  readonly rcpLevels?: { orgIdentifier: string; policies: { name: string; policy: PolicyDocument }[] }[];
  readonly context?: Record<string, string | string[]>;
  /** Only to show what an unresolved reference does to a result: skip the guard against Terraform references. */
  readonly demonstrateUnresolvedReferences?: true;
}

/** A Terraform reference (`${aws_kms_key.state_key.arn}`), as opposed to an IAM policy variable (`${aws:username}`). */
const TERRAFORM_REFERENCE = /\$\{(?:data\.)?[a-z0-9_]+\.[\w-]+(?:\.[\w\[\]"-]+)*\}/;

/**
 * Runs one request; throws on validation errors, when the simulator ignored a context key (a false negative), or when
 * a policy still holds a Terraform reference (the simulator would read it as an unresolved variable: conditions on it
 * never match, so Denies never fire) — pass such policies through withReferences / concreteReferences first.
 */
export async function simulate(input: SimulateInput): Promise<Decision> {
  const policies = [...input.identityPolicies, ...(input.resourcePolicy ? [{ name: "resource policy", policy: input.resourcePolicy }] : []),
    ...(input.scpLevels ?? []).flatMap((l) => l.policies), ...(input.rcpLevels ?? []).flatMap((l) => l.policies), ...(input.permissionBoundaryPolicies ?? [])];
  for (const { name, policy } of input.demonstrateUnresolvedReferences ? [] : policies) {
    const ref = TERRAFORM_REFERENCE.exec(JSON.stringify(policy));
    if (ref) throw new Error(`policy ${name} still holds the Terraform reference ${ref[0]}: give it a concrete value (withReferences) before simulating`);
  }
  for (const value of [input.principal, input.resource, ...Object.values(input.context ?? {}).flat()]) {
    if (TERRAFORM_REFERENCE.test(value)) throw new Error(`request value ${value} is a Terraform reference: give it a concrete value`);
  }
  const result = await runSimulation(
    {
      request: {
        principal: input.principal,
        action: input.action,
        resource: { resource: input.resource, accountId: input.resourceAccount },
        contextVariables: { "aws:PrincipalArn": input.principal, ...(input.context ?? {}) },
      },
      identityPolicies: input.identityPolicies,
      serviceControlPolicies: input.scpLevels ?? [],
      resourceControlPolicies: input.rcpLevels ?? [],
      ...(input.permissionBoundaryPolicies ? { permissionBoundaryPolicies: input.permissionBoundaryPolicies } : {}),
      resourcePolicy: input.resourcePolicy,
    } as Parameters<typeof runSimulation>[0],
    {},
  );
  if (result.resultType === "error") throw new Error(`simulation input rejected: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === "single" ? (result.result.ignoredContextKeys ?? []) : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length) throw new Error(`the simulator ignored context keys ${ignored.join(", ")}: the result would not mean what it seems`);
  return result.overallResult as Decision;
}

/**
 * A synthesized policy with its Terraform references (`${aws_kms_key.state_key.arn}`) replaced by concrete values. The
 * simulator reads a reference left in as an unresolved IAM policy variable, on which a condition never matches: a Deny
 * built on one never fires. IAM's own variables (`${aws:username}`) stay. A reference without a value is an error.
 */
export function withReferences(doc: PolicyDocument, values: Record<string, string>): PolicyDocument {
  const text = JSON.stringify(doc).replace(/\$\{([^}:]+)\}/g, (ref, address: string) => {
    if (!(address in values)) throw new Error(`no concrete value for the Terraform reference ${ref}`);
    return values[address];
  });
  return JSON.parse(text) as PolicyDocument;
}

/**
 * A concrete value of the right shape for every Terraform reference in a stack, as AWS would return it once applied in
 * `accountId` / `region`: ARNs from the resource's own name attribute (bucket, role, table, topic, …), key ids as
 * UUIDs derived from the address. A reference of a kind not listed here is an error naming it, never a guess.
 */
export function referenceValues(stack: StackJson, where: { accountId: string; region: string }): Record<string, string> {
  const { accountId, region } = where;
  const uuid = (address: string) => {
    let h = 0;
    for (const c of address) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const hex = h.toString(16).padStart(8, "0");
    return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
  };
  const attr = (type: string, name: string, key: string): string => {
    const value = stack.resource?.[type]?.[name]?.[key];
    if (typeof value !== "string") throw new Error(`no literal ${key} on ${type}.${name} to build its reference from`);
    return value;
  };
  const builders: Record<string, (name: string, address: string) => string> = {
    "aws_kms_key.arn": (_n, a) => `arn:aws:kms:${region}:${accountId}:key/${uuid(a)}`,
    "aws_kms_key.key_id": (_n, a) => uuid(a),
    "aws_s3_bucket.arn": (n) => `arn:aws:s3:::${attr("aws_s3_bucket", n, "bucket")}`,
    "aws_s3_bucket.bucket": (n) => attr("aws_s3_bucket", n, "bucket"),
    "aws_s3_bucket.id": (n) => attr("aws_s3_bucket", n, "bucket"),
    "aws_iam_role.arn": (n) => `arn:aws:iam::${accountId}:role/${attr("aws_iam_role", n, "name")}`,
    "aws_iam_role.name": (n) => attr("aws_iam_role", n, "name"),
    "aws_dynamodb_table.arn": (n) => `arn:aws:dynamodb:${region}:${accountId}:table/${attr("aws_dynamodb_table", n, "name")}`,
    "aws_sns_topic.arn": (n) => `arn:aws:sns:${region}:${accountId}:${attr("aws_sns_topic", n, "name")}`,
    "aws_sqs_queue.arn": (n) => `arn:aws:sqs:${region}:${accountId}:${attr("aws_sqs_queue", n, "name")}`,
    "aws_cloudwatch_log_group.arn": (n) => `arn:aws:logs:${region}:${accountId}:log-group:${attr("aws_cloudwatch_log_group", n, "name")}`,
    "aws_ecr_repository.arn": (n) => `arn:aws:ecr:${region}:${accountId}:repository/${attr("aws_ecr_repository", n, "name")}`,
    "aws_route53_zone.arn": (_n, a) => `arn:aws:route53:::hostedzone/Z${uuid(a).replace(/-/g, "").slice(0, 20).toUpperCase()}`,
    "aws_route53_zone.zone_id": (_n, a) => `Z${uuid(a).replace(/-/g, "").slice(0, 20).toUpperCase()}`,
    "aws_backup_vault.arn": (n) => `arn:aws:backup:${region}:${accountId}:backup-vault:${attr("aws_backup_vault", n, "name")}`,
    "aws_secretsmanager_secret.arn": (n) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${attr("aws_secretsmanager_secret", n, "name")}-AbCdEf`,
    "aws_cloudtrail.arn": (n) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${attr("aws_cloudtrail", n, "name")}`,
    "aws_eks_node_group.arn": (n, a) => `arn:aws:eks:${region}:${accountId}:nodegroup/${attr("aws_eks_node_group", n, "node_group_name")}/${uuid(a)}`,
    "aws_organizations_organization.id": () => "o-a1b2c3d4e5",
  };
  const values: Record<string, string> = {};
  for (const [, address, type, name, attribute] of JSON.stringify(stack).matchAll(/\$\{((aws_[a-z0-9_]+)\.([\w-]+)\.([a-z_]+))\}/g)) {
    const build = builders[`${type}.${attribute}`];
    if (build) values[address] = build(name, address);
  }
  return values;
}

/** `doc` with every Terraform reference replaced by referenceValues' concrete value (an unknown one is an error). */
export function concrete(stack: StackJson, where: { accountId: string; region: string }): (doc: PolicyDocument) => PolicyDocument {
  const values = referenceValues(stack, where);
  return (doc) => withReferences(doc, values);
}
