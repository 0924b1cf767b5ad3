import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { BOOTSTRAP_ROLE_NAME } from "../config";
import { Organization } from "../modules/organization";
import { AccountStack, type AccountStackProps } from "./account-stack";

/** Trusted-access service principals the organization-wide features need. */
export const ORGANIZATION_SERVICE_PRINCIPALS = [
  "cloudtrail.amazonaws.com",
  "config.amazonaws.com",
  "access-analyzer.amazonaws.com",
  "guardduty.amazonaws.com",
  "backup.amazonaws.com",
];

/** The management account: the organization, its OUs and every enabled member account. */
export class ManagementStack extends AccountStack {
  readonly organization: Organization;

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const members = this.config.accounts.filter((a) => a.enabled && a.role !== "management");
    const ous = [...new Set(members.map((a) => a.ou!))].sort();
    this.organization = new Organization(this, "organization", {
      serviceAccessPrincipals: ORGANIZATION_SERVICE_PRINCIPALS,
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
      organizationalUnits: ous,
      accounts: members.map((a) => ({ name: a.name, email: a.email, ou: a.ou! })),
      accessRoleName: BOOTSTRAP_ROLE_NAME,
    });
    new TerraformOutput(this, "account_ids", {
      description: "Copy each id into accounts[].id of the config",
      value: this.organization.accountIds,
    });
  }
}
