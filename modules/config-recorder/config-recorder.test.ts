import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { ConfigRecorder, configBucketStatements, configKeyStatement, configServiceLinkedRoleArn } from ".";

describe("ConfigRecorder", () => {
  const synth = () =>
    JSON.parse(
      Testing.synthScope((s) => {
        new AwsProvider(s, "aws", { region: "eu-west-1" });
        const il = new AwsProvider(s, "il", { region: "il-central-1", alias: "region_il_central_1" });
        new ConfigRecorder(s, "config", { accountId: "111111111111", name: "acme-recorder", bucketName: "acme-audit-logs-222222222222", regions: [{ region: "eu-west-1" }, { region: "il-central-1", provider: il }] });
      }),
    ).resource;

  it("records every supported resource type in every region it is given, global resources (IAM) only in the first (CIS 3.3)", () => {
    const r = synth();
    expect(r.aws_config_configuration_recorder.config.recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    expect(r.aws_config_configuration_recorder.config_il_central_1).toMatchObject({
      provider: "aws.region_il_central_1",
      role_arn: configServiceLinkedRoleArn("111111111111"),
      recording_group: { all_supported: true, include_global_resource_types: false },
    });
    expect(r.aws_iam_service_linked_role).toEqual({ config: { aws_service_name: "config.amazonaws.com" } });
  });

  it("delivers to the archive bucket and turns recording on only once the channel exists", () => {
    const r = synth();
    expect(r.aws_config_delivery_channel.config_il_central_1).toMatchObject({ s3_bucket_name: "acme-audit-logs-222222222222", s3_key_prefix: "config", provider: "aws.region_il_central_1" });
    expect(r.aws_config_configuration_recorder_status.config).toMatchObject({ is_enabled: true, depends_on: ["aws_config_delivery_channel.config"] });
    expect(r.aws_config_configuration_recorder_status.config_il_central_1.is_enabled).toBe(true);
  });

  it("admits Config of the listed accounts only, under its own prefix, and lets it use the key only for them", () => {
    const [check, write] = configBucketStatements("arn:aws:s3:::b", ["111111111111"]);
    expect(check.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ["111111111111"] } });
    expect(write.Resource).toEqual(["arn:aws:s3:::b/config/AWSLogs/111111111111/Config/*"]);
    expect(write.Condition?.StringEquals).toMatchObject({ "s3:x-amz-acl": "bucket-owner-full-control" });
    expect(configKeyStatement(["111111111111"]).Condition).toEqual({ StringEquals: { "aws:SourceAccount": ["111111111111"] } });
  });

  it("refuses no region, or two regions without a provider", () => {
    expect(() => Testing.synthScope((s) => void new ConfigRecorder(s, "c", { accountId: "1", name: "n", bucketName: "b", regions: [] }))).toThrow(/at least one region/);
    expect(() => Testing.synthScope((s) => void new ConfigRecorder(s, "c", { accountId: "1", name: "n", bucketName: "b", regions: [{ region: "a" }, { region: "b" }] }))).toThrow(/only the stack's own region/);
  });
});
