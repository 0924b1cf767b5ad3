import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { GuardDutyOrganization } from ".";

describe("GuardDutyOrganization", () => {
  const synth = (malwareProtection = true, findingsExport?: { bucketArn: string; prefix: string; kmsKeyArn: string }) =>
    JSON.parse(
      Testing.synthScope((s) => {
        new AwsProvider(s, "aws", { region: "eu-west-1" });
        const mgmtIl = new AwsProvider(s, "mgmt-il", { region: "il-central-1", alias: "region_il_central_1" });
        const admin = new AwsProvider(s, "admin", { region: "eu-west-1", alias: "security_eu_west_1" });
        const adminIl = new AwsProvider(s, "admin-il", { region: "il-central-1", alias: "security_il_central_1" });
        new GuardDutyOrganization(s, "guardduty", {
          adminAccountId: "222222222222",
          regions: [{ region: "eu-west-1", adminProvider: admin }, { region: "il-central-1", managementProvider: mgmtIl, adminProvider: adminIl }],
          features: { s3Protection: true, eksAuditLogs: true, rdsLoginEvents: true, malwareProtection },
          findingsExport,
        });
      }),
    ).resource;

  it("creates the administrator's detector before designating it, and enrols every account after, in each region", () => {
    const r = synth();
    expect(r.aws_guardduty_detector.administrator).toMatchObject({ enable: true, provider: "aws.security_eu_west_1" });
    expect(r.aws_guardduty_organization_admin_account.guardduty).toEqual({ admin_account_id: "222222222222", depends_on: ["aws_guardduty_detector.administrator"] });
    expect(r.aws_guardduty_organization_admin_account.guardduty_il_central_1).toMatchObject({ provider: "aws.region_il_central_1" });
    expect(r.aws_guardduty_organization_configuration.guardduty_il_central_1).toMatchObject({
      auto_enable_organization_members: "ALL",
      provider: "aws.security_il_central_1",
      depends_on: ["aws_guardduty_organization_admin_account.guardduty_il_central_1"],
    });
  });

  it("turns each protection plan on for every account, or explicitly off", () => {
    expect(synth().aws_guardduty_organization_configuration_feature.ebs_malware_protection).toMatchObject({ name: "EBS_MALWARE_PROTECTION", auto_enable: "ALL" });
    const off = synth(false);
    expect(off.aws_guardduty_organization_configuration_feature.ebs_malware_protection.auto_enable).toBe("NONE");
    expect(off.aws_guardduty_detector_feature.administrator_ebs_malware_protection.status).toBe("DISABLED");
    expect(Object.keys(off.aws_guardduty_organization_configuration_feature).sort()).toEqual(
      ["ebs_malware_protection", "eks_audit_logs", "rds_login_events", "s3_data_events"].flatMap((f) => [f, `${f}_il_central_1`]).sort(),
    );
  });

  it("exports every region's findings to the bucket prefix with the given key, only when asked", () => {
    expect(synth().aws_guardduty_publishing_destination).toBeUndefined();
    const r = synth(true, { bucketArn: "arn:aws:s3:::archive", prefix: "guardduty", kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/k" });
    expect(r.aws_guardduty_publishing_destination.findings).toMatchObject({ destination_arn: "arn:aws:s3:::archive/guardduty", kms_key_arn: "arn:aws:kms:eu-west-1:222222222222:key/k", provider: "aws.security_eu_west_1" });
    expect(r.aws_guardduty_publishing_destination.findings_il_central_1.detector_id).toBe("${aws_guardduty_detector.administrator_il_central_1.id}");
  });
});
