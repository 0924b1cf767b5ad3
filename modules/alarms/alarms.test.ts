import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Alarms, type AlarmSpec } from ".";

const cpu: AlarmSpec = { name: "rds-cpu", description: "PostgreSQL CPU %", namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "db" }, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" };
const p95: AlarmSpec = { ...cpu, name: "latency", extendedStatistic: "p95", evaluationPeriods: 1, period: 300 };

const synth = () =>
  JSON.parse(Testing.synthScope((s) => void new Alarms(s, "alarms", { topicName: "acme-alarms", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", emails: ["ops@example.com"], dashboardName: "acme", region: "eu-west-1", alarms: [cpu, p95] }))).resource;

describe("Alarms", () => {
  it("publishes to a KMS-encrypted topic with e-mail subscribers", () => {
    const r = synth();
    expect(r.aws_sns_topic.alarms).toEqual({ name: "acme-alarms", kms_master_key_id: "arn:aws:kms:eu-west-1:123456789012:key/k" });
    expect(r.aws_sns_topic_subscription.alarms_email_0).toMatchObject({ protocol: "email", endpoint: "ops@example.com", topic_arn: "${aws_sns_topic.alarms.arn}" });
  });

  it("alarms and recovers to the topic, ignores missing data, and uses the spec's defaults (60 s, 3 periods)", () => {
    const a = synth().aws_cloudwatch_metric_alarm;
    expect(a["rds-cpu"]).toMatchObject({
      alarm_name: "acme-rds-cpu", statistic: "Average", period: 60, evaluation_periods: 3, threshold: 80, comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching", alarm_actions: ["${aws_sns_topic.alarms.arn}"], ok_actions: ["${aws_sns_topic.alarms.arn}"],
    });
    expect(a.latency).toMatchObject({ extended_statistic: "p95", period: 300, evaluation_periods: 1 });
    expect(a.latency.statistic).toBeUndefined();
  });

  it("draws one dashboard widget per alarm with its threshold", () => {
    const body = JSON.parse(synth().aws_cloudwatch_dashboard.alarms.dashboard_body);
    expect(body.widgets).toHaveLength(2);
    expect(body.widgets[1].properties).toMatchObject({ stat: "p95", period: 300, annotations: { horizontal: [{ value: 80, label: "alarm" }] } });
  });
});
