import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Route53HostedZoneDnssec } from "@cdktf/provider-aws/lib/route53-hosted-zone-dnssec";
import { Route53KeySigningKey } from "@cdktf/provider-aws/lib/route53-key-signing-key";
import { Route53QueryLog } from "@cdktf/provider-aws/lib/route53-query-log";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { KmsKey } from "../kms-key";
import { pinAddress, protect } from "../lib/address";
import type { PolicyStatement } from "../lib/policy";

export interface HostedZoneProps {
  readonly zoneName: string;
  /** @default "managed by landing-zone" */
  readonly comment?: string;
  /**
   * DNSSEC signing (CKV2_AWS_38): a key-signing key backed by an asymmetric KMS key, which Route 53 requires in
   * us-east-1. The parent publishes `dsRecord` to complete the chain of trust.
   * @default unsigned (every zone the stacks create passes it)
   */
  readonly dnssec?: { readonly usEast1: TerraformProvider; readonly accountId: string; readonly keyAlias: string };
  /**
   * Query logging (CKV2_AWS_39) to a KMS-encrypted log group, which Route 53 requires in us-east-1; `dependsOn` the
   * account's log resource policy admitting Route 53 (see route53QueryLogsPolicy).
   * @default no query logs (every zone the stacks create passes it)
   */
  readonly queryLogs?: {
    readonly usEast1: TerraformProvider;
    readonly kmsKeyArn: string;
    readonly retentionDays: number;
    readonly dependsOn: ITerraformDependable[];
  };
}

/** Public Route 53 zone, protected from destroy (its NS set is delegated to from elsewhere), optionally signed and logged. */
export class HostedZone extends Construct {
  readonly zoneId: string;
  readonly nameServers: string[];
  readonly zoneName: string;
  readonly zoneArn: string;
  /** The DS record for the parent zone ("keytag algorithm digesttype digest"), when signed. */
  readonly dsRecord?: string;

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    const zone = protect(
      new Route53Zone(this, "zone", { name: props.zoneName, comment: props.comment ?? "managed by landing-zone", forceDestroy: false }),
      id,
    );
    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    this.zoneName = props.zoneName;
    this.zoneArn = zone.arn;

    if (props.dnssec) {
      const key = new KmsKey(this, `${id}_dnssec`, {
        accountId: props.dnssec.accountId,
        alias: props.dnssec.keyAlias,
        description: `DNSSEC key-signing key of ${props.zoneName}`,
        signing: "ECC_NIST_P256",
        provider: props.dnssec.usEast1,
        statements: dnssecKeyStatements(props.dnssec.accountId),
      });
      const ksk = pinAddress(
        new Route53KeySigningKey(this, "ksk", { hostedZoneId: zone.zoneId, keyManagementServiceArn: key.keyArn, name: "ksk", status: "ACTIVE" }),
        id,
      );
      pinAddress(new Route53HostedZoneDnssec(this, "dnssec", { hostedZoneId: zone.zoneId, signingStatus: "SIGNING", dependsOn: [ksk] }), id);
      this.dsRecord = ksk.dsRecord;
    }
    if (props.queryLogs) {
      const logGroup = pinAddress(
        new CloudwatchLogGroup(this, "query-logs", {
          provider: props.queryLogs.usEast1,
          name: `/aws/route53/${props.zoneName}`,
          retentionInDays: props.queryLogs.retentionDays,
          kmsKeyId: props.queryLogs.kmsKeyArn,
        }),
        `${id}_queries`,
      );
      pinAddress(new Route53QueryLog(this, "query-log", { zoneId: zone.zoneId, cloudwatchLogGroupArn: logGroup.arn, dependsOn: props.queryLogs.dependsOn }), id);
    }
  }
}

/** Key-policy statements Route 53 needs to sign with a DNSSEC key of this account (AWS's documented policy). */
export function dnssecKeyStatements(accountId: string): PolicyStatement[] {
  return [
    {
      Sid: "Route53DnssecSignsForThisAccountsZones",
      Effect: "Allow",
      Principal: { Service: "dnssec-route53.amazonaws.com" },
      Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" } },
    },
    {
      Sid: "Route53DnssecCreatesGrants",
      Effect: "Allow",
      Principal: { Service: "dnssec-route53.amazonaws.com" },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}

/** The account's CloudWatch Logs resource policy (us-east-1) letting Route 53 write query logs of this account's zones. */
export function route53QueryLogsPolicy(accountId: string): PolicyStatement[] {
  return [
    {
      Sid: "Route53QueryLogsOfThisAccountsZones",
      Effect: "Allow",
      Principal: { Service: "route53.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:us-east-1:${accountId}:log-group:/aws/route53/*`,
      Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" } },
    },
  ];
}
