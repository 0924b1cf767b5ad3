import { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { Alarms } from "../alarms";
import { pinAddress, toLogicalId } from "../lib/address";

/** A CIS AWS Foundations Benchmark monitoring control: a metric filter on the trail's log group, alarmed at ≥ 1. */
export interface CisMetricFilter {
  /** CIS control (v1.5 numbering, section 4 "Monitoring"; CIS v3.0 keeps the same filters). */
  readonly cis: string;
  readonly name: string;
  readonly description: string;
  readonly pattern: string;
}

const anyEvent = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");

/** The CIS section 4 filters, with the patterns the benchmark publishes. */
export const CIS_METRIC_FILTERS: CisMetricFilter[] = [
  { cis: "4.1", name: "unauthorized-api-calls", description: "Unauthorized API calls",
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }' },
  { cis: "4.2", name: "console-sign-in-without-mfa", description: "Console sign-in without MFA",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }' },
  { cis: "4.3", name: "root-account-usage", description: "Use of the root user",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
  { cis: "4.4", name: "iam-policy-changes", description: "IAM policy changes",
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent(["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"])}) }` },
  { cis: "4.5", name: "cloudtrail-changes", description: "CloudTrail configuration changes",
    pattern: `{ ${anyEvent(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])} }` },
  { cis: "4.6", name: "console-authentication-failures", description: "Console authentication failures",
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }' },
  { cis: "4.7", name: "kms-key-disabled-or-deleted", description: "Customer-managed keys disabled or scheduled for deletion",
    pattern: `{ ($.eventSource = kms.amazonaws.com) && (${anyEvent(["DisableKey", "ScheduleKeyDeletion"])}) }` },
  { cis: "4.8", name: "s3-bucket-policy-changes", description: "S3 bucket policy changes",
    pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent(["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"])}) }` },
  { cis: "4.9", name: "config-changes", description: "AWS Config configuration changes",
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent(["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"])}) }` },
  { cis: "4.10", name: "security-group-changes", description: "Security group changes",
    pattern: `{ ${anyEvent(["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"])} }` },
  { cis: "4.11", name: "nacl-changes", description: "Network ACL changes",
    pattern: `{ ${anyEvent(["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"])} }` },
  { cis: "4.12", name: "network-gateway-changes", description: "Network gateway changes",
    pattern: `{ ${anyEvent(["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"])} }` },
  { cis: "4.13", name: "route-table-changes", description: "Route table changes",
    pattern: `{ ($.eventSource = ec2.amazonaws.com) && (${anyEvent(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])}) }` },
  { cis: "4.14", name: "vpc-changes", description: "VPC changes",
    pattern: `{ ${anyEvent(["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"])} }` },
  { cis: "4.15", name: "organizations-changes", description: "AWS Organizations changes",
    pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent(["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"])}) }` },
];

export interface CisMonitoringProps {
  /** The log group the organization trail delivers to (a reference, so the filters wait for it). */
  readonly logGroupName: string;
  /** Metric namespace, e.g. "<org>/CIS". */
  readonly namespace: string;
  /** Name prefix of the alarms, the dashboard and the topic. */
  readonly name: string;
  readonly region: string;
  /** KMS key of the alarm topic (its policy must let cloudwatch.amazonaws.com publish). */
  readonly kmsKeyArn: string;
  readonly emails: string[];
}

/** CIS 4.1–4.15: a metric filter per control on the trail's CloudWatch copy, each alarmed (≥ 1 in 5 minutes) to a topic. */
export class CisMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    for (const f of CIS_METRIC_FILTERS) {
      pinAddress(
        new CloudwatchLogMetricFilter(this, `filter-${f.name}`, {
          name: `cis-${f.cis}-${f.name}`,
          logGroupName: props.logGroupName,
          pattern: f.pattern,
          metricTransformation: { name: f.name, namespace: props.namespace, value: "1" },
        }),
        toLogicalId(`cis_${f.name}`),
      );
    }
    new Alarms(this, id, {
      topicName: `${props.name}-alarms`,
      kmsKeyArn: props.kmsKeyArn,
      emails: props.emails,
      dashboardName: props.name,
      region: props.region,
      alarms: CIS_METRIC_FILTERS.map((f) => ({
        name: `cis-${f.cis.replace(".", "-")}-${f.name}`,
        description: `CIS ${f.cis}: ${f.description}`,
        namespace: props.namespace,
        metricName: f.name,
        dimensions: {},
        statistic: "Sum" as const,
        threshold: 1,
        comparison: "GreaterThanOrEqualToThreshold" as const,
        evaluationPeriods: 1,
        period: 300,
      })),
    });
  }
}
