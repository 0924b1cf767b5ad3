import { describe, expect, it } from "vitest";
import { PASSWORD_POLICY } from "./account-baseline";
import { synthConfigFile } from "../test/testing";

const stacks = synthConfigFile("config/set.yaml");
const m = stacks.management.resource;

describe("management stack", () => {
  it("enables all features and trusted access for CloudTrail, Config, Access Analyzer, GuardDuty, Security Hub, Backup, IAM and (il-central-1 is an opt-in region) Account Management", () => {
    expect(m.aws_organizations_organization.organization).toMatchObject({
      feature_set: "ALL",
      enabled_policy_types: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"],
      aws_service_access_principals: ["access-analyzer.amazonaws.com", "account.amazonaws.com", "backup.amazonaws.com", "cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com", "iam.amazonaws.com", "securityhub.amazonaws.com"],
    });
  });

  it("centralizes root access: member accounts need no root credentials of their own", () => {
    expect(m.aws_iam_organizations_features.centralized_root_access).toEqual({
      enabled_features: ["RootCredentialsManagement", "RootSessions"], depends_on: ["aws_organizations_organization.organization"],
    });
  });

  it("places each account in its OU", () => {
    const parent = (name: string) => m.aws_organizations_account[name].parent_id;
    expect(parent("shared-services")).toBe("${aws_organizations_organizational_unit.infrastructure.id}");
    expect(parent("set-nonprod")).toBe("${aws_organizations_organizational_unit.nonprod.id}");
    expect(parent("set-prod-eu")).toBe("${aws_organizations_organizational_unit.prod.id}");
  });

  it("runs a multi-region organization trail with log validation, KMS, into the audit archive", () => {
    expect(m.aws_cloudtrail.organization_trail).toMatchObject({
      name: "set-organization-trail",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      s3_bucket_name: "set-audit-logs-222222222222",
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/set-audit",
      lifecycle: { prevent_destroy: true },
    });
    expect(m.aws_cloudtrail.organization_trail.cloud_watch_logs_group_arn).toBe("${aws_cloudwatch_log_group.organization_trail.arn}:*");
    expect(m.aws_cloudwatch_log_group.organization_trail).toMatchObject({ retention_in_days: 365, kms_key_id: "${aws_kms_key.logs_key.arn}" });
  });

  it("CKV_AWS_252: the trail notifies a KMS-encrypted topic that only this trail may publish to", () => {
    expect(m.aws_cloudtrail.organization_trail.sns_topic_name).toBe("${aws_sns_topic.organization_trail.arn}");
    expect(m.aws_sns_topic.organization_trail).toMatchObject({ name: "set-organization-trail-deliveries", kms_master_key_id: "${aws_kms_key.logs_key.arn}" });
    const trailArn = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/set-organization-trail";
    expect(JSON.parse(m.aws_sns_topic_policy.organization_trail.policy).Statement).toEqual([{
      Sid: "OnlyThisTrailPublishes", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sns:Publish",
      Resource: "${aws_sns_topic.organization_trail.arn}", Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    }]);
    const key = JSON.parse(m.aws_kms_key.logs_key.policy).Statement.find((x: { Sid: string }) => x.Sid === "CloudTrailPublishesToTheEncryptedTopic");
    expect(key).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceArn": trailArn } } });
  });

  it("CIS 4.1–4.15: a metric filter per control on the trail's log group, each alarmed to an encrypted topic for audit.alertEmails", () => {
    const filters = Object.values(m.aws_cloudwatch_log_metric_filter) as { name: string; log_group_name: string; pattern: string; metric_transformation: { name: string; namespace: string } }[];
    const controls = filters.map((f) => Number(f.name.match(/^cis-4\.(\d+)-/)![1])).sort((a, b) => a - b);
    expect(controls).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (const f of filters) {
      expect(f.log_group_name).toBe("${aws_cloudwatch_log_group.organization_trail.name}");
      const alarm = Object.values(m.aws_cloudwatch_metric_alarm as Record<string, { metric_name: string; namespace: string; threshold: number; comparison_operator: string; alarm_actions: string[] }>)
        .find((a) => a.metric_name === f.metric_transformation.name && a.namespace === "set/CIS");
      expect(alarm, f.name).toMatchObject({ threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", alarm_actions: ["${aws_sns_topic.security.arn}"] });
    }
    const byName = Object.fromEntries(filters.map((f) => [f.metric_transformation.name, f.pattern]));
    expect(byName["root-account-usage"]).toBe('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
    expect(byName["console-sign-in-without-mfa"]).toContain('($.additionalEventData.MFAUsed != "Yes")');
    expect(filters.every((f) => !f.pattern.includes("${"))).toBe(true); // no accidental Terraform interpolation
    expect(m.aws_sns_topic.security).toMatchObject({ name: "set-security-alarms", kms_master_key_id: "${aws_kms_key.logs_key.arn}" });
    expect(m.aws_sns_topic_subscription.security_email_0).toMatchObject({ protocol: "email", endpoint: "set-oncall@binarynetworks.ai" });
    expect(JSON.parse(m.aws_kms_key.logs_key.policy).Statement.map((x: { Sid: string }) => x.Sid)).toContain("CloudWatchAlarmsPublishToEncryptedTopic");
  });

  it("CIS 1.20: an organization Access Analyzer in every allowed region", () => {
    expect(m.aws_accessanalyzer_analyzer["organization_il-central-1"]).toMatchObject({ provider: "aws.il_central_1", analyzer_name: "set-organization", type: "ORGANIZATION" });
    expect(stacks.management.provider.aws.find((p: { alias?: string }) => p.alias === "il_central_1").region).toBe("il-central-1");
  });

  it("runs an organization-wide IAM Access Analyzer", () => {
    expect(m.aws_accessanalyzer_analyzer.organization).toMatchObject({ analyzer_name: "set-organization", type: "ORGANIZATION" });
  });

  it("sets a monthly budget per account with alerts", () => {
    const budgets = m.aws_budgets_budget as Record<string, { limit_amount: string; cost_filter: object[]; notification: { subscriber_email_addresses: string[] }[] }>;
    expect(Object.fromEntries(Object.entries(budgets).map(([k, b]) => [k, b.limit_amount]))).toEqual({
      budget_management: "15.00", "budget_shared-services": "60.00", "budget_set-nonprod": "200.00", "budget_set-prod-eu": "1300.00",
    });
    expect(budgets["budget_set-prod-eu"].cost_filter).toEqual([{ name: "LinkedAccount", values: ["444444444444"] }]);
    expect(budgets["budget_set-prod-eu"].notification.map((n) => n.subscriber_email_addresses)).toEqual([["finops@binarynetworks.ai"], ["finops@binarynetworks.ai"]]);
  });

  it("holds S.E.T's IAM users in groups only: policies on groups, none on users", () => {
    expect(Object.keys(m.aws_iam_user).sort()).toEqual(["alice", "bob"]);
    expect(m.aws_iam_user_group_membership.bob.groups).toEqual(["${aws_iam_group.developers.name}"]);
    const policies = Object.keys(m.aws_iam_group_policy).sort();
    expect(policies).toEqual([
      "auditors_assume-roles", "auditors_self-service-mfa", "developers_assume-roles", "developers_self-service-mfa",
      "platform-admins_assume-roles", "platform-admins_self-service-mfa",
    ]);
  });

  it("group assume-role policies hold only sts:AssumeRole, conditioned on MFA", () => {
    for (const [name, p] of Object.entries(m.aws_iam_group_policy as Record<string, { policy: string }>)) {
      if (!name.endsWith("_assume-roles")) continue;
      const statements = JSON.parse(p.policy).Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } });
    }
  });
});

describe.each(["management", "shared-services", "set-nonprod", "set-prod-eu"])("account baseline of %s", (name) => {
  const r = stacks[name].resource;

  it("has the CIS password policy", () => {
    expect(r.aws_iam_account_password_policy.password_policy).toMatchObject({
      minimum_password_length: 14, require_lowercase_characters: true, require_uppercase_characters: true, require_numbers: true,
      require_symbols: true, password_reuse_prevention: 24, max_password_age: 90,
    });
    expect(PASSWORD_POLICY.minimumPasswordLength).toBeGreaterThanOrEqual(14);
  });

  it("has the same role set with the same permissions as every other account; management only admin (the break-glass path), readonly, CI's deploy and plan", () => {
    const isManagement = name === "management";
    const roles = Object.values(r.aws_iam_role as Record<string, { name: string }>).map((x) => x.name).filter((n) => /^set-(admin|developer|readonly|terraform-deploy|terraform-plan)$/.test(n)).sort();
    expect(roles).toEqual(["set-admin", ...(isManagement ? [] : ["set-developer"]), "set-readonly", "set-terraform-deploy", "set-terraform-plan"]);
    const attachments = Object.entries(r.aws_iam_role_policy_attachment as Record<string, { policy_arn: string }>)
      .filter(([k]) => k.startsWith("role_"))
      .map(([k, a]) => `${k}=${a.policy_arn}`)
      .sort();
    expect(attachments).toEqual([
      "role_admin_AdministratorAccess=arn:aws:iam::aws:policy/AdministratorAccess",
      ...(isManagement ? [] : ["role_developer_PowerUserAccess=arn:aws:iam::aws:policy/PowerUserAccess"]),
      "role_readonly_ViewOnlyAccess=arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      "role_terraform-deploy_AdministratorAccess=arn:aws:iam::aws:policy/AdministratorAccess",
      "role_terraform-plan_ReadOnlyAccess=arn:aws:iam::aws:policy/ReadOnlyAccess",
    ]);
  });

  it("trusts humans only with MFA from the identity account, and deploys only from its tier's CI role", () => {
    const trust = (role: string) => JSON.parse(r.aws_iam_role[`role_${role}`].assume_role_policy).Statement;
    expect(trust("admin")).toEqual([{
      Sid: "HumansFromIdentityAccountWithMfa", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    }]);
    const tier = name === "set-nonprod" ? "nonprod" : "prod";
    expect(trust("terraform-deploy")).toEqual([{
      Sid: tier === "prod" ? "ProdMachinePrincipals" : "NonprodMachinePrincipals", Effect: "Allow",
      Principal: { AWS: [`arn:aws:iam::222222222222:role/set-ci-${tier}`] }, Action: "sts:AssumeRole",
    }]);
  });
});

it("only the account's own stack holds its baseline (state-backend shares shared-services' account)", () => {
  expect(stacks["state-backend"].resource.aws_iam_account_password_policy).toBeUndefined();
  expect(stacks["shared-services"].resource.aws_iam_account_password_policy).toBeDefined();
});

describe("audit archive (state account)", () => {
  const r = stacks["state-backend"].resource;
  it("is versioned, Object-Locked, KMS-encrypted with a CloudTrail-usable key, tiered to Glacier, protected", () => {
    expect(r.aws_s3_bucket.audit_archive).toMatchObject({ bucket: "set-audit-logs-222222222222", object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(r.aws_s3_bucket_object_lock_configuration.audit_archive.rule.default_retention).toEqual({ mode: "COMPLIANCE", days: 365 });
    expect(r.aws_s3_bucket_lifecycle_configuration.audit_archive.rule[1].transition).toEqual([{ days: 90, storage_class: "GLACIER" }]);
    const keyPolicy = JSON.parse(r.aws_kms_key.audit_key.policy).Statement;
    expect(keyPolicy[1]).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/set-organization-trail" } } });
  });

  it("admits CloudTrail only for this trail, and AWS Config only from the organization's accounts", () => {
    const statements = JSON.parse(r.aws_s3_bucket_policy.audit_archive.policy).Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
    expect(statements.map((s: { Principal: unknown }) => s.Principal)).toEqual([
      { Service: "cloudtrail.amazonaws.com" }, { Service: "cloudtrail.amazonaws.com" }, { Service: "config.amazonaws.com" }, { Service: "config.amazonaws.com" },
      { Service: "guardduty.amazonaws.com" }, { Service: "guardduty.amazonaws.com" },
    ]);
    // GuardDuty exports only from the security administrator's detectors, under guardduty/
    for (const s of statements.slice(4)) {
      expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": "arn:aws:guardduty:*:222222222222:detector/*" } });
    }
    expect(statements[5].Resource).toBe("arn:aws:s3:::set-audit-logs-222222222222/guardduty/*");
    for (const s of statements.slice(0, 2)) expect(s.Condition.StringEquals["aws:SourceArn"]).toBe("arn:aws:cloudtrail:eu-west-1:111111111111:trail/set-organization-trail");
    const accounts = ["111111111111", "222222222222", "333333333333", "444444444444"];
    for (const s of statements.slice(2, 4)) expect(s.Condition.StringEquals["aws:SourceAccount"]).toEqual(accounts);
    expect(statements[3].Resource).toEqual(accounts.map((id) => `arn:aws:s3:::set-audit-logs-222222222222/config/AWSLogs/${id}/Config/*`));
  });
});
