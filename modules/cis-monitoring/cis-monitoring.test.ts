import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { CIS_METRIC_FILTERS, CisMonitoring } from ".";

describe("CisMonitoring", () => {
  const r = JSON.parse(
    Testing.synthScope((s) => void new CisMonitoring(s, "security", {
      logGroupName: "/aws/cloudtrail/acme-organization-trail", namespace: "acme/CIS", name: "acme-security", region: "eu-west-1",
      kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs", emails: ["security@example.com"],
    })),
  ).resource;

  it("has a metric filter on the trail's log group for each of CIS 4.1–4.15", () => {
    expect(CIS_METRIC_FILTERS.map((f) => f.cis)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    const filters = Object.values(r.aws_cloudwatch_log_metric_filter) as { log_group_name: string; metric_transformation: { namespace: string } }[];
    expect(filters).toHaveLength(15);
    expect(filters.every((f) => f.log_group_name === "/aws/cloudtrail/acme-organization-trail" && f.metric_transformation.namespace === "acme/CIS")).toBe(true);
  });

  it("alarms on the first occurrence of each, to an encrypted topic", () => {
    const alarms = Object.values(r.aws_cloudwatch_metric_alarm) as { threshold: number; evaluation_periods: number; comparison_operator: string }[];
    expect(alarms).toHaveLength(15);
    expect(alarms.every((a) => a.threshold === 1 && a.evaluation_periods === 1 && a.comparison_operator === "GreaterThanOrEqualToThreshold")).toBe(true);
    expect(r.aws_sns_topic.security).toMatchObject({ name: "acme-security-alarms", kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/logs" });
  });
});
