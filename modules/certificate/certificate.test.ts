import { TerraformOutput, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { DnsValidatedCertificate } from ".";

describe("DnsValidatedCertificate", () => {
  it("validates by DNS in the given zone and hands out the ARN only once validated", () => {
    const json = JSON.parse(
      Testing.synthScope((s) => {
        const cert = new DnsValidatedCertificate(s, "api_certificate", { domainName: "api.acme.example", zoneId: "Z123" });
        new TerraformOutput(s, "arn", { value: cert.certificateArn });
      }),
    );
    const [r, out] = [json.resource, json.output];
    expect(r.aws_acm_certificate.api_certificate).toMatchObject({ domain_name: "api.acme.example", validation_method: "DNS", lifecycle: { create_before_destroy: true } });
    expect(r.aws_route53_record.api_certificate_validation).toMatchObject({ zone_id: "Z123", ttl: 300, allow_overwrite: true });
    expect(r.aws_acm_certificate_validation.api_certificate.validation_record_fqdns).toEqual(["${aws_route53_record.api_certificate_validation.fqdn}"]);
    expect(out.arn.value).toBe("${aws_acm_certificate_validation.api_certificate.certificate_arn}");
  });
});
