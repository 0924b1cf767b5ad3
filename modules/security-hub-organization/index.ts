import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubConfigurationPolicy } from "@cdktf/provider-aws/lib/securityhub-configuration-policy";
import { SecurityhubConfigurationPolicyAssociation } from "@cdktf/provider-aws/lib/securityhub-configuration-policy-association";
import { SecurityhubFindingAggregator } from "@cdktf/provider-aws/lib/securityhub-finding-aggregator";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import { SecurityhubOrganizationConfiguration } from "@cdktf/provider-aws/lib/securityhub-organization-configuration";
import { pinAddress } from "../lib/address";

/** Standard ARNs as a central configuration policy names them (the home region's). */
export const SECURITY_HUB_STANDARD_PATHS = {
  "cis-aws-foundations-v3": "standards/cis-aws-foundations-benchmark/v/3.0.0",
  "aws-foundational-security-best-practices": "standards/aws-foundational-security-best-practices/v/1.0.0",
} as const;
export type SecurityHubStandardName = keyof typeof SECURITY_HUB_STANDARD_PATHS;
export const securityHubStandardArn = (region: string, standard: SecurityHubStandardName) => `arn:aws:securityhub:${region}::${SECURITY_HUB_STANDARD_PATHS[standard]}`;

export interface SecurityHubOrganizationProps {
  readonly adminAccountId: string;
  readonly homeRegion: string;
  /** The other regions the organization may use: their findings are aggregated into the home region. */
  readonly linkedRegions: string[];
  /** The management account in the home region. @default the stack's default provider */
  readonly managementProvider?: TerraformProvider;
  /** The delegated administrator account in the home region. */
  readonly adminProvider: TerraformProvider;
  readonly standards: SecurityHubStandardName[];
  /** Where the configuration policy applies: the organization root, so every account, existing and new. */
  readonly targetId: string;
  /** Name of the configuration policy. */
  readonly policyName: string;
}

/**
 * Security Hub for the whole organization, centrally configured from the delegated administrator (CIS 4.16): its
 * own hub first (designation would enable it, and a later enable would clash), the designation, the home-region
 * finding aggregator that central configuration needs, then one configuration policy — Security Hub on, these
 * standards — associated with the organization root, so it applies in every account and linked region.
 */
export class SecurityHubOrganization extends Construct {
  constructor(scope: Construct, id: string, props: SecurityHubOrganizationProps) {
    super(scope, id);
    const provider = props.adminProvider;
    const hub = pinAddress(new SecurityhubAccount(this, "administrator-hub", { provider, enableDefaultStandards: false, autoEnableControls: true }), "administrator");
    const designation = pinAddress(
      new SecurityhubOrganizationAdminAccount(this, "designation", { provider: props.managementProvider, adminAccountId: props.adminAccountId, dependsOn: [hub] }),
      "security_hub",
    );
    const aggregator = pinAddress(
      new SecurityhubFindingAggregator(this, "aggregator", {
        provider,
        linkingMode: props.linkedRegions.length ? "SPECIFIED_REGIONS" : "NO_REGIONS",
        specifiedRegions: props.linkedRegions.length ? props.linkedRegions : undefined,
        dependsOn: [designation],
      }),
      "home_region",
    );
    const organization = pinAddress(
      new SecurityhubOrganizationConfiguration(this, "organization", {
        provider,
        autoEnable: false,
        autoEnableStandards: "NONE",
        organizationConfiguration: { configurationType: "CENTRAL" },
        dependsOn: [aggregator],
      }),
      "central",
    );
    const policy = pinAddress(
      new SecurityhubConfigurationPolicy(this, "policy", {
        provider,
        name: props.policyName,
        description: `Security Hub on, with ${props.standards.join(" and ")}, in every account and region`,
        configurationPolicy: {
          serviceEnabled: true,
          enabledStandardArns: props.standards.map((s) => securityHubStandardArn(props.homeRegion, s)),
          securityControlsConfiguration: { disabledControlIdentifiers: [] },
        },
        dependsOn: [organization],
      }),
      "organization",
    );
    pinAddress(new SecurityhubConfigurationPolicyAssociation(this, "association", { provider, targetId: props.targetId, policyId: policy.id }), "organization_root");
  }
}
