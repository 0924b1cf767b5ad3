import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { cloudTrailBucketStatements, OrganizationTrail } from ".";

const trailArn = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-organization-trail";
const synth = () =>
  JSON.parse(
    Testing.synthScope((s) => void new OrganizationTrail(s, "organization_trail", {
      trailName: "acme-organization-trail", trailArn, bucketName: "acme-audit-logs-222222222222",
      kmsKeyId: "arn:aws:kms:eu-west-1:222222222222:alias/acme-audit",
      cloudWatch: { logGroupName: "/aws/cloudtrail/acme-organization-trail", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs", roleName: "acme-cloudtrail-to-cloudwatch" },
      notifications: { topicName: "acme-organization-trail-deliveries", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs" },
    })),
  ).resource;

describe("OrganizationTrail", () => {
  it("is an organization, multi-region (CKV_AWS_67) trail with log-file validation (CKV_AWS_36), KMS (CKV_AWS_35), logging on (CKV_AWS_251), protected", () => {
    expect(synth().aws_cloudtrail.organization_trail).toMatchObject({
      is_organization_trail: true, is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true, enable_logging: true,
      kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/acme-audit", lifecycle: { prevent_destroy: true },
    });
  });

  it("copies to an encrypted CloudWatch log group kept a year (CKV2_AWS_10) and notifies an encrypted topic only it may publish to (CKV_AWS_252)", () => {
    const r = synth();
    expect(r.aws_cloudwatch_log_group.organization_trail).toMatchObject({ retention_in_days: 365, kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/logs" });
    expect(r.aws_sns_topic.organization_trail.kms_master_key_id).toBe("arn:aws:kms:eu-west-1:111111111111:key/logs");
    const statement = JSON.parse(r.aws_sns_topic_policy.organization_trail.policy).Statement[0];
    expect(statement).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceArn": trailArn } } });
  });

  it("admits CloudTrail to the archive bucket for this trail only, writing bucket-owner-full-control", () => {
    const [acl, write] = cloudTrailBucketStatements("arn:aws:s3:::archive", trailArn);
    expect(acl.Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn } });
    expect(write.Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } });
  });
});
