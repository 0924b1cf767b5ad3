/** What makes the EMPC design (shared/seeds 004): identities in the `state` account, the same roles everywhere, machine users by tier. */
import { describe, expect, it } from "vitest";
import { ciRoleArn, loadConfigFile } from "..";
import { groupPolicies, roleTrust, simulate } from "../../test/iam-simulation";
import { applyOrder } from "../../stacks/app";
import { resources, synthConfigFile } from "../../test/testing";

const file = "config/examples/empc.yaml";
const config = loadConfigFile(file);
const stacks = synthConfigFile(file);
const STATE = "620000000002";
const accountStacks = config.accounts.filter((a) => a.enabled).map((a) => [a.name, a.id!, a.tier] as const);

describe("EMPC", () => {
  it("keeps every human and machine identity in the state account, none in management", () => {
    expect(Object.keys(resources(stacks.state, "aws_iam_user")).sort()).toEqual(["dana", "di-nonprod-machine", "di-prod-machine", "eli"]);
    for (const name of ["management", "platform", "sandbox", "nonprod", "prod"]) expect(resources(stacks[name], "aws_iam_user"), name).toEqual({});
  });

  it("gives identities no permission but assuming roles (plus the MFA self-service for humans)", () => {
    for (const [id, p] of Object.entries(resources(stacks.state, "aws_iam_group_policy"))) {
      const actions = JSON.parse(p.policy).Statement.filter((s: { Effect: string }) => s.Effect === "Allow").flatMap((s: { Action: string | string[] }) => [s.Action].flat());
      if (id.endsWith("_assume-roles")) expect(actions, id).toEqual(["sts:AssumeRole"]);
      else expect(id).toMatch(/_self-service-mfa$/);
    }
  });

  it("has the identical role set, with identical permissions, in every member account; management only its subset", () => {
    const roleSet = (name: string) =>
      Object.entries(resources(stacks[name], "aws_iam_role_policy_attachment")).filter(([k]) => k.startsWith("role_")).map(([k, a]) => `${k}=${a.policy_arn}`).sort();
    const reference = roleSet("prod");
    expect(reference).toHaveLength(5);
    for (const [name] of accountStacks.filter(([n]) => n !== "management")) expect(roleSet(name), name).toEqual(reference);
    expect(roleSet("management")).toEqual(reference.filter((r) => !r.startsWith("role_developer_")));
  });

  it("puts the audit archive in the state account and applies it before management's trail", () => {
    expect(resources(stacks.state, "aws_s3_bucket").audit_archive.bucket).toBe(`empc-audit-logs-${STATE}`);
    expect(applyOrder(config).slice(0, 3)).toEqual(["state-backend", "state", "management"]);
  });

  const assumeDeploy = (user: string, group: string, account: string, stack: string) =>
    simulate({
      principal: `arn:aws:iam::${STATE}:user/${user}`,
      action: "sts:AssumeRole",
      resource: `arn:aws:iam::${account}:role/empc-terraform-deploy`,
      resourceAccount: account,
      identityPolicies: groupPolicies(stacks.state, group),
      resourcePolicy: roleTrust(stacks[stack], "terraform-deploy"),
    });

  it.each(accountStacks)("the nonprod machine user reaches %s only if it is nonprod", async (name, id, tier) => {
    expect(await assumeDeploy("di-nonprod-machine", "svc-nonprod", id, name)).toBe(tier === "nonprod" ? "Allowed" : "ImplicitlyDenied");
  });

  it.each(accountStacks)("the prod machine user deploys %s only if it is nonprod (no MFA: prod deploys through OIDC CI)", async (name, id, tier) => {
    expect(await assumeDeploy("di-prod-machine", "svc-prod", id, name)).toBe(tier === "nonprod" ? "Allowed" : "ImplicitlyDenied");
  });

  it("the prod machine user plans prod (positive control), never management; the prod CI role deploys management", async () => {
    const plan = (account: string, stack: string) => simulate({
      principal: `arn:aws:iam::${STATE}:user/di-prod-machine`, action: "sts:AssumeRole", resource: `arn:aws:iam::${account}:role/empc-terraform-plan`,
      resourceAccount: account, identityPolicies: groupPolicies(stacks.state, "svc-prod"), resourcePolicy: roleTrust(stacks[stack], "terraform-plan"),
    });
    const prod = accountStacks.find(([n]) => n === "prod")!;
    const management = accountStacks.find(([n]) => n === "management")!;
    expect(await plan(prod[1], "prod")).toBe("Allowed");
    expect(await plan(management[1], "management")).toBe("ImplicitlyDenied");
    const trust = roleTrust(stacks.management, "terraform-deploy").Statement;
    expect(trust.flatMap((s) => [(s.Principal as { AWS: string | string[] }).AWS].flat())).toEqual([ciRoleArn(config, "prod")]);
  });

  it("humans cannot use the machine path: no MFA-less assume of a human role", async () => {
    const decision = await simulate({
      principal: `arn:aws:iam::${STATE}:user/eli`, action: "sts:AssumeRole", resource: "arn:aws:iam::620000000005:role/empc-developer", resourceAccount: "620000000005",
      identityPolicies: groupPolicies(stacks.state, "platform-engineers"), resourcePolicy: roleTrust(stacks.nonprod, "developer"),
      context: { "aws:MultiFactorAuthPresent": "false" },
    });
    expect(decision).not.toBe("Allowed");
  });
});
