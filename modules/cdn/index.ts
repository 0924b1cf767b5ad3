import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DnsValidatedCertificate } from "../certificate";
import { pinAddress } from "../lib/address";

/** AWS managed CloudFront policies: no caching (an API), forward everything the viewer sent. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
export const ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID = "216adef6-5c7f-47e4-b989-5492eafa07d3";

export interface CdnProps {
  /** Name viewers use, e.g. www.example.com. */
  readonly domainName: string;
  /** The ALB's HTTPS name (its certificate must cover it). */
  readonly originDomainName: string;
  readonly zoneId: string;
  /** Provider in us-east-1: CloudFront only uses certificates from there. */
  readonly usEast1: TerraformProvider;
  /** What the certificate's validation waits for (the zone's NS delegation). @default nothing */
  readonly certificateWaitFor?: ITerraformDependable[];
}

/** CloudFront in front of an HTTPS origin: TLS 1.2+ to viewers and to the origin, HTTP redirected, no caching. */
export class Cdn extends Construct {
  readonly distributionDomainName: string;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const cert = new DnsValidatedCertificate(this, `${id}_certificate`, { domainName: props.domainName, zoneId: props.zoneId, provider: props.usEast1, waitFor: props.certificateWaitFor });
    const distribution = pinAddress(
      new CloudfrontDistribution(this, "distribution", {
        enabled: true,
        isIpv6Enabled: true,
        comment: `${props.domainName} → ${props.originDomainName}`,
        aliases: [props.domainName],
        priceClass: "PriceClass_100",
        httpVersion: "http2and3",
        origin: [
          {
            originId: "alb",
            domainName: props.originDomainName,
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: "alb",
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: CACHING_DISABLED_POLICY_ID,
          originRequestPolicyId: ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
          compress: true,
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: cert.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      }),
      id,
    );
    this.distributionDomainName = distribution.domainName;
    pinAddress(
      new Route53Record(this, "alias", {
        zoneId: props.zoneId,
        name: props.domainName,
        type: "A",
        alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
      }),
      id,
    );
  }
}
