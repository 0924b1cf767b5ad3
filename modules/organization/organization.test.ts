import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Organization } from ".";

const synth = () =>
  JSON.parse(
    Testing.synthScope((s) => void new Organization(s, "organization", {
      serviceAccessPrincipals: ["config.amazonaws.com", "cloudtrail.amazonaws.com", "config.amazonaws.com"],
      organizationalUnits: ["prod"],
      accounts: [{ name: "acme-prod", email: "aws+prod@example.com", ou: "prod" }],
      accessRoleName: "OrganizationAccountAccessRole",
    })),
  ).resource;

describe("Organization", () => {
  it("enables all features and SCPs, with trusted access for each service once", () => {
    expect(synth().aws_organizations_organization.organization).toMatchObject({
      feature_set: "ALL", enabled_policy_types: ["SERVICE_CONTROL_POLICY"], aws_service_access_principals: ["cloudtrail.amazonaws.com", "config.amazonaws.com"], lifecycle: { prevent_destroy: true },
    });
  });

  it("never closes an account on deletion, denies IAM users billing, and protects every account", () => {
    expect(synth().aws_organizations_account["acme-prod"]).toMatchObject({
      close_on_deletion: false, iam_user_access_to_billing: "DENY", parent_id: "${aws_organizations_organizational_unit.prod.id}", lifecycle: { prevent_destroy: true },
    });
  });

  it("rejects an account in an unknown OU", () => {
    expect(() => Testing.synthScope((s) => void new Organization(s, "o", { serviceAccessPrincipals: [], organizationalUnits: [], accounts: [{ name: "a", email: "a@example.com", ou: "x" }], accessRoleName: "r" })))
      .toThrow('account a is placed in unknown OU "x"');
  });
});
