import { Construct } from "constructs";
import { AccountRegion } from "@cdktf/provider-aws/lib/account-region";
import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { OrganizationsOrganizationalUnit } from "@cdktf/provider-aws/lib/organizations-organizational-unit";
import { pinAddress, protect, toLogicalId } from "../lib/address";

export interface MemberAccount {
  readonly name: string;
  readonly email: string;
  /** OU name, which must be in `organizationalUnits`. */
  readonly ou: string;
}

export interface OrganizationProps {
  /** Service principals given trusted access (CloudTrail, Config, Access Analyzer …). */
  readonly serviceAccessPrincipals: string[];
  /** Policy types enabled on the root. @default ["SERVICE_CONTROL_POLICY"] */
  readonly enabledPolicyTypes?: string[];
  /** OUs created directly under the root. */
  readonly organizationalUnits: string[];
  readonly accounts: MemberAccount[];
  /** Role Organizations creates in every new account for the bootstrap. */
  readonly accessRoleName: string;
  /**
   * Opt-in regions (disabled by default) to enable in every account, the management account included, through the
   * Account Management API (trusted access `account.amazonaws.com` is turned on for it). @default none
   */
  readonly optInRegions?: string[];
  /** The management account's own name (names its region enablements). @default "management" */
  readonly managementAccountName?: string;
  /**
   * What exists already and is imported (Terraform import blocks) instead of created: the organization by id, OUs
   * and member accounts by name → id. @default create everything
   */
  readonly adopt?: {
    readonly organizationId: string;
    readonly ous: Record<string, string>;
    readonly accounts: Record<string, string>;
    /** OUs another service owns (Control Tower): accounts are placed in them by id; never imported or changed. @default none */
    readonly unmanagedOus?: Record<string, string>;
  };
}

/**
 * The AWS Organization (all features), its OUs and member accounts. Accounts are never closed on destroy
 * (`close_on_deletion = false`) and are protected by `prevent_destroy`; their addresses are
 * `aws_organizations_account.<account-name>`.
 */
export class Organization extends Construct {
  readonly rootId: string;
  readonly organizationId: string;
  /** The organization resource itself: what org-wide features depend on (trusted access must be on first). */
  readonly resource: OrganizationsOrganization;
  /** The management account's own id (the organization's master account). */
  readonly managementAccountId: string;
  readonly ouIds: Record<string, string> = {};
  readonly accountIds: Record<string, string> = {};
  /** The opt-in region enablements, by account name (the management account's included) and region. */
  readonly regionEnablements = new Map<string, Map<string, AccountRegion>>();

  constructor(scope: Construct, id: string, props: OrganizationProps) {
    super(scope, id);
    const org = protect(
      new OrganizationsOrganization(this, "organization", {
        featureSet: "ALL",
        awsServiceAccessPrincipals: [...new Set([...props.serviceAccessPrincipals, ...(props.optInRegions?.length ? [ACCOUNT_MANAGEMENT_PRINCIPAL] : [])])].sort(),
        enabledPolicyTypes: props.enabledPolicyTypes ?? ["SERVICE_CONTROL_POLICY"],
      }),
      "organization",
    );
    this.rootId = org.roots.get(0).id;
    this.organizationId = org.id;
    this.managementAccountId = org.masterAccountId;
    this.resource = org;
    if (props.adopt) org.importFrom(props.adopt.organizationId);

    for (const ou of props.organizationalUnits) {
      const unmanaged = props.adopt?.unmanagedOus?.[ou];
      if (unmanaged) {
        this.ouIds[ou] = unmanaged;
        continue;
      }
      const unit = pinAddress(new OrganizationsOrganizationalUnit(this, `ou-${ou}`, { name: ou, parentId: this.rootId }), ou);
      const existingOu = props.adopt?.ous[ou];
      if (existingOu) unit.importFrom(existingOu);
      this.ouIds[ou] = unit.id;
    }
    for (const account of props.accounts) {
      const parentId = this.ouIds[account.ou];
      if (!parentId) throw new Error(`Organization: account ${account.name} is placed in unknown OU "${account.ou}"`);
      const created = protect(
        new OrganizationsAccount(this, `account-${account.name}`, {
          name: account.name,
          email: account.email,
          parentId,
          roleName: props.accessRoleName,
          closeOnDeletion: false,
          iamUserAccessToBilling: "DENY",
          // Organizations does not return role_name on import/read; changing it would recreate the account.
          lifecycle: { ignoreChanges: ["role_name", "iam_user_access_to_billing"] },
        }),
        toLogicalId(account.name),
      );
      const existingAccount = props.adopt?.accounts[account.name];
      if (existingAccount) created.importFrom(existingAccount);
      this.accountIds[account.name] = created.id;
    }
    const managementName = props.managementAccountName ?? "management";
    for (const account of [managementName, ...props.accounts.map((a) => a.name)]) {
      const member = account !== managementName;
      const enabled = new Map<string, AccountRegion>();
      for (const region of props.optInRegions ?? []) {
        const name = toLogicalId(`${account}_${region}`);
        // Destroying the resource only stops managing the region (the provider does not disable it: that would cut
        // off everything in it). The management account enables its own regions without naming itself.
        enabled.set(
          region,
          pinAddress(
            new AccountRegion(this, `region-${name}`, {
              regionName: region,
              enabled: true,
              timeouts: { create: REGION_ENABLE_TIMEOUT, update: REGION_ENABLE_TIMEOUT },
              ...(member ? { accountId: this.accountIds[account] } : {}),
              dependsOn: [org],
            }),
            name,
          ),
        );
      }
      this.regionEnablements.set(account, enabled);
    }
  }
}

/**
 * How long an apply waits for a region's enablement. AWS: "a few minutes for most accounts, but it can take several
 * hours"; the provider's default (60 minutes) would fail a first apply that AWS finishes later. 4 h stays inside a
 * GitHub-hosted job's 6 h.
 */
export const REGION_ENABLE_TIMEOUT = "4h";

/** The service principal of AWS Account Management (enables regions in member accounts). */
export const ACCOUNT_MANAGEMENT_PRINCIPAL = "account.amazonaws.com";
