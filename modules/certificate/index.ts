import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { pinAddress } from "../lib/address";

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** Zone the validation record is written to (must host domainName). */
  readonly zoneId: string;
  /** Provider of the certificate's region (CloudFront: us-east-1). @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /**
   * What must exist before ACM can see the validation record, e.g. the NS delegation of the zone into its parent:
   * validation waits (up to 75 minutes) for a record that no resolver can reach without it. @default nothing
   */
  readonly waitFor?: ITerraformDependable[];
}

/** ACM certificate for one name, validated through a DNS record in the given zone. */
export class DnsValidatedCertificate extends Construct {
  /** ARN of the certificate once validated (use this on listeners so they wait for validation). */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const cert = pinAddress(
      new AcmCertificate(this, "certificate", { domainName: props.domainName, validationMethod: "DNS", provider: props.provider, lifecycle: { createBeforeDestroy: true } }),
      id,
    );
    const option = cert.domainValidationOptions.get(0);
    const record = pinAddress(
      new Route53Record(this, "validation", {
        zoneId: props.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      }),
      `${id}_validation`,
    );
    const validation = pinAddress(
      new AcmCertificateValidation(this, "validated", {
        certificateArn: cert.arn,
        validationRecordFqdns: [record.fqdn],
        provider: props.provider,
        dependsOn: props.waitFor?.length ? props.waitFor : undefined,
      }),
      id,
    );
    this.certificateArn = validation.certificateArn;
  }
}
