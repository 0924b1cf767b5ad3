import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as AwsKmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { protect, pinAddress } from "../lib/address";
import { accountRootArn, policyJson, type PolicyStatement } from "../lib/policy";

export interface KmsKeyProps {
  /** Account that owns the key; its IAM policies govern use (the key policy never locks the account out). */
  readonly accountId: string;
  /** Alias including the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Extra key-policy statements, e.g. for AWS service principals. @default none */
  readonly statements?: PolicyStatement[];
  /** @default 30 (the maximum: a mistaken deletion can be cancelled for a month) */
  readonly deletionWindowInDays?: number;
  /** Provider for another region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /**
   * An asymmetric signing key (Route 53 DNSSEC key-signing keys need ECC_NIST_P256 / SIGN_VERIFY). AWS cannot rotate
   * asymmetric keys, so rotation is off for them. @default a symmetric encryption key with rotation
   */
  readonly signing?: "ECC_NIST_P256";
}

/** Customer-managed KMS key: rotation on (symmetric keys), 30-day deletion window, explicit key policy, `prevent_destroy`. */
export class KmsKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? 30;
    if (window < 7 || window > 30) throw new Error(`KmsKey ${id}: deletionWindowInDays must be 7–30 (got ${window})`);
    if (!props.alias.startsWith("alias/")) throw new Error(`KmsKey ${id}: alias must start with "alias/" (got ${props.alias})`);

    const key = protect(
      new AwsKmsKey(this, "key", {
        description: props.description,
        enableKeyRotation: props.signing ? false : true,
        customerMasterKeySpec: props.signing,
        keyUsage: props.signing ? "SIGN_VERIFY" : undefined,
        deletionWindowInDays: window,
        provider: props.provider,
        policy: policyJson([
          {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(props.accountId) },
            Action: "kms:*",
            Resource: "*",
          },
          ...(props.statements ?? []),
        ]),
      }),
      id,
    );
    const alias = pinAddress(new KmsAlias(this, "alias", { name: props.alias, targetKeyId: key.keyId, provider: props.provider }), id);
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
  }
}

/** Key-policy statement letting CloudWatch Logs in one region use the key for this account's log groups. */
export function cloudWatchLogsKeyStatement(region: string, accountId: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:*` } },
  };
}

/** Key-policy statement letting an AWS service publish to an SNS topic encrypted with the key (optionally only for one source). */
export function topicPublisherKeyStatement(sid: string, service: string, sourceArn?: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    ...(sourceArn ? { Condition: { StringEquals: { "aws:SourceArn": sourceArn } } } : {}),
  };
}
