import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { IamIdentities, selfServiceMfaStatements } from ".";

describe("IamIdentities", () => {
  it("puts every permission on groups (CKV_AWS_40), every user in a group (CKV2_AWS_21), and protects users", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => void new IamIdentities(s, "identities", {
        groups: [{ name: "developers", policies: { "assume-roles": [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/acme-developer" }] } }],
        users: [{ name: "ana", groups: ["developers"] }],
      })),
    ).resource;
    expect(r.aws_iam_user.ana).toEqual({ name: "ana", path: "/", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(r.aws_iam_user_policy).toBeUndefined();
    expect(r.aws_iam_user_policy_attachment).toBeUndefined();
    expect(r.aws_iam_user_group_membership.ana.groups).toEqual(["${aws_iam_group.developers.name}"]);
    expect(r["aws_iam_group_policy"]["developers_assume-roles"].group).toBe("${aws_iam_group.developers.name}");
  });

  it("rejects a user in an unknown group", () => {
    expect(() => Testing.synthScope((s) => void new IamIdentities(s, "i", { groups: [], users: [{ name: "bo", groups: ["admins"] }] }))).toThrow("user bo is in unknown group(s) admins");
  });

  it("self-service: without MFA a user may only set up MFA and their password", () => {
    const deny = selfServiceMfaStatements("123456789012").find((s) => s.Sid === "DenyEverythingElseWithoutMfa")!;
    expect(deny).toMatchObject({ Effect: "Deny", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } });
    expect(deny.NotAction).not.toContain("sts:AssumeRole");
  });
});
