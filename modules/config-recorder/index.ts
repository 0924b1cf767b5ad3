import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { pinAddress } from "../lib/address";
import type { PolicyStatement } from "../lib/policy";

export const CONFIG_SERVICE = "config.amazonaws.com";
/** The role AWS Config records with: its service-linked role, one per account (the ARN is fixed by AWS). */
export const configServiceLinkedRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/aws-service-role/${CONFIG_SERVICE}/AWSServiceRoleForConfig`;
/** Where Config delivers in the archive bucket, below AWSLogs/<account>/Config/. */
export const CONFIG_KEY_PREFIX = "config";

export interface ConfigRecorderRegion {
  readonly region: string;
  /** This account in that region. @default the stack's default provider (the stack's own region) */
  readonly provider?: TerraformProvider;
}

export interface ConfigRecorderProps {
  readonly accountId: string;
  /** The regions to record in, each with its provider (the stack's own region, if among them, with none). */
  readonly regions: ConfigRecorderRegion[];
  /** Record global resources (IAM) in the first region given. @default true */
  readonly recordGlobalResources?: boolean;
  /** The archive bucket (another account's) Config delivers snapshots and history to. */
  readonly bucketName: string;
  /** Recorder and delivery-channel name. */
  readonly name: string;
}

/**
 * AWS Config in every region an account may use (CIS 3.3): a recorder of all supported resource types, with global
 * resources (IAM) recorded once, in the first (home) region; a delivery channel to the archive bucket; recording on.
 * The archive bucket's default encryption (its own KMS key, enforced by its policy) encrypts every delivery, so the
 * channel names no key: the key lives in another stack, and its ARN is not known here.
 */
export class ConfigRecorder extends Construct {
  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    if (!props.regions.length) throw new Error("ConfigRecorder: give at least one region");
    if (props.regions.filter((r) => !r.provider).length > 1) throw new Error("ConfigRecorder: only the stack's own region goes without a provider");
    const role = pinAddress(new IamServiceLinkedRole(this, "service-role", { awsServiceName: CONFIG_SERVICE }), "config");
    props.regions.forEach(({ region, provider }, i) => {
      const suffix = provider ? `_${region.replace(/-/g, "_")}` : "";
      const recorder = pinAddress(
        new ConfigConfigurationRecorder(this, `recorder-${region}`, {
          provider,
          name: props.name,
          roleArn: configServiceLinkedRoleArn(props.accountId),
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: i === 0 && (props.recordGlobalResources ?? true) },
          dependsOn: [role],
        }),
        `config${suffix}`,
      );
      const channel = pinAddress(
        new ConfigDeliveryChannel(this, `delivery-${region}`, {
          provider,
          name: props.name,
          s3BucketName: props.bucketName,
          s3KeyPrefix: CONFIG_KEY_PREFIX,
          snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
          dependsOn: [recorder],
        }),
        `config${suffix}`,
      );
      pinAddress(
        new ConfigConfigurationRecorderStatus(this, `recording-${region}`, { provider, name: recorder.name, isEnabled: true, dependsOn: [channel] }),
        `config${suffix}`,
      );
    });
  }
}

/** Bucket-policy statements letting AWS Config of these accounts check the bucket and deliver under its own prefix. */
export function configBucketStatements(bucketArn: string, accountIds: string[]): PolicyStatement[] {
  const fromTheseAccounts = { StringEquals: { "aws:SourceAccount": accountIds } };
  const service = { Service: CONFIG_SERVICE };
  return [
    { Sid: "ConfigAclCheck", Effect: "Allow", Principal: service, Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn, Condition: fromTheseAccounts },
    {
      Sid: "ConfigWrite",
      Effect: "Allow",
      Principal: service,
      Action: "s3:PutObject",
      Resource: accountIds.map((id) => `${bucketArn}/${CONFIG_KEY_PREFIX}/AWSLogs/${id}/Config/*`),
      Condition: { StringEquals: { "aws:SourceAccount": accountIds, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/** Key-policy statement letting AWS Config of these accounts encrypt its deliveries with the key. */
export function configKeyStatement(accountIds: string[]): PolicyStatement {
  return {
    Sid: "ConfigEncryptsDeliveries",
    Effect: "Allow",
    Principal: { Service: CONFIG_SERVICE },
    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": accountIds } },
  };
}
