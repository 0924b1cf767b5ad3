/**
 * Humans through IAM Identity Center (identity.provider: identity-center), on Innovate, which chose it, and on an
 * external-IdP variant: every assignment derives from config and nothing else exists; no IAM user or group is created
 * for a human, and no role trusts humans any more; the permission sets are simulated from the attacker's side.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { enabledAccounts, groupRolesIn, loadConfigFile, parseConfig, permissionSetName } from "../config";
import { FULL_AWS_ACCESS, parsePolicy, simulate } from "../test/iam-simulation";
import { configProblems, resources, synthYaml, type StackJson } from "../test/testing";

const INNOVATE = readFileSync("config/examples/innovate.yaml", "utf8");
const EXTERNAL = INNOVATE.replace("    sessionHours: 8\n", `    sessionHours: 8
    groups: external
    groupIds: { platform: 90676bf6-1111-4a5b-8c9d-0123456789ab, developers: 90676bf6-2222-4a5b-8c9d-0123456789ab }
`).replace("    - { name: somto, groups: [platform], email: somto@innovate.example }\n", "").replace("  users:\n", "  users: []\n");

const problems = (text: string) => configProblems(text, "i.yaml");

describe.each([["identity store", INNOVATE], ["external IdP", EXTERNAL]])("Identity Center (%s)", (_, yaml) => {
  const config = parseConfig(yaml, "innovate.yaml");
  const stacks = synthYaml(yaml);
  const management = stacks.management;
  const sets = resources(management, "aws_ssoadmin_permission_set");
  const setKey = (arnRef: string) => /aws_ssoadmin_permission_set\.([\w-]+)\.arn/.exec(arnRef)![1];

  it("permission sets mirror the human roles (admin, developer, readonly, extra roles) with the configured session", () => {
    expect(Object.keys(sets).sort()).toEqual(["admin", "developer", "readonly", ...config.identity.extraRoles.map((r) => r.name)].sort());
    for (const [key, set] of Object.entries(sets)) {
      expect(set).toMatchObject({ name: permissionSetName(config, key), session_duration: "PT8H", instance_arn: "arn:aws:sso:::instance/ssoins-0000000000000000" });
    }
  });

  it("every assignment is a human group's role in an account, as identity.groups[].roles says, and nothing else", () => {
    const actual = Object.values(resources(management, "aws_ssoadmin_account_assignment"))
      .map((a) => `${a.principal_id} ${a.target_id} ${setKey(a.permission_set_arn)}`).sort();
    const groupId = (name: string) => config.identity.identityCenter!.groups === "external" ? config.identity.identityCenter!.groupIds[name] : `\${aws_identitystore_group.${name}.group_id}`;
    const expected = config.identity.groups.filter((g) => g.kind === "human").flatMap((g) =>
      enabledAccounts(config).flatMap((a) => groupRolesIn(g, a).map((role) => `${groupId(g.name)} ${a.id} ${role}`))).sort();
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(4);
  });

  it("creates no IAM user or group for humans; a role admits humans only as the same account's Identity Center session", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.resource?.aws_iam_user, name).toBeUndefined();
      expect(stack.resource?.aws_iam_group, name).toBeUndefined();
      const accountId = (stack.provider.aws as StackJson[]).find((p) => !p.alias)!.allowed_account_ids[0];
      for (const role of Object.values((stack.resource?.aws_iam_role ?? {}) as Record<string, StackJson>)) {
        expect(role.assume_role_policy, `${name} ${role.name}`).not.toContain("MultiFactorAuthPresent");
        for (const st of parsePolicy(role.assume_role_policy).Statement.filter((x) => x.Sid === "HumansThroughIdentityCenter")) {
          expect(st.Principal, `${name} ${role.name}`).toEqual({ AWS: `arn:aws:iam::${accountId}:root` });
          for (const arn of [st.Condition!.ArnLike["aws:PrincipalArn"]].flat()) {
            expect(arn).toMatch(new RegExp(`^arn:aws:iam::${accountId}:role/aws-reserved/sso\\.amazonaws\\.com/\\*AWSReservedSSO_innovate-(admin|developer|readonly)_\\*$`));
          }
        }
      }
    }
    const principals = resources(management, "aws_organizations_organization").organization.aws_service_access_principals;
    expect(principals).toContain("sso.amazonaws.com"); // dropping it would switch Identity Center's trusted access off
  });

  describe("the permission sets, simulated", () => {
    const prod = config.accounts.find((a) => a.name === "production")!;
    const nonprod = config.accounts.find((a) => a.name === "non-production")!;
    const inline = (key: string) => {
      const p = Object.entries(resources(management, "aws_ssoadmin_permission_set_inline_policy")).find(([id]) => id === key);
      return p ? [{ name: `${key} inline`, policy: parsePolicy(p[1].inline_policy) }] : [];
    };
    /** The SSO role a permission set becomes in an account; its managed policy as if it allowed everything. */
    const as = (key: string, account: typeof prod, action: string, resource: string) =>
      simulate({
        principal: `arn:aws:iam::${account.id}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSetName(config, key)}_0123456789abcdef`,
        action, resource, resourceAccount: account.id!,
        identityPolicies: [{ name: "as if its managed policy allowed everything", policy: FULL_AWS_ACCESS }, ...inline(key)],
        context: { "aws:PrincipalAccount": account.id!, "aws:RequestedRegion": config.organization.homeRegion },
      });

    it("developers hold only readonly in prod, and readonly there cannot write, nor read data the plan role may not; it can read configuration", async () => {
      const developers = config.identity.groups.find((g) => g.name === "developers")!;
      expect(groupRolesIn(developers, prod)).toEqual(["readonly"]);
      const bucket = `arn:aws:s3:::innovate-data-${prod.id}`;
      for (const [action, resource] of [
        ["s3:PutObject", `${bucket}/x`], ["ec2:TerminateInstances", `arn:aws:ec2:us-east-1:${prod.id}:instance/i-0123456789abcdef0`],
        ["rds:DeleteDBInstance", `arn:aws:rds:us-east-1:${prod.id}:db:app`], ["iam:PassRole", `arn:aws:iam::${prod.id}:role/app`],
        ["s3:GetObject", `${bucket}/customers.csv`], ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:us-east-1:${prod.id}:secret:db-AbCdEf`],
      ] as const) {
        expect(await as("readonly", prod, action, resource), action).toBe("ExplicitlyDenied");
      }
      expect(await as("readonly", prod, "ec2:DescribeInstances", "*")).toBe("Allowed");
    });

    it("the developer permission set writes in nonprod (positive control), and none but admin may break glass", async () => {
      expect(await as("developer", nonprod, "s3:PutObject", `arn:aws:s3:::innovate-data-${nonprod.id}/x`)).toBe("Allowed");
      for (const key of ["developer", "readonly"]) {
        expect(await as(key, config.accounts[0], "sts:AssumeRole", `arn:aws:iam::${prod.id}:role/OrganizationAccountAccessRole`), key).toBe("ExplicitlyDenied");
      }
    });
  });
});

describe("Identity Center: bad input, with file:line", () => {
  it("a malformed instance ARN, an unknown group, a permission set not in the role set", () => {
    expect(problems(INNOVATE.replace("ssoins-0000000000000000", "ssoins-xyz"))).toEqual([
      expect.stringMatching(/^i\.yaml:\d+:\d+: identity\.identityCenter\.instanceArn: an IAM Identity Center instance ARN: arn:aws:sso:::instance\/ssoins- and 16 hex digits, got "arn:aws:sso:::instance\/ssoins-xyz"$/),
    ]);
    expect(problems(EXTERNAL.replace("developers: 90676bf6", "testers: 90676bf6"))).toEqual([
      expect.stringMatching(/identity\.identityCenter\.groupIds: human group "developers" needs its Identity Store group id/),
      expect.stringMatching(/identity\.identityCenter\.groupIds\.testers: unknown human group "testers"; human groups: platform, developers$/),
    ]);
    expect(problems(INNOVATE.replace("roles: { nonprod: [developer], prod: [readonly] }", "roles: { nonprod: [developer, poweruser], prod: [readonly] }"))).toEqual([
      expect.stringMatching(/identity\.groups\[1\]\.roles\.nonprod\[1\]: unknown role "poweruser"; roles: admin, developer, readonly, terraform-deploy, terraform-plan$/),
    ]);
    expect(problems(INNOVATE.replace("  provider: identity-center\n", ""))).toEqual([
      expect.stringMatching(/identity\.identityCenter: identityCenter is read only with identity\.provider: identity-center$/),
    ]);
  });
});

it("loads the shipped Innovate config in identity-center mode", () => {
  expect(loadConfigFile("config/examples/innovate.yaml").identity.provider).toBe("identity-center");
});
