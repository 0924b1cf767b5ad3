/**
 * The detective controls every auditor asks for, on every shipped config and the selected one: AWS Config (CIS 3.3),
 * Security Hub (CIS 4.16), GuardDuty, the unused-access analyzer and the account-wide defaults (CIS 2.1.4, 2.2.1, 5.6),
 * read off the synthesized JSON; and the guardrail that keeps them running, attacked with the IAM simulator: a member
 * account's admin cannot switch any of them off, the landing zone's deploy role can change them.
 */
import { describe, expect, it } from "vitest";
import {
  auditAccount, auditBucketName, enabledAccounts, loadConfigFile, managementAccount, roleArn, securityAccount, securityNames, shippedConfigFiles,
  type Account,
} from "../config";
import { FULL_AWS_ACCESS, scpLevelsOf, simulate } from "../test/iam-simulation";
import { resources, synthConfigFile, type StackJson } from "../test/testing";
import { securityHubStandardArn } from "../modules/security-hub-organization";

describe.each(shippedConfigFiles())("detective controls of %s", (file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  const management = managementAccount(config);
  const admin = securityAccount(config);
  const home = config.organization.homeRegion;
  const allowed = config.organization.allowedRegions;
  const mgmt = stacks[management.name];
  /** The region and account of a resource, from its provider (the stack's default provider: the account's own region). */
  const where = (stack: StackJson, stackAccount: Account, r: StackJson) => {
    const alias = typeof r.provider === "string" ? r.provider.replace(/^aws\./, "") : undefined;
    const provider = (stack.provider.aws as StackJson[]).find((p) => (alias ? p.alias === alias : !p.alias))!;
    return { region: provider.region as string, accountId: (provider.allowed_account_ids?.[0] as string) ?? stackAccount.id! };
  };
  const placed = (stack: StackJson, account: Account, type: string) => Object.values(resources(stack, type)).map((r) => ({ ...where(stack, account, r), r }));

  it("AWS Config records every resource type in every account and allowed region, global resources once, into the audit archive (CIS 3.3)", () => {
    const bucket = auditBucketName(config, auditAccount(config).id!);
    for (const account of enabledAccounts(config)) {
      const stack = stacks[account.name];
      const recorders = placed(stack, account, "aws_config_configuration_recorder");
      expect(recorders.map((x) => x.region).sort(), account.name).toEqual([...allowed].sort());
      for (const { region, accountId, r } of recorders) {
        expect(accountId).toBe(account.id);
        expect(r.recording_group, `${account.name} ${region}`).toEqual({ all_supported: true, include_global_resource_types: region === account.region });
      }
      const channels = placed(stack, account, "aws_config_delivery_channel");
      expect(channels.map((x) => x.region).sort()).toEqual([...allowed].sort());
      for (const { r } of channels) expect(r.s3_bucket_name).toBe(bucket);
      expect(Object.values(resources(stack, "aws_config_configuration_recorder_status")).every((s) => s.is_enabled === true)).toBe(true);
    }
  });

  it("every account enforces the S3 public access block, EBS encryption and IMDSv2 in every allowed region (CIS 2.1.4, 2.2.1, 5.6)", () => {
    for (const account of enabledAccounts(config)) {
      const stack = stacks[account.name];
      expect(Object.keys(resources(stack, "aws_s3_account_public_access_block")), account.name).toHaveLength(1);
      expect(placed(stack, account, "aws_ebs_encryption_by_default").filter((x) => x.r.enabled === true).map((x) => x.region).sort()).toEqual([...allowed].sort());
      expect(placed(stack, account, "aws_ec2_instance_metadata_defaults").filter((x) => x.r.http_tokens === "required").map((x) => x.region).sort()).toEqual([...allowed].sort());
    }
  });

  it("GuardDuty: the security account administers every allowed region and enrols every account, with the configured plans", () => {
    const designations = placed(mgmt, management, "aws_guardduty_organization_admin_account");
    expect(designations.map((d) => [d.region, d.accountId, d.r.admin_account_id]).sort()).toEqual(allowed.map((r) => [r, management.id, admin.id]).sort());
    const organization = placed(mgmt, management, "aws_guardduty_organization_configuration");
    expect(organization.map((o) => [o.region, o.accountId, o.r.auto_enable_organization_members]).sort()).toEqual(allowed.map((r) => [r, admin.id, "ALL"]).sort());
    const features = placed(mgmt, management, "aws_guardduty_organization_configuration_feature").filter((f) => f.region === home);
    const plans = config.security.guardDuty;
    expect(Object.fromEntries(features.map((f) => [f.r.name, f.r.auto_enable]))).toEqual({
      S3_DATA_EVENTS: plans.s3Protection ? "ALL" : "NONE",
      EKS_AUDIT_LOGS: plans.eksAuditLogs ? "ALL" : "NONE",
      RDS_LOGIN_EVENTS: plans.rdsLoginEvents ? "ALL" : "NONE",
      EBS_MALWARE_PROTECTION: plans.malwareProtection ? "ALL" : "NONE",
    });
  });

  it("GuardDuty exports every region's findings to the audit archive, encrypted with a key of the security account", () => {
    const exports = placed(mgmt, management, "aws_guardduty_publishing_destination");
    expect(exports.map((e) => e.region).sort()).toEqual([...allowed].sort());
    for (const { accountId, r } of exports) {
      expect(accountId).toBe(admin.id);
      expect(r.destination_arn).toBe(`arn:aws:s3:::${auditBucketName(config, auditAccount(config).id!)}/guardduty`);
      expect(r.kms_key_arn).toBe("${aws_kms_key.guardduty_findings_key.arn}");
    }
    const [key] = placed(mgmt, management, "aws_kms_key").filter((k) => JSON.stringify(k.r.policy).includes("GuardDutyEncryptsExportedFindings"));
    expect([key.accountId, key.region]).toEqual([admin.id, auditAccount(config).region]);
  });

  it("Security Hub: central configuration from the security account, the configured standards on the organization root, every allowed region aggregated home (CIS 4.16)", () => {
    const [designation] = placed(mgmt, management, "aws_securityhub_organization_admin_account");
    expect([designation.accountId, designation.r.admin_account_id]).toEqual([management.id, admin.id]);
    const [aggregator] = placed(mgmt, management, "aws_securityhub_finding_aggregator");
    expect([aggregator.region, aggregator.accountId]).toEqual([home, admin.id]);
    expect(aggregator.r.specified_regions ?? []).toEqual(allowed.filter((r) => r !== home));
    const [central] = placed(mgmt, management, "aws_securityhub_organization_configuration");
    expect(central.r.organization_configuration).toEqual({ configuration_type: "CENTRAL" });
    const [policy] = placed(mgmt, management, "aws_securityhub_configuration_policy");
    expect(policy.r.configuration_policy.service_enabled).toBe(true);
    expect(policy.r.configuration_policy.enabled_standard_arns).toEqual(config.security.securityHub.standards.map((s) => securityHubStandardArn(home, s)));
    const [association] = placed(mgmt, management, "aws_securityhub_configuration_policy_association");
    expect(association.r.target_id).toBe("${aws_organizations_organization.organization.roots[0].id}");
  });

  it("the organization Config aggregator covers every allowed region, and the unused-access analyzer runs, both in the security account", () => {
    const [aggregator] = placed(mgmt, management, "aws_config_configuration_aggregator");
    expect(aggregator.accountId).toBe(admin.id);
    expect(aggregator.r.organization_aggregation_source.regions).toEqual([home, ...allowed.filter((r) => r !== home)]);
    const delegated = Object.values(resources(mgmt, "aws_organizations_delegated_administrator"))
      .map((d) => [d.service_principal, d.account_id]).filter(([service]) => service !== "config-multiaccountsetup.amazonaws.com").sort();
    expect(delegated).toEqual([["access-analyzer.amazonaws.com", admin.id], ["config.amazonaws.com", admin.id]]);
    const unused = placed(mgmt, management, "aws_accessanalyzer_analyzer").filter((a) => a.r.type === "ORGANIZATION_UNUSED_ACCESS");
    expect(unused.map((u) => [u.accountId, u.r.configuration.unused_access.unused_access_age])).toEqual(
      config.security.accessAnalyzer.unusedAccessDays === null ? [] : [[admin.id, config.security.accessAnalyzer.unusedAccessDays]],
    );
  });

  it(`the CIS conformance pack runs in every allowed region from the security account only when asked (${"security.conformancePack"})`, () => {
    const packs = placed(mgmt, management, "aws_config_organization_conformance_pack");
    const registered = Object.values(resources(mgmt, "aws_organizations_delegated_administrator")).map((d) => d.service_principal);
    const principals = resources(mgmt, "aws_organizations_organization").organization.aws_service_access_principals as string[];
    if (config.security.conformancePack === "cis") {
      expect(packs.map((p) => [p.region, p.accountId]).sort()).toEqual(allowed.map((r) => [r, admin.id]).sort());
      expect(registered).toContain("config-multiaccountsetup.amazonaws.com");
      expect(principals).toContain("config-multiaccountsetup.amazonaws.com");
    } else {
      expect(packs).toEqual([]);
      expect(registered).not.toContain("config-multiaccountsetup.amazonaws.com");
    }
  });

  describe("a member account's admin cannot switch the controls off; the landing zone's deploy role can", () => {
    const workload = enabledAccounts(config).find((a) => a.role === "workload")!;
    const as = (a: Account, role: string) => ({ principal: roleArn(config, a.id!, role), identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }], scpLevels: scpLevelsOf(mgmt, a) });
    const recorder = securityNames(config).configRecorder;
    const attacks = (a: Account): [string, string][] => [
      ["config:StopConfigurationRecorder", `arn:aws:config:${home}:${a.id}:configuration-recorder/${recorder}/abc123`],
      ["config:DeleteDeliveryChannel", "*"],
      ["config:PutConfigurationRecorder", `arn:aws:config:${home}:${a.id}:configuration-recorder/${recorder}/abc123`],
      ["guardduty:DeleteDetector", `arn:aws:guardduty:${home}:${a.id}:detector/0123456789abcdef0123456789abcdef`],
      ["guardduty:DisassociateFromAdministratorAccount", "*"],
      ["securityhub:BatchDisableStandards", `arn:aws:securityhub:${home}:${a.id}:hub/default`],
      ["securityhub:DisableSecurityHub", `arn:aws:securityhub:${home}:${a.id}:hub/default`],
      ["securityhub:DisassociateFromAdministratorAccount", `arn:aws:securityhub:${home}:${a.id}:hub/default`],
      ["access-analyzer:CreateArchiveRule", `arn:aws:access-analyzer:${home}:${a.id}:analyzer/x/archive-rule/hide-findings`],
      ["iam:DeleteServiceLinkedRole", `arn:aws:iam::${a.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`],
    ];
    for (const target of ["workload", "security"] as const) {
      it(`in the ${target} account`, async () => {
        const a = target === "workload" ? workload : admin;
        const context = { "aws:PrincipalAccount": a.id!, "aws:RequestedRegion": home };
        const extra: [string, string][] = target === "security" ? [["organizations:DeregisterDelegatedAdministrator", `arn:aws:organizations::${management.id}:account/o-abcdefghij/${a.id}`]] : [];
        for (const [action, resource] of [...attacks(a), ...extra]) {
          expect(await simulate({ ...as(a, "admin"), action, resource, resourceAccount: a.id!, context }), `${action} as admin`).toBe("ExplicitlyDenied");
          expect(await simulate({ ...as(a, "terraform-deploy"), action, resource, resourceAccount: a.id!, context }), `${action} as terraform-deploy`).toBe("Allowed");
        }
      });
    }
  });
});
