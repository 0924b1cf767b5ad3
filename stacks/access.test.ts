/**
 * Who can do what, proven with a real IAM policy evaluator on the policies in the synthesized JSON.
 * Every negative result has a positive control next to it, and the simulator must not ignore any context key.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FULL_AWS_ACCESS, groupPolicies, roleInlinePolicies, roleTrust, scpLevelsOf, scpsOfOu, simulate } from "../test/iam-simulation";
import { synthConfigFile, synthYaml } from "../test/testing";
import { parseConfig } from "../config";

const stacks = synthConfigFile("config/set.yaml");
const management = stacks.management;
const IDENTITY = "111111111111"; // S.E.T: users live in the management account
const NONPROD = "333333333333";
const PROD = "444444444444";
const STATE = "222222222222";
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/set-${name}`;

/** User in the identity account assuming a role in another account: identity policy AND the role's trust must allow. */
async function assume(user: string, groups: string[], target: { stack: string; account: string; role: string }, mfa: boolean) {
  return simulate({
    principal: `arn:aws:iam::${IDENTITY}:user/${user}`,
    action: "sts:AssumeRole",
    resource: role(target.account, target.role),
    resourceAccount: target.account,
    identityPolicies: groups.flatMap((g) => groupPolicies(management, g)),
    resourcePolicy: roleTrust(stacks[target.stack], target.role),
    context: { "aws:MultiFactorAuthPresent": String(mfa) },
  });
}

describe("humans: MFA required, roles by group and tier", () => {
  const nonprodDeveloper = { stack: "set-nonprod", account: NONPROD, role: "developer" };
  const prodAdmin = { stack: "set-prod-eu", account: PROD, role: "admin" };
  const prodReadonly = { stack: "set-prod-eu", account: PROD, role: "readonly" };

  it("a developer with MFA can assume the nonprod developer role (positive control)", async () => {
    expect(await assume("bob", ["developers"], nonprodDeveloper, true)).toBe("Allowed");
  });

  it("a developer without MFA cannot assume any role, not even their own", async () => {
    for (const target of [nonprodDeveloper, prodReadonly, prodAdmin]) {
      expect(await assume("bob", ["developers"], target, false), target.role).not.toBe("Allowed");
    }
    expect(await assume("bob", ["developers"], nonprodDeveloper, false)).toBe("ExplicitlyDenied"); // the self-service deny
  });

  it("a developer with MFA cannot assume a prod admin role, but can read prod", async () => {
    expect(await assume("bob", ["developers"], prodAdmin, true)).toBe("ImplicitlyDenied");
    expect(await assume("bob", ["developers"], prodReadonly, true)).toBe("Allowed");
  });

  it("a platform admin with MFA can assume prod admin (positive control)", async () => {
    expect(await assume("alice", ["platform-admins"], prodAdmin, true)).toBe("Allowed");
  });

  it("human role trust admits only the identity account, with MFA, even for an over-privileged caller", async () => {
    const base = { action: "sts:AssumeRole", resource: role(PROD, "admin"), resourceAccount: PROD, identityPolicies: [{ name: "all", policy: FULL_AWS_ACCESS }], resourcePolicy: roleTrust(stacks["set-prod-eu"], "admin") };
    expect(await simulate({ ...base, principal: `arn:aws:iam::${IDENTITY}:user/x`, context: { "aws:MultiFactorAuthPresent": "true" } })).toBe("Allowed");
    expect(await simulate({ ...base, principal: `arn:aws:iam::${NONPROD}:user/x`, context: { "aws:MultiFactorAuthPresent": "true" } })).toBe("ImplicitlyDenied");
    expect(await simulate({ ...base, principal: `arn:aws:iam::${IDENTITY}:user/x`, context: { "aws:MultiFactorAuthPresent": "false" } })).toBe("ImplicitlyDenied");
  });

  it("the self-service policy lets a user enable their own MFA without MFA, but not someone else's", async () => {
    const base = { action: "iam:EnableMFADevice", resourceAccount: IDENTITY, identityPolicies: groupPolicies(management, "developers"), context: { "aws:MultiFactorAuthPresent": "false", "aws:username": "bob" } };
    expect(await simulate({ ...base, principal: `arn:aws:iam::${IDENTITY}:user/bob`, resource: `arn:aws:iam::${IDENTITY}:user/bob` })).toBe("Allowed");
    expect(await simulate({ ...base, principal: `arn:aws:iam::${IDENTITY}:user/bob`, resource: `arn:aws:iam::${IDENTITY}:user/alice` })).not.toBe("Allowed");
  });
});

describe("CI: the nonprod CI role never reaches prod, the prod one does", () => {
  const ci = (tier: string) => ({
    principal: `arn:aws:iam::${STATE}:role/set-ci-${tier}`,
    identityPolicies: roleInlinePolicies(stacks["state-backend"], `ci_${tier}`),
  });
  const deploy = (stack: string, account: string) => ({
    action: "sts:AssumeRole", resource: role(account, "terraform-deploy"), resourceAccount: account, resourcePolicy: roleTrust(stacks[stack], "terraform-deploy"),
  });

  it("nonprod CI can assume the nonprod deploy role (positive control)", async () => {
    expect(await simulate({ ...ci("nonprod"), ...deploy("set-nonprod", NONPROD) })).toBe("Allowed");
  });

  it("nonprod CI cannot assume any role in a prod-tier account", async () => {
    for (const [stack, account] of [["set-prod-eu", PROD], ["management", IDENTITY], ["shared-services", STATE]]) {
      for (const r of ["terraform-deploy", "admin", "readonly"]) {
        const decision = await simulate({ ...ci("nonprod"), action: "sts:AssumeRole", resource: role(account, r), resourceAccount: account, resourcePolicy: roleTrust(stacks[stack], r) });
        expect(decision, `${stack} ${r}`).not.toBe("Allowed");
      }
    }
  });

  it("the prod deploy role's trust alone rejects nonprod CI even if its identity policy allowed everything", async () => {
    const trustOnly = { identityPolicies: [{ name: "all", policy: FULL_AWS_ACCESS }], ...deploy("set-prod-eu", PROD) };
    expect(await simulate({ ...trustOnly, principal: `arn:aws:iam::${STATE}:role/set-ci-nonprod` })).toBe("ImplicitlyDenied");
    expect(await simulate({ ...trustOnly, principal: `arn:aws:iam::${STATE}:role/set-ci-prod` })).toBe("Allowed");
  });

  it("prod CI can assume prod deploy roles, including management's", async () => {
    expect(await simulate({ ...ci("prod"), ...deploy("set-prod-eu", PROD) })).toBe("Allowed");
    expect(await simulate({ ...ci("prod"), ...deploy("management", IDENTITY) })).toBe("Allowed");
  });

  it("nonprod CI can use only the nonprod state role", async () => {
    const state = (tier: string) => ({ action: "sts:AssumeRole", resource: `arn:aws:iam::${STATE}:role/set-tfstate-${tier}`, resourceAccount: STATE,
      resourcePolicy: JSON.parse(stacks["state-backend"].resource.aws_iam_role[`state_access_${tier}`].assume_role_policy) });
    expect(await simulate({ ...ci("nonprod"), ...state("nonprod") })).toBe("Allowed");
    expect(await simulate({ ...ci("nonprod"), ...state("prod") })).not.toBe("Allowed");
  });
});

describe("SCPs in a member account", () => {
  const admin = {
    principal: role(NONPROD, "admin"),
    identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }],
    scpLevels: scpLevelsOf(management, { ou: "nonprod", id: NONPROD }),
  };
  const call = (action: string, resource: string, region = "eu-west-1", extra: Record<string, string> = {}) =>
    simulate({ ...admin, action, resource, resourceAccount: NONPROD, context: { "aws:RequestedRegion": region, "aws:PrincipalAccount": NONPROD, ...extra } });

  it("attaches FullAWSAccess and the four built-in guardrails to the nonprod OU (5, AWS's maximum)", () => {
    expect(scpsOfOu(management, "nonprod").map((p) => p.name)).toEqual(["FullAWSAccess", "set-core", "set-protect-audit", "set-protect-landing-zone", "set-restrict-regions"]);
  });

  it("denies leaving the organization; describing it is allowed (positive control)", async () => {
    expect(await call("organizations:LeaveOrganization", "*")).toBe("ExplicitlyDenied");
    expect(await call("organizations:DescribeOrganization", "*")).toBe("Allowed");
  });

  it("denies stopping or deleting CloudTrail; reading trails is allowed", async () => {
    const trail = `arn:aws:cloudtrail:eu-west-1:${NONPROD}:trail/set-organization-trail`;
    expect(await call("cloudtrail:StopLogging", trail)).toBe("ExplicitlyDenied");
    expect(await call("cloudtrail:DeleteTrail", trail)).toBe("ExplicitlyDenied");
    expect(await call("cloudtrail:GetTrailStatus", trail)).toBe("Allowed");
  });

  it("denies ec2:RunInstances outside the allowed regions and allows it inside", async () => {
    expect(await call("ec2:RunInstances", `arn:aws:ec2:us-east-1:${NONPROD}:instance/i-1`, "us-east-1")).toBe("ExplicitlyDenied");
    expect(await call("ec2:RunInstances", `arn:aws:ec2:eu-west-1:${NONPROD}:instance/i-1`, "eu-west-1")).toBe("Allowed");
    expect(await call("ec2:RunInstances", `arn:aws:ec2:il-central-1:${NONPROD}:instance/i-1`, "il-central-1")).toBe("Allowed");
  });

  it("allows CloudWatch Logs in us-east-1 (Route 53 delivers query logs only there), nothing else there, and no logs elsewhere", async () => {
    const group = (region: string) => `arn:aws:logs:${region}:${NONPROD}:log-group:/aws/route53/setdev.binarynetworks.ai`;
    expect(await call("logs:CreateLogGroup", group("us-east-1"), "us-east-1")).toBe("Allowed");
    expect(await call("logs:CreateLogGroup", group("eu-west-1"), "eu-west-1")).toBe("Allowed");
    expect(await call("logs:CreateLogGroup", group("us-west-2"), "us-west-2")).toBe("ExplicitlyDenied");
    expect(await call("sqs:CreateQueue", `arn:aws:sqs:us-east-1:${NONPROD}:q`, "us-east-1")).toBe("ExplicitlyDenied");
  });

  it("does not region-deny global services", async () => {
    expect(await call("iam:ListRoles", "*", "us-east-1")).toBe("Allowed");
    expect(await call("organizations:DescribeOrganization", "*", "us-east-1")).toBe("Allowed");
  });

  it("denies the root user", async () => {
    const root = { ...admin, principal: `arn:aws:iam::${NONPROD}:root` };
    expect(await simulate({ ...root, action: "s3:ListAllMyBuckets", resource: "*", resourceAccount: NONPROD, context: { "aws:RequestedRegion": "eu-west-1" } })).toBe("ExplicitlyDenied");
  });

  it("lets only the landing zone change baseline roles", async () => {
    const target = role(NONPROD, "readonly");
    expect(await call("iam:UpdateAssumeRolePolicy", target)).toBe("ExplicitlyDenied");
    const deployer = { ...admin, principal: role(NONPROD, "terraform-deploy") };
    expect(await simulate({ ...deployer, action: "iam:UpdateAssumeRolePolicy", resource: target, resourceAccount: NONPROD, context: { "aws:RequestedRegion": "eu-west-1" } })).toBe("Allowed");
  });

  it("denies a KMS deletion window under 30 days and allows 30 (with the real key policy)", async () => {
    const keyPolicy = JSON.parse(stacks["set-nonprod"].resource.aws_kms_key.data_key.policy);
    const schedule = (days: string) =>
      simulate({ ...admin, action: "kms:ScheduleKeyDeletion", resource: `arn:aws:kms:eu-west-1:${NONPROD}:key/k`, resourceAccount: NONPROD, resourcePolicy: keyPolicy,
        context: { "aws:RequestedRegion": "eu-west-1", "aws:PrincipalAccount": NONPROD, "kms:ScheduleKeyDeletionPendingWindowInDays": days } });
    expect(await schedule("7")).toBe("ExplicitlyDenied");
    expect(await schedule("30")).toBe("Allowed");
  });
});

describe("machine users (EMPC model): nonprod never into prod; no machine user deploys prod or management", () => {
  const yaml = readFileSync("config/test-fixtures/valid-minimal.yaml", "utf8")
    .replace("  - name: shared\n", '  - name: state\n    role: identity\n    email: state@acme.example\n    id: "100000000005"\n  - name: shared\n')
    .replace("identity:\n  groups:\n", `identity:
  groups:
    - { name: ci-nonprod, kind: machine, roles: { nonprod: [terraform-deploy], prod: [] } }
    - { name: ci-prod, kind: machine, roles: { nonprod: [terraform-deploy], prod: [terraform-plan] } }
`)
    .replace("  users:\n", "  users:\n    - { name: svc-nonprod, kind: machine, groups: [ci-nonprod] }\n    - { name: svc-prod, kind: machine, groups: [ci-prod] }\n");
  const s = synthYaml(yaml);
  const STATE_ID = "100000000005";
  const machine = (user: string, group: string) => ({ principal: `arn:aws:iam::${STATE_ID}:user/${user}`, identityPolicies: groupPolicies(s.state, group) });
  const deployIn = (stack: string, account: string) => ({
    action: "sts:AssumeRole", resource: `arn:aws:iam::${account}:role/acme-terraform-deploy`, resourceAccount: account, resourcePolicy: roleTrust(s[stack], "terraform-deploy"),
  });

  it("keeps identities in the identity account, not in management", () => {
    expect(Object.keys(s.state.resource.aws_iam_user).sort()).toEqual(["carol", "svc-nonprod", "svc-prod"]);
    expect(s.management.resource.aws_iam_user).toBeUndefined();
  });

  it("the nonprod machine user can deploy nonprod (positive control) and nothing in prod", async () => {
    expect(await simulate({ ...machine("svc-nonprod", "ci-nonprod"), ...deployIn("dev", "100000000003") })).toBe("Allowed");
    expect(await simulate({ ...machine("svc-nonprod", "ci-nonprod"), ...deployIn("live", "100000000004") })).not.toBe("Allowed");
    expect(await simulate({ ...machine("svc-nonprod", "ci-nonprod"), ...deployIn("management", "100000000001") })).not.toBe("Allowed");
  });

  it("the prod machine user deploys nonprod (positive control), never prod or management: no MFA, so prod goes through OIDC CI", async () => {
    expect(await simulate({ ...machine("svc-prod", "ci-prod"), ...deployIn("dev", "100000000003") })).toBe("Allowed");
    for (const [stack, account] of [["live", "100000000004"], ["management", "100000000001"]]) {
      expect(await simulate({ ...machine("svc-prod", "ci-prod"), ...deployIn(stack, account) }), stack).toBe("ImplicitlyDenied");
      // Even if its group policy allowed everything, the role's trust names no machine user.
      expect(await simulate({ ...machine("svc-prod", "ci-prod"), identityPolicies: [{ name: "all", policy: FULL_AWS_ACCESS }], ...deployIn(stack, account) }), stack).toBe("ImplicitlyDenied");
    }
  });

  it("the loader refuses a machine group that would deploy prod, and management roles beyond admin and readonly", () => {
    const deployProd = yaml.replace("prod: [terraform-plan] } }", "prod: [terraform-deploy] } }");
    expect(() => parseConfig(deployProd, "m.yaml")).toThrow(/m\.yaml:\d+:\d+: identity\.groups\[1\]\.roles\.prod\[0\]: machine group "ci-prod" cannot assume "terraform-deploy" in prod: machine users have no MFA/);
    const developerInManagement = yaml.replace("roles: { nonprod: [developer], prod: [readonly] }", "roles: { nonprod: [developer], prod: [readonly], management: [developer] }");
    expect(developerInManagement).not.toBe(yaml);
    expect(() => parseConfig(developerInManagement, "m.yaml")).toThrow(/identity\.groups\[2\]\.roles\.management\[0\]: "developer" is not granted in the management account: SCPs never apply there/);
  });
});

describe("the plan role reads configuration, never data", () => {
  const planRole = { principal: role(NONPROD, "terraform-plan"), identityPolicies: [{ name: "as if ReadOnlyAccess allowed everything", policy: FULL_AWS_ACCESS }, ...roleInlinePolicies(stacks["set-nonprod"], "role_terraform-plan")] };
  const read = (action: string, resource: string) => simulate({ ...planRole, action, resource, resourceAccount: NONPROD });
  it.each([
    ["logs:StartQuery", `arn:aws:logs:eu-west-1:${NONPROD}:log-group:/app`],
    ["logs:GetQueryResults", "*"],
    ["logs:StartLiveTail", `arn:aws:logs:eu-west-1:${NONPROD}:log-group:/app`],
    ["ssm:GetParameterHistory", `arn:aws:ssm:eu-west-1:${NONPROD}:parameter/db`],
    ["lambda:GetFunction", `arn:aws:lambda:eu-west-1:${NONPROD}:function:f`],
    ["rds:DownloadDBLogFilePortion", `arn:aws:rds:eu-west-1:${NONPROD}:db:set-nonprod-postgres`],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${NONPROD}:secret:x-AbCdEf`],
  ])("denies the data read %s", async (action, resource) => {
    expect(await read(action, resource)).toBe("ExplicitlyDenied");
  });
  it("still reads the configuration Terraform refreshes (positive control)", async () => {
    expect(await read("ec2:DescribeVpcs", "*")).toBe("Allowed");
    expect(await read("ecs:DescribeTaskDefinition", "*")).toBe("Allowed");
    expect(await read("rds:DescribeDBInstances", `arn:aws:rds:eu-west-1:${NONPROD}:db:set-nonprod-postgres`)).toBe("Allowed");
  });
});
