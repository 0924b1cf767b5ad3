import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ALB_TLS_POLICY, albLogDeliveryStatement, LoadBalancer } from ".";

function synth(withTenant = false) {
  return JSON.parse(
    Testing.synthScope((s) => {
      const alb = new LoadBalancer(s, "alb", {
        name: "acme-prod", vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-alb", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/c",
        accessLogsBucket: "acme-alb-logs", deletionProtection: true, targetPort: 8080, healthCheckPath: "/health",
      });
      if (withTenant) alb.addHostRoute("tenant-a", { host: "a.acme.example", port: 8080, healthCheckPath: "/health", priority: 100, certificateArn: "arn:cert-a", tags: { tenant: "a" } });
    }),
  ).resource;
}

describe("LoadBalancer", () => {
  it("drops invalid headers (CKV_AWS_131), strictest desync mitigation (CKV_AWS_328), access logs (CKV_AWS_91), deletion protection (CKV_AWS_150)", () => {
    expect(synth().aws_lb.alb).toMatchObject({
      internal: false, drop_invalid_header_fields: true, desync_mitigation_mode: "strictest", enable_deletion_protection: true,
      access_logs: { bucket: "acme-alb-logs", enabled: true },
    });
  });

  it("serves HTTPS with a TLS 1.2+ policy (CKV_AWS_103) and answers HTTP only with a redirect (CKV_AWS_2, CKV2_AWS_20)", () => {
    const l = synth().aws_lb_listener;
    expect(l.alb_https).toMatchObject({ port: 443, protocol: "HTTPS", ssl_policy: ALB_TLS_POLICY });
    expect(l.alb_http_redirect.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
  });

  it("is behind a WAF with AWS's managed baseline rules (CKV2_AWS_28) and health-checks its targets (CKV_AWS_261)", () => {
    const r = synth();
    expect(r.aws_wafv2_web_acl.alb.rule.map((x: { name: string }) => x.name)).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]);
    expect(r.aws_wafv2_web_acl_association.alb.resource_arn).toBe("${aws_lb.alb.arn}");
    expect(r.aws_lb_target_group.alb_api.health_check).toMatchObject({ enabled: true, path: "/health" });
  });

  it("routes a host to its own target group, rule and certificate, tagged", () => {
    const r = synth(true);
    expect(r.aws_lb_listener_rule["alb_tenant-a"]).toMatchObject({ priority: 100, condition: [{ host_header: { values: ["a.acme.example"] } }], tags: { tenant: "a" } });
    expect(r.aws_lb_listener_certificate["alb_tenant-a"].certificate_arn).toBe("arn:cert-a");
  });

  it("reports 5xx and p95 latency alarms on its own metrics", () => {
    const names: string[] = [];
    Testing.synthScope((s) => {
      const alb = new LoadBalancer(s, "alb", { name: "n", vpcId: "v", publicSubnetIds: [], securityGroupId: "s", certificateArn: "c", accessLogsBucket: "b", deletionProtection: false, targetPort: 1, healthCheckPath: "/" });
      names.push(...alb.alarms.map((a) => `${a.namespace}:${a.metricName}`));
    });
    expect(names).toEqual(["AWS/ApplicationELB:HTTPCode_Target_5XX_Count", "AWS/ApplicationELB:TargetResponseTime"]);
  });

  it("lets the region's log writer deliver access logs: the ELB account in older regions, the service elsewhere", () => {
    expect(albLogDeliveryStatement("eu-west-1", "arn:aws:s3:::b", "123456789012").Principal).toEqual({ AWS: "arn:aws:iam::156460612806:root" });
    expect(albLogDeliveryStatement("il-central-1", "arn:aws:s3:::b", "123456789012").Principal).toEqual({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
  });
});
