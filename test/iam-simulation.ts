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

/** The SCPs the management stack attaches to an OU, plus FullAWSAccess as AWS attaches it by default. */
export function scpsOfOu(management: StackJson, ou: string): { name: string; policy: PolicyDocument }[] {
  const attachments = Object.values(management.resource.aws_organizations_policy_attachment as Record<string, { policy_id: string; target_id: string }>);
  const attached = attachments
    .filter((a) => a.target_id === `\${aws_organizations_organizational_unit.${ou}.id}`)
    .map((a) => /aws_organizations_policy\.([\w-]+)\.id/.exec(a.policy_id)![1]);
  const policies = management.resource.aws_organizations_policy as Record<string, { name: string; content: string }>;
  return [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...attached.map((id) => ({ name: policies[id].name, policy: parsePolicy(policies[id].content) }))];
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
  readonly context?: Record<string, string | string[]>;
}

/** Runs one request; throws on validation errors or when the simulator ignored a context key (a false negative). */
export async function simulate(input: SimulateInput): Promise<Decision> {
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
      resourceControlPolicies: [],
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
