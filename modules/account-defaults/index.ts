import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { Ec2InstanceMetadataDefaults } from "@cdktf/provider-aws/lib/ec2-instance-metadata-defaults";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { pinAddress } from "../lib/address";

export interface AccountDefaultsProps {
  /**
   * The regions the account may use, each with its provider (undefined: the stack's default provider, which must be
   * listed first). Defaults that are per region are set in every one of them.
   */
  readonly regions: { readonly region: string; readonly provider?: TerraformProvider }[];
}

/**
 * What every account enforces for every resource, whoever creates it: the S3 account public access block (CIS 2.1.4),
 * EBS encryption by default (CIS 2.2.1) and IMDSv2-only instance metadata (CIS 5.6) in every region it may use.
 * EBS uses the account's AWS-managed EBS key: a customer key as the default would also need the Auto Scaling
 * service-linked role in its policy before any group could launch an instance.
 */
export class AccountDefaults extends Construct {
  constructor(scope: Construct, id: string, props: AccountDefaultsProps) {
    super(scope, id);
    if (!props.regions.length || props.regions[0].provider) throw new Error("AccountDefaults: list the stack's own region first, with no provider");
    pinAddress(
      new S3AccountPublicAccessBlock(this, "s3-public-access-block", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
      "s3_account_public_access_block",
    );
    props.regions.forEach(({ region, provider }, i) => {
      const suffix = i === 0 ? "" : `_${region.replace(/-/g, "_")}`;
      pinAddress(new EbsEncryptionByDefault(this, `ebs-${region}`, { enabled: true, provider }), `ebs_encryption_by_default${suffix}`);
      pinAddress(
        new Ec2InstanceMetadataDefaults(this, `imds-${region}`, {
          httpTokens: "required",
          // 2: a container on an instance is one hop further; EKS nodes set 1 in their own launch templates.
          httpPutResponseHopLimit: 2,
          httpEndpoint: "enabled",
          instanceMetadataTags: "disabled",
          provider,
        }),
        `instance_metadata_defaults${suffix}`,
      );
    });
  }
}
