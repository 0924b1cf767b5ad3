import { Construct } from "constructs";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { protect, pinAddress } from "../lib/address";
import { IamRole } from "../iam-role";
import { topicPublisherKeyStatement } from "../kms-key";
import { policyJson, type PolicyStatement } from "../lib/policy";

export interface OrganizationTrailProps {
  readonly trailName: string;
  /** Archive bucket (another account's, so a literal name). */
  readonly bucketName: string;
  /** KMS key (ARN or alias ARN) CloudTrail encrypts with; lives next to the bucket. */
  readonly kmsKeyId: string;
  /** Local CloudWatch Logs copy for metric filters and alarms. */
  readonly cloudWatch: { readonly logGroupName: string; readonly kmsKeyArn: string; readonly roleName: string; readonly retentionDays?: number };
  /** The trail's own ARN, written out (policies name it; referencing the resource would be a cycle). */
  readonly trailArn: string;
  /**
   * SNS topic told of every log file delivered (for a SIEM or log pipeline to subscribe to), encrypted with a key
   * whose policy includes cloudTrailTopicKeyStatement.
   */
  readonly notifications: { readonly topicName: string; readonly kmsKeyArn: string };
}

/** Multi-region organization trail with log-file validation, KMS, delivery to the archive and to CloudWatch Logs. */
export class OrganizationTrail extends Construct {
  readonly trailArn: string;
  /** The CloudWatch Logs copy (metric filters hang off it). */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const logGroup = pinAddress(
      new CloudwatchLogGroup(this, "log-group", {
        name: props.cloudWatch.logGroupName,
        retentionInDays: props.cloudWatch.retentionDays ?? 365,
        kmsKeyId: props.cloudWatch.kmsKeyArn,
      }),
      id,
    );
    const role = new IamRole(this, `${id}_to_cloudwatch`, {
      roleName: props.cloudWatch.roleName,
      description: "CloudTrail delivers the organization trail to CloudWatch Logs",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }],
      inlinePolicies: {
        "write-trail-logs": [
          { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:log-stream:*` },
        ],
      },
    });
    const topic = pinAddress(new SnsTopic(this, "topic", { name: props.notifications.topicName, kmsMasterKeyId: props.notifications.kmsKeyArn }), id);
    pinAddress(
      new SnsTopicPolicy(this, "topic-policy", {
        arn: topic.arn,
        policy: policyJson([
          {
            Sid: "OnlyThisTrailPublishes",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.arn,
            Condition: { StringEquals: { "aws:SourceArn": props.trailArn } },
          },
        ]),
      }),
      id,
    );
    const trail = protect(
      new Cloudtrail(this, "trail", {
        name: props.trailName,
        s3BucketName: props.bucketName,
        kmsKeyId: props.kmsKeyId,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
        cloudWatchLogsRoleArn: role.roleArn,
        snsTopicName: topic.arn,
      }),
      id,
    );
    this.trailArn = trail.arn;
    this.logGroupName = logGroup.name;
  }
}

/** Bucket-policy statements admitting CloudTrail only for this one trail (aws:SourceArn). */
export function cloudTrailBucketStatements(bucketArn: string, trailArn: string): PolicyStatement[] {
  const onlyThisTrail = { StringEquals: { "aws:SourceArn": trailArn } };
  return [
    { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: onlyThisTrail },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/*`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/** Key-policy statements letting CloudTrail encrypt this trail's logs (and describe the key). */
export function cloudTrailKeyStatements(trailArn: string, trailAccountId: string): PolicyStatement[] {
  return [
    {
      Sid: "CloudTrailEncryptsTheOrganizationTrail",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${trailAccountId}:trail/*` },
      },
    },
    { Sid: "CloudTrailDescribesKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
  ];
}

/** Key-policy statement letting CloudTrail publish this trail's notifications to a topic encrypted with the key. */
export const cloudTrailTopicKeyStatement = (trailArn: string): PolicyStatement =>
  topicPublisherKeyStatement("CloudTrailPublishesToTheEncryptedTopic", "cloudtrail.amazonaws.com", trailArn);
