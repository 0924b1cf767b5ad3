import { TerraformOutput, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { HostedZone } from ".";

function synth(secure: boolean) {
  return JSON.parse(
    Testing.synthScope((s) => {
      const usEast1 = new AwsProvider(s, "aws-us-east-1", { region: "us-east-1", alias: "us_east_1" });
      const zone = new HostedZone(s, "account_zone", {
        zoneName: "prod.acme.example",
        dnssec: secure ? { usEast1, accountId: "123456789012", keyAlias: "alias/acme-dnssec" } : undefined,
        queryLogs: secure ? { usEast1, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs", retentionDays: 365, dependsOn: [] } : undefined,
      });
      if (zone.dsRecord) new TerraformOutput(s, "ds", { value: zone.dsRecord });
    }),
  );
}

describe("HostedZone", () => {
  it("is never force-destroyed and is protected", () => {
    expect(synth(false).resource.aws_route53_zone.account_zone).toMatchObject({ name: "prod.acme.example", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it("signs with DNSSEC (CKV2_AWS_38) on an asymmetric key in us-east-1, and exposes the DS record for the parent", () => {
    const json = synth(true);
    const r = json.resource;
    expect(r.aws_route53_hosted_zone_dnssec.account_zone.signing_status).toBe("SIGNING");
    expect(r.aws_route53_key_signing_key.account_zone.status).toBe("ACTIVE");
    expect(r.aws_kms_key.account_zone_dnssec).toMatchObject({ customer_master_key_spec: "ECC_NIST_P256", key_usage: "SIGN_VERIFY", provider: "aws.us_east_1" });
    expect(json.output.ds.value).toBe("${aws_route53_key_signing_key.account_zone.ds_record}");
  });

  it("logs queries (CKV2_AWS_39) to a KMS-encrypted group in us-east-1, kept as long as asked", () => {
    const r = synth(true).resource;
    expect(r.aws_cloudwatch_log_group.account_zone_queries).toMatchObject({ name: "/aws/route53/prod.acme.example", retention_in_days: 365, kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/logs", provider: "aws.us_east_1" });
    expect(r.aws_route53_query_log.account_zone.zone_id).toBe("${aws_route53_zone.account_zone.zone_id}");
  });
});
