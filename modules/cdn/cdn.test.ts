import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { Cdn } from ".";

describe("Cdn", () => {
  it("serves HTTPS only (TLS 1.2 2021 policy, SNI), reaches the origin over TLS only, and aliases the name to the distribution", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => {
        const usEast1 = new AwsProvider(s, "aws-us-east-1", { region: "us-east-1", alias: "us_east_1" });
        new Cdn(s, "cdn", { domainName: "www.acme.example", originDomainName: "api.acme.example", zoneId: "Z123", usEast1 });
      }),
    ).resource;
    const d = r.aws_cloudfront_distribution.cdn;
    expect(d.default_cache_behavior.viewer_protocol_policy).toBe("redirect-to-https");
    expect(d.viewer_certificate).toMatchObject({ ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" });
    expect(d.origin[0].custom_origin_config).toMatchObject({ origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] });
    expect(d.aliases).toEqual(["www.acme.example"]);
    expect(r.aws_acm_certificate.cdn_certificate.provider).toBe("aws.us_east_1");
    expect(r.aws_route53_record.cdn.alias).toMatchObject({ name: "${aws_cloudfront_distribution.cdn.domain_name}" });
  });
});
