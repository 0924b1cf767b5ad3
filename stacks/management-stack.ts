import type { Construct } from "constructs";
import { dependable, TerraformOutput, TerraformResource } from "cdktf";
import { AccountRegion } from "@cdktf/provider-aws/lib/account-region";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamOrganizationsFeatures } from "@cdktf/provider-aws/lib/iam-organizations-features";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { CeCostAllocationTag } from "@cdktf/provider-aws/lib/ce-cost-allocation-tag";
import { allIdsKnown, auditAccount, auditBucketName, BOOTSTRAP_ROLE_NAME, isOptInRegion, kmsAlias, managementNames, orgTrailArn, requireAccountId } from "../config";
import { AccountBudget } from "../modules/budget";
import { CisMonitoring } from "../modules/cis-monitoring";
import { cloudWatchLogsKeyStatement, KmsKey, topicPublisherKeyStatement } from "../modules/kms-key";
import { pinAddress, toLogicalId } from "../modules/lib/address";
import { Organization } from "../modules/organization";
import { cloudTrailTopicKeyStatement, OrganizationTrail } from "../modules/org-trail";
import { ServiceControlPolicy } from "../modules/scp";
import { guardrailAttachments, guardrailDocuments, resourceControlAttachments, resourceControlDocuments } from "./access";

import { AccountStack, type AccountStackProps } from "./account-stack";
import { auditKmsKeyId } from "./audit-archive";
import { addIdentities, addIdentityCenter } from "./identities";
import { addSecurityServices, CONFIG_MULTI_ACCOUNT_SERVICE } from "./security-services";
import { addSharedServices } from "./shared-services-stack";

/** Trusted-access service principals the organization-wide features need. */
export const ORGANIZATION_SERVICE_PRINCIPALS = [
  "cloudtrail.amazonaws.com",
  "config.amazonaws.com",
  "access-analyzer.amazonaws.com",
  "guardduty.amazonaws.com",
  "backup.amazonaws.com",
  "iam.amazonaws.com", // centralized root access: member accounts without root credentials
  "securityhub.amazonaws.com",
];

/**
 * The management account: the organization, its OUs and member accounts, the guardrail SCPs, the organization
 * trail, the organization Access Analyzer, budgets, and (without an identity account) the IAM users and groups.
 * Until every account id is known (bootstrap) it holds only the organization and the accounts.
 */
export class ManagementStack extends AccountStack {
  readonly organization: Organization;

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config } = this;
    const members = config.accounts.filter((a) => a.enabled && a.role !== "management");
    const ous = [...new Set(members.map((a) => a.ou!))].sort();
    const controlTowerOus = config.organization.existing?.controlTower?.ous ?? [];
    this.organization = new Organization(this, "organization", {
      serviceAccessPrincipals: [
        ...ORGANIZATION_SERVICE_PRINCIPALS,
        ...(config.security.conformancePack === "cis" ? [CONFIG_MULTI_ACCOUNT_SERVICE] : []),
        // Enabling the Identity Center instance (console) turns this on; leaving it out would make Terraform turn it off.
        ...(config.identity.provider === "identity-center" ? ["sso.amazonaws.com"] : []),
      ].sort(),
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"],
      organizationalUnits: ous,
      accounts: members.map((a) => ({ name: a.name, email: a.email, ou: a.ou! })),
      accessRoleName: BOOTSTRAP_ROLE_NAME,
      optInRegions: config.organization.allowedRegions.filter(isOptInRegion),
      managementAccountName: props.account.name,
      adopt: config.organization.existing && {
        organizationId: config.organization.existing.id,
        ous: Object.fromEntries(Object.entries(config.organization.existing.ous).filter(([ou]) => !controlTowerOus.includes(ou))),
        unmanagedOus: Object.fromEntries(Object.entries(config.organization.existing.ous).filter(([ou]) => controlTowerOus.includes(ou))),
        accounts: Object.fromEntries(members.filter((a) => a.existing && a.id).map((a) => [a.name, a.id!])),
      },
    });
    new TerraformOutput(this, "account_ids", {
      description: "Copy each id into accounts[].id of the config",
      value: { [props.account.name]: this.organization.managementAccountId, ...this.organization.accountIds },
    });
    if (!allIdsKnown(config)) return;
    // Centralized root access (IAM): the management account manages member root credentials and runs privileged root
    // tasks as short sessions, so no member account needs a root password, access key or MFA device of its own.
    pinAddress(
      new IamOrganizationsFeatures(this, "root-access", { enabledFeatures: ["RootCredentialsManagement", "RootSessions"], dependsOn: [this.organization.resource] }),
      "centralized_root_access",
    );
    const names = managementNames(config);

    const policies = [
      { prefix: "scp", policyType: "SERVICE_CONTROL_POLICY", documents: guardrailDocuments(config), attachments: guardrailAttachments(config) },
      {
        prefix: "rcp",
        policyType: "RESOURCE_CONTROL_POLICY",
        documents: resourceControlDocuments(config, this.organization.organizationId),
        attachments: resourceControlAttachments(config),
      },
    ] as const;
    for (const { prefix, policyType, documents, attachments } of policies) {
      for (const [name, doc] of Object.entries(documents)) {
        const targets = Object.fromEntries(Object.entries(attachments).filter(([, names]) => names.includes(name)).map(([ou]) => [ou, this.organization.ouIds[ou]]));
        if (!Object.keys(targets).length) continue;
        new ServiceControlPolicy(this, toLogicalId(`${prefix}_${name}`), {
          policyName: names.guardrailPolicy(name),
          description: doc.description,
          statements: doc.statements,
          targets,
          policyType,
          dependsOn: [this.organization.resource],
        });
      }
    }

    // With Control Tower the organization trail (and the CIS alarms on its CloudWatch copy) is Control Tower's.
    if (!config.organization.existing?.controlTower) this.addOrganizationTrail();

    // CIS 1.20: an analyzer in every region workloads may use (analyzers are regional).
    pinAddress(new AccessanalyzerAnalyzer(this, "access-analyzer", { analyzerName: names.accessAnalyzer, type: "ORGANIZATION" }), "organization");
    for (const region of config.organization.allowedRegions.filter((r) => r !== this.account.region)) {
      const provider = this.aliasedProvider(`aws-${region}`, { alias: region.replace(/-/g, "_"), region, purpose: region });
      pinAddress(
        new AccessanalyzerAnalyzer(this, `access-analyzer-${region}`, { provider, analyzerName: names.accessAnalyzer, type: "ORGANIZATION" }),
        toLogicalId(`organization_${region}`),
      );
    }

    for (const account of config.accounts.filter((a) => a.enabled && a.budget)) {
      new AccountBudget(this, toLogicalId(`budget_${account.name}`), {
        budgetName: `${account.name}-monthly`,
        accountId: account.id!,
        monthlyUsd: account.budget!.monthlyUsd,
        alertEmails: config.organization.budgetAlertEmails,
      });
    }
    if (config.tenants.length) {
      // Costs per tenant: the tag every tenant resource carries becomes a cost-allocation tag (management account).
      pinAddress(new CeCostAllocationTag(this, "tenant-cost-tag", { tagKey: "tenant", status: "Active" }), "tenant");
    }
    // The management account may double as the shared-services account (accounts[].sharedServices): registry, zone, DNS roles.
    if (config.stateAccountName === this.account.name) addSharedServices(this);
    addSecurityServices(this, this.organization.rootId);
    addIdentityCenter(this, config);
    if (config.identityAccountName === this.account.name) addIdentities(this, config);
    this.waitForOptInRegions();
  }

  /**
   * Everything this stack creates in an opt-in region, in its own or a member account, waits until the region is
   * enabled there (the same apply may enable it: a region added to allowedRegions later); so does whatever names such
   * a region from elsewhere (aggregators linking regions).
   */
  private waitForOptInRegions(): void {
    const byAccountId = new Map(this.config.accounts.filter((a) => a.id).map((a) => [a.id!, this.organization.regionEnablements.get(a.name)]));
    const optIn = this.config.organization.allowedRegions.filter(isOptInRegion);
    if (!optIn.length) return;
    for (const construct of this.node.findAll()) {
      if (!TerraformResource.isTerraformResource(construct) || construct instanceof AccountRegion) continue;
      const target = this.providerTargets.get((construct.provider ?? this.provider) as AwsProvider);
      const enablements = target?.accountId ? byAccountId.get(target.accountId) : undefined;
      if (!enablements) continue;
      const attributes = construct.toTerraform();
      const named = optIn.filter((region) => region === target!.region || mentions(attributes, region));
      const waits = named.map((region) => enablements.get(region)).filter((e): e is AccountRegion => e !== undefined);
      if (waits.length) construct.dependsOn = [...new Set([...(construct.dependsOn ?? []), ...waits.map((e) => dependable(e))])];
    }
  }

  /** The organization trail into the audit archive, its CloudWatch copy and the CIS 4.1–4.15 alarms on it. */
  private addOrganizationTrail(): void {
    const { config } = this;
    const names = managementNames(config);
    const accountId = this.accountId;
    const logsKey = new KmsKey(this, "logs_key", {
      accountId,
      alias: kmsAlias(config, "logs"),
      description: "CloudWatch Logs of the management account (organization trail copy)",
      statements: [
        cloudWatchLogsKeyStatement(this.account.region, accountId),
        cloudTrailTopicKeyStatement(orgTrailArn(config, accountId)),
        topicPublisherKeyStatement("CloudWatchAlarmsPublishToEncryptedTopic", "cloudwatch.amazonaws.com"),
      ],
    });
    const audit = auditAccount(config);
    const trail = new OrganizationTrail(this, "organization_trail", {
      trailName: names.trail,
      trailArn: orgTrailArn(config, accountId),
      notifications: { topicName: names.trailTopic, kmsKeyArn: logsKey.keyArn },
      bucketName: auditBucketName(config, requireAccountId(audit, "the audit archive")),
      kmsKeyId: auditKmsKeyId(config, audit),
      cloudWatch: { logGroupName: names.trailLogGroup, kmsKeyArn: logsKey.keyArn, roleName: names.trailToCloudWatchRole },
    });

    new CisMonitoring(this, "security", {
      logGroupName: trail.logGroupName,
      namespace: names.cisMetricNamespace,
      name: names.securityAlarms,
      region: this.account.region,
      kmsKeyArn: logsKey.keyArn,
      emails: config.audit.alertEmails,
    });

  }
}

/** True when a value (attributes: plain objects, arrays, strings) holds the string `text` itself. */
function mentions(value: unknown, text: string, seen = new Set<unknown>()): boolean {
  if (value === text) return true;
  if (!value || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((v) => mentions(v, text, seen));
  // Plain objects only: tokens and constructs are not configuration a region name could hide in.
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).some((v) => mentions(v, text, seen));
}
