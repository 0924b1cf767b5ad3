import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { IamRole } from ".";

describe("IamRole", () => {
  it("writes the trust and inline policies as literal JSON, one hour sessions by default, attachments addressed by the role", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => void new IamRole(s, "role_admin", {
        roleName: "acme-admin", description: "admin",
        trustStatements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }],
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        inlinePolicies: { "no-data": [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] },
      })),
    ).resource;
    expect(r.aws_iam_role.role_admin).toMatchObject({ name: "acme-admin", max_session_duration: 3600 });
    expect(JSON.parse(r.aws_iam_role.role_admin.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }],
    });
    expect(r.aws_iam_role_policy_attachment.role_admin_AdministratorAccess.policy_arn).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(JSON.parse(r.aws_iam_role_policy["role_admin_no-data"].policy).Statement).toEqual([{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }]);
  });

  it("has no policies unless given some", () => {
    const r = JSON.parse(Testing.synthScope((s) => void new IamRole(s, "r", { roleName: "n", description: "d", trustStatements: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }))).resource;
    expect(r.aws_iam_role_policy).toBeUndefined();
    expect(r.aws_iam_role_policy_attachment).toBeUndefined();
  });
});
