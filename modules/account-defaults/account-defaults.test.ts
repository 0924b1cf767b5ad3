import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { AccountDefaults } from ".";

describe("AccountDefaults", () => {
  const synth = () =>
    JSON.parse(
      Testing.synthScope((s) => {
        new AwsProvider(s, "aws", { region: "eu-west-1" });
        const il = new AwsProvider(s, "il", { region: "il-central-1", alias: "region_il_central_1" });
        new AccountDefaults(s, "defaults", { regions: [{ region: "eu-west-1" }, { region: "il-central-1", provider: il }] });
      }),
    ).resource;

  it("blocks public S3 access account-wide, once (CIS 2.1.4)", () => {
    expect(synth().aws_s3_account_public_access_block).toEqual({
      s3_account_public_access_block: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    });
  });

  it("encrypts new EBS volumes and requires IMDSv2 in every region it is given (CIS 2.2.1, 5.6)", () => {
    const r = synth();
    expect(r.aws_ebs_encryption_by_default).toEqual({
      ebs_encryption_by_default: { enabled: true },
      ebs_encryption_by_default_il_central_1: { enabled: true, provider: "aws.region_il_central_1" },
    });
    expect(r.aws_ec2_instance_metadata_defaults.instance_metadata_defaults).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 2, http_endpoint: "enabled" });
    expect(r.aws_ec2_instance_metadata_defaults.instance_metadata_defaults_il_central_1).toMatchObject({ http_tokens: "required", provider: "aws.region_il_central_1" });
  });

  it("refuses a region list that does not start with the stack's own region", () => {
    expect(() => Testing.synthScope((s) => void new AccountDefaults(s, "d", { regions: [] }))).toThrow(/list the stack's own region first/);
  });
});
