import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { IdentityCenter, type IdentityCenterProps } from ".";

const base: IdentityCenterProps = {
  instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
  identityStoreId: "d-0123456789",
  sessionDuration: "PT4H",
  permissionSets: [
    { key: "admin", name: "acme-admin", description: "admin", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
    { key: "readonly", name: "acme-readonly", description: "readonly", managedPolicyArns: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"], inlineStatements: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }] },
  ],
  groups: [{ name: "admins" }, { name: "auditors", externalId: "90676bf6-1234-4a5b-8c9d-0123456789ab" }],
  users: [{ userName: "alice", groups: ["admins"], email: "alice@acme.example" }],
  assignments: [
    { group: "admins", accountName: "prod", accountId: "111111111111", permissionSet: "admin" },
    { group: "auditors", accountName: "prod", accountId: "111111111111", permissionSet: "readonly" },
  ],
};
const synth = (props: Partial<IdentityCenterProps> = {}) =>
  JSON.parse(Testing.synthScope((s) => { new AwsProvider(s, "aws", { region: "eu-west-1" }); new IdentityCenter(s, "ic", { ...base, ...props }); })).resource;

describe("IdentityCenter", () => {
  it("creates each permission set with its session, managed policies and one inline policy", () => {
    const r = synth();
    expect(r.aws_ssoadmin_permission_set.readonly).toMatchObject({ name: "acme-readonly", session_duration: "PT4H", instance_arn: base.instanceArn });
    expect(Object.keys(r.aws_ssoadmin_managed_policy_attachment)).toEqual(["admin_AdministratorAccess", "readonly_ViewOnlyAccess"]);
    expect(Object.keys(r.aws_ssoadmin_permission_set_inline_policy)).toEqual(["readonly"]);
  });

  it("creates Identity Store groups and users (protected), but only refers to a group an IdP provisions", () => {
    const r = synth();
    expect(Object.keys(r.aws_identitystore_group)).toEqual(["admins"]);
    expect(r.aws_identitystore_group.admins.lifecycle).toEqual({ prevent_destroy: true });
    expect(r.aws_identitystore_user.alice).toMatchObject({ user_name: "alice", emails: { value: "alice@acme.example", primary: true } });
    expect(r.aws_identitystore_group_membership.alice_admins.group_id).toBe("${aws_identitystore_group.admins.group_id}");
    expect(r.aws_ssoadmin_account_assignment.auditors_prod_readonly).toMatchObject({ principal_type: "GROUP", principal_id: "90676bf6-1234-4a5b-8c9d-0123456789ab", target_id: "111111111111", target_type: "AWS_ACCOUNT" });
  });

  it("refuses an assignment to a group or permission set it does not have", () => {
    expect(() => synth({ assignments: [{ group: "nobody", accountName: "prod", accountId: "111111111111", permissionSet: "admin" }] })).toThrow(/names an unknown group or permission set/);
  });
});
