import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { pinAddress, toLogicalId } from "../lib/address";

export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Average" | "Sum" | "Maximum" | "Minimum";
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
  /** @default 3 periods */
  readonly evaluationPeriods?: number;
  /** Seconds per period. @default 60 */
  readonly period?: number;
  /** A percentile such as p95, used instead of `statistic`. @default none: `statistic` applies */
  readonly extendedStatistic?: string;
}

export interface AlarmsProps {
  readonly topicName: string;
  readonly kmsKeyArn: string;
  readonly emails: string[];
  readonly dashboardName: string;
  readonly region: string;
  readonly alarms: AlarmSpec[];
}

/** An encrypted SNS alarm topic, CloudWatch alarms to it, and a dashboard of the same metrics. */
export class Alarms extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const topic = pinAddress(new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: props.kmsKeyArn }), id);
    this.topicArn = topic.arn;
    props.emails.forEach((email, i) =>
      pinAddress(new SnsTopicSubscription(this, `email-${i}`, { topicArn: topic.arn, protocol: "email", endpoint: email }), `${id}_email_${i}`),
    );
    for (const a of props.alarms) {
      pinAddress(
        new CloudwatchMetricAlarm(this, `alarm-${a.name}`, {
          alarmName: `${props.dashboardName}-${a.name}`,
          alarmDescription: a.description,
          namespace: a.namespace,
          metricName: a.metricName,
          dimensions: a.dimensions,
          statistic: a.extendedStatistic ? undefined : a.statistic,
          extendedStatistic: a.extendedStatistic,
          period: a.period ?? 60,
          evaluationPeriods: a.evaluationPeriods ?? 3,
          threshold: a.threshold,
          comparisonOperator: a.comparison,
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
        }),
        toLogicalId(a.name),
      );
    }
    const widgets = props.alarms.map((a, i) => ({
      type: "metric",
      x: (i % 3) * 8,
      y: Math.floor(i / 3) * 6,
      width: 8,
      height: 6,
      properties: {
        title: a.description,
        region: props.region,
        stat: a.extendedStatistic ?? a.statistic,
        period: a.period ?? 60,
        metrics: [[a.namespace, a.metricName, ...Object.entries(a.dimensions).flat()]],
        annotations: { horizontal: [{ value: a.threshold, label: "alarm" }] },
      },
    }));
    pinAddress(new CloudwatchDashboard(this, "dashboard", { dashboardName: props.dashboardName, dashboardBody: JSON.stringify({ widgets }) }), id);
  }
}
