import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { auditAccount, auditBucketName, requireAccountId, securityAccount, securityNames } from "../config";
import { CONFIG_SERVICE } from "../modules/config-recorder";
import { CisConformancePack } from "../modules/conformance-pack";
import { GuardDutyOrganization, guardDutyExportKeyStatement } from "../modules/guardduty-organization";
import { KmsKey } from "../modules/kms-key";
import { accountRootArn, s3BucketArn } from "../modules/lib/policy";
import { IamRole } from "../modules/iam-role";
import { pinAddress } from "../modules/lib/address";
import { SecurityHubOrganization } from "../modules/security-hub-organization";
import type { AccountStack } from "./account-stack";

/** Services whose delegated administrator Organizations registers (GuardDuty and Security Hub designate their own). */
export const DELEGATED_SERVICES = [CONFIG_SERVICE, "access-analyzer.amazonaws.com"] as const;
/** Config's organization rules and conformance packs (only with security.conformancePack). */
export const CONFIG_MULTI_ACCOUNT_SERVICE = "config-multiaccountsetup.amazonaws.com";

/** The AWS-managed policy the organization Config aggregator's role needs. */
export const CONFIG_ORGANIZATION_AGGREGATOR_POLICY = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/**
 * The detective controls administered from the security account, applied from the management stack because their
 * first apply alternates between the two accounts (the administrator's own detector and hub, then the designations
 * from the management account, then the organization-wide settings in the administrator). The resources of the
 * security account go through its deploy role (an aliased provider per region), as DNS delegation does.
 */
export function addSecurityServices(stack: AccountStack, rootId: string): void {
  const { config } = stack;
  const admin = securityAccount(config);
  const adminAccountId = requireAccountId(admin, "the security services' delegated administrator");
  const names = securityNames(config);
  const home = config.organization.homeRegion;
  const regions = [home, ...config.organization.allowedRegions.filter((r) => r !== home)];
  const managementIn = (region: string) => (region === stack.account.region ? undefined : stack.regionProvider(region));
  const adminIn = (region: string) => stack.memberProvider(admin, region);

  // Findings outlive GuardDuty's 90 days in the audit archive, encrypted with a key of the security account in the
  // archive's region (GuardDuty needs a key ARN, and the archive's own key is another stack's).
  const archive = auditAccount(config);
  const findingsKey = new KmsKey(stack, "guardduty_findings_key", {
    provider: adminIn(archive.region),
    accountId: adminAccountId,
    alias: names.guardDutyFindingsKeyAlias,
    description: "GuardDuty findings exported to the audit archive",
    statements: [
      guardDutyExportKeyStatement(adminAccountId),
      // Readers of the archive decrypt what they may read there (their own account's IAM decides who).
      { Sid: "ArchiveAccountReadsFindings", Effect: "Allow", Principal: { AWS: accountRootArn(requireAccountId(archive, "the audit archive")) }, Action: "kms:Decrypt", Resource: "*" },
    ],
  });
  new GuardDutyOrganization(stack, "guardduty", {
    adminAccountId,
    regions: regions.map((region) => ({ region, managementProvider: managementIn(region), adminProvider: adminIn(region) })),
    features: config.security.guardDuty,
    findingsExport: { bucketArn: s3BucketArn(auditBucketName(config, archive.id!)), prefix: names.guardDutyFindingsPrefix, kmsKeyArn: findingsKey.keyArn },
  });
  new SecurityHubOrganization(stack, "security_hub", {
    adminAccountId,
    homeRegion: home,
    linkedRegions: regions.slice(1),
    managementProvider: managementIn(home),
    adminProvider: adminIn(home),
    standards: config.security.securityHub.standards,
    targetId: rootId,
    policyName: names.securityHubPolicy,
  });

  const registrations = Object.fromEntries(
    DELEGATED_SERVICES.map((service) => [
      service,
      pinAddress(
        new OrganizationsDelegatedAdministrator(stack, `delegated-${service}`, { provider: managementIn(home), accountId: adminAccountId, servicePrincipal: service }),
        service.split(".")[0],
      ),
    ]),
  );

  // The organization aggregator: every account's Config, every allowed region, in the security account (CIS 3.3).
  const aggregatorRole = new IamRole(stack, "config_aggregator_role", {
    provider: adminIn(home),
    roleName: names.configAggregatorRole,
    description: "AWS Config reads the organization's accounts for the organization aggregator",
    trustStatements: [{ Effect: "Allow", Principal: { Service: CONFIG_SERVICE }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": adminAccountId } } }],
    managedPolicyArns: [CONFIG_ORGANIZATION_AGGREGATOR_POLICY],
  });
  pinAddress(
    new ConfigConfigurationAggregator(stack, "config-aggregator", {
      provider: adminIn(home),
      name: names.configAggregator,
      organizationAggregationSource: { allRegions: false, regions, roleArn: aggregatorRole.roleArn },
      dependsOn: [registrations[CONFIG_SERVICE]],
    }),
    "organization",
  );

  if (config.security.conformancePack === "cis") {
    const registration = pinAddress(
      new OrganizationsDelegatedAdministrator(stack, `delegated-${CONFIG_MULTI_ACCOUNT_SERVICE}`, {
        provider: managementIn(home),
        accountId: adminAccountId,
        servicePrincipal: CONFIG_MULTI_ACCOUNT_SERVICE,
      }),
      "config-multiaccountsetup",
    );
    new CisConformancePack(stack, "conformance_pack", {
      name: names.conformancePack,
      regions: regions.map((region) => ({ region, provider: adminIn(region) })),
      dependsOn: [registration],
    });
  }

  const unusedDays = config.security.accessAnalyzer.unusedAccessDays;
  if (unusedDays !== null) {
    // IAM is global: one analyzer, in the home region, covers every role and user of the organization.
    pinAddress(
      new AccessanalyzerAnalyzer(stack, "unused-access-analyzer", {
        provider: adminIn(home),
        analyzerName: names.unusedAccessAnalyzer,
        type: "ORGANIZATION_UNUSED_ACCESS",
        configuration: { unusedAccess: { unusedAccessAge: unusedDays } },
        dependsOn: [registrations["access-analyzer.amazonaws.com"]],
      }),
      "organization_unused_access",
    );
  }
}
