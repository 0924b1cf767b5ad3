/**
 * The account diagram: never stale, and its edges are exactly the roles each principal can assume — every identity
 * group and CI role against every role of every stack, evaluated by the IAM simulator on the synthesized JSON
 * (identity policies, trust policies and the SCPs of the principal's OU).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accountByName, loadConfigFile, shippedConfigFiles, type OrgConfig } from "../../config";
import { groupPolicies, parsePolicy, roleInlinePolicies, scpLevelsOf, simulate } from "../../test/iam-simulation";
import { synthConfigFile, type StackJson } from "../../test/testing";
import { diagramOutputs } from "./index";
import { buildDiagram, type DiagramPrincipal } from "./model";

describe.each(shippedConfigFiles())("diagram of %s", (file) => {
  it("is checked in and current (npm run diagram)", () => {
    for (const { file: out, content } of diagramOutputs(file, () => synthConfigFile(file))) {
      expect(existsSync(out), `${out} is missing: run npm run diagram -- --config ${file}`).toBe(true);
      expect(readFileSync(out, "utf8"), `${out} is stale: run npm run diagram -- --config ${file}`).toBe(content);
    }
  });
});

interface RoleInStack {
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  readonly trust: ReturnType<typeof parsePolicy>;
}

/** Every IAM role of every stack that some AWS principal could be trusted to assume. */
function assumableRoles(stacks: Record<string, StackJson>): RoleInStack[] {
  return Object.values(stacks).flatMap((stack) => {
    const accountId = stack.provider.aws.find((p: StackJson) => !p.alias).allowed_account_ids[0];
    return Object.values((stack.resource?.aws_iam_role ?? {}) as Record<string, { name: string; assume_role_policy: string }>)
      .map((r) => ({ arn: `arn:aws:iam::${accountId}:role/${r.name}`, account: accountId, name: r.name, trust: parsePolicy(r.assume_role_policy) }))
      .filter((r) => r.trust.Statement.some((s) => s.Effect === "Allow" && typeof s.Principal === "object" && "AWS" in s.Principal));
  });
}

/** The principal as the simulator sees it: ARN, identity policies and context, from the synthesized stacks. */
function asPrincipal(config: OrgConfig, stacks: Record<string, StackJson>, p: DiagramPrincipal) {
  const org = config.organization.name;
  if (p.kind === "ci") {
    const state = accountByName(config, config.stateAccountName);
    return {
      account: state,
      principal: `arn:aws:iam::${state.id}:role/${org}-${p.name}`,
      identityPolicies: roleInlinePolicies(stacks["state-backend"], p.name.replace(/-/g, "_")),
      context: {} as Record<string, string>,
    };
  }
  const identity = accountByName(config, config.identityAccountName);
  // A real member: machine roles trust their machine users by ARN.
  const member = config.identity.users.find((u) => u.groups.includes(p.name))?.name ?? `diagram-member-of-${p.name}`;
  return {
    account: identity,
    principal: `arn:aws:iam::${identity.id}:user/${member}`,
    identityPolicies: groupPolicies(stacks[identity.name], p.name),
    context: p.kind === "human-group" ? { "aws:MultiFactorAuthPresent": "true" } : ({} as Record<string, string>),
  };
}

describe.each(["config/set.yaml", "config/examples/empc.yaml", "config/examples/eurus.yaml"])("diagram edges of %s", (file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  const diagram = buildDiagram(config, stacks);
  const roles = assumableRoles(stacks);
  const accountName = new Map(config.accounts.map((a) => [a.id, a.name]));
  const org = `${config.organization.name}-`;

  it.each(diagram.principals.map((p) => [p.name, p] as const))("%s: the edges are exactly the roles the simulator allows", async (_, p) => {
    const who = asPrincipal(config, stacks, p);
    expect(who.identityPolicies.length, `${p.name} has identity policies in the synthesized JSON`).toBeGreaterThan(0);
    const scpLevels = scpLevelsOf(stacks.management, who.account);
    const allowed: string[] = [];
    for (const role of roles) {
      const decision = await simulate({
        principal: who.principal,
        action: "sts:AssumeRole",
        resource: role.arn,
        resourceAccount: role.account,
        identityPolicies: who.identityPolicies,
        resourcePolicy: role.trust,
        scpLevels,
        context: { "aws:RequestedRegion": config.organization.homeRegion, "aws:PrincipalAccount": who.account.id!, ...who.context },
      });
      if (decision === "Allowed") allowed.push(`${accountName.get(role.account)}: ${role.name.slice(org.length)}`);
    }
    const drawn = diagram.edges.filter((e) => e.from === p.id).flatMap((e) => e.roles.map((r) => `${e.account}: ${r}`));
    expect(drawn.length, `${p.name} has at least one edge`).toBeGreaterThan(0); // positive control
    expect(allowed.sort()).toEqual(drawn.sort());
  });
});
