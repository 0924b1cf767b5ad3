import { Construct } from "constructs";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerCertificate } from "@cdktf/provider-aws/lib/lb-listener-certificate";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { pinAddress } from "../lib/address";
import type { AlarmSpec } from "../alarms";

/** TLS 1.2+ with TLS 1.3 preferred, no CBC ciphers on 1.3 (CKV_AWS_103). */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface LoadBalancerProps {
  readonly name: string;
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly securityGroupId: string;
  readonly certificateArn: string;
  readonly accessLogsBucket: string;
  readonly deletionProtection: boolean;
  readonly targetPort: number;
  readonly healthCheckPath: string;
}

/**
 * Internet-facing ALB: HTTPS with a modern TLS policy, HTTP only redirects, invalid headers dropped, strictest desync
 * mitigation, access logs, a WAF with AWS's managed baseline rules, and one IP target group for the api.
 */
export class LoadBalancer extends Construct {
  readonly arn: string;
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly targetGroupArn: string;
  readonly targetGroupArnSuffix: string;
  readonly httpsListenerArn: string;
  /** 5xx responses and p95 latency of the targets, for the account's alarm topic and dashboard. */
  readonly alarms: AlarmSpec[];
  private readonly vpcId: string;
  private readonly albId: string;

  /**
   * Routes one host name to its own IP target group (multi-tenancy): a listener rule on the HTTPS listener, the
   * host's certificate added to it, both tagged. Returns the target group ARN.
   */
  addHostRoute(
    key: string,
    route: {
      host: string; port: number; healthCheckPath: string; priority: number; certificateArn: string; tags: Record<string, string>;
      /** Also route requests that carry this header (an API in front sets it), by a second rule. */
      header?: { name: string; value: string; priority: number };
    },
  ): string {
    const tg = pinAddress(
      new LbTargetGroup(this, `${key}-tg`, {
        name: `${key}`.slice(0, 32),
        port: route.port,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: this.vpcId,
        deregistrationDelay: "30",
        healthCheck: { enabled: true, path: route.healthCheckPath, matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
        tags: route.tags,
      }),
      `${this.albId}_${key}`,
    );
    pinAddress(
      new LbListenerRule(this, `${key}-rule`, {
        listenerArn: this.httpsListenerArn,
        priority: route.priority,
        condition: [{ hostHeader: { values: [route.host] } }],
        action: [{ type: "forward", targetGroupArn: tg.arn }],
        tags: route.tags,
      }),
      `${this.albId}_${key}`,
    );
    if (route.header) {
      pinAddress(
        new LbListenerRule(this, `${key}-header-rule`, {
          listenerArn: this.httpsListenerArn,
          priority: route.header.priority,
          condition: [{ httpHeader: { httpHeaderName: route.header.name, values: [route.header.value] } }],
          action: [{ type: "forward", targetGroupArn: tg.arn }],
          tags: route.tags,
        }),
        `${this.albId}_${key}_header`,
      );
    }
    pinAddress(new LbListenerCertificate(this, `${key}-cert`, { listenerArn: this.httpsListenerArn, certificateArn: route.certificateArn }), `${this.albId}_${key}`);
    return tg.arn;
  }

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const lb = pinAddress(
      new Lb(this, "alb", {
        name: props.name.slice(0, 32),
        loadBalancerType: "application",
        internal: false,
        subnets: props.publicSubnetIds,
        securityGroups: [props.securityGroupId],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableDeletionProtection: props.deletionProtection,
        accessLogs: { bucket: props.accessLogsBucket, prefix: "alb", enabled: true },
      }),
      id,
    );
    const tg = pinAddress(
      new LbTargetGroup(this, "api", {
        name: `${props.name}-api`.slice(0, 32),
        port: props.targetPort,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: props.vpcId,
        deregistrationDelay: "30",
        healthCheck: { enabled: true, path: props.healthCheckPath, matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
      }),
      `${id}_api`,
    );
    const https = pinAddress(
      new LbListener(this, "https", {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: ALB_TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
      }),
      `${id}_https`,
    );
    pinAddress(
      new LbListener(this, "http", {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      }),
      `${id}_http_redirect`,
    );
    const managedRule = (name: string, priority: number) => ({
      name,
      priority,
      overrideAction: { none: {} },
      // `statement` is untyped in the generated provider (too deep to model): keys are written as Terraform spells them.
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name } },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    const acl = pinAddress(
      new Wafv2WebAcl(this, "waf", {
        name: `${props.name}-alb`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rule: [managedRule("AWSManagedRulesCommonRuleSet", 10), managedRule("AWSManagedRulesKnownBadInputsRuleSet", 20), managedRule("AWSManagedRulesAmazonIpReputationList", 30)],
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${props.name}-alb`, sampledRequestsEnabled: true },
      }),
      id,
    );
    pinAddress(new Wafv2WebAclAssociation(this, "waf-association", { resourceArn: lb.arn, webAclArn: acl.arn }), id);

    this.arn = lb.arn;
    this.arnSuffix = lb.arnSuffix;
    this.alarms = [
      { name: "alb-5xx", description: "ALB target 5xx responses", namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count",
        dimensions: { LoadBalancer: lb.arnSuffix }, statistic: "Sum", threshold: 10, comparison: "GreaterThanThreshold" },
      { name: "alb-latency-p95", description: "ALB target response time p95 (s)", namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: lb.arnSuffix }, statistic: "Average", extendedStatistic: "p95", threshold: 1.5, comparison: "GreaterThanThreshold" },
    ];
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.targetGroupArn = tg.arn;
    this.targetGroupArnSuffix = tg.arnSuffix;
    this.httpsListenerArn = https.arn;
    this.vpcId = props.vpcId;
    this.albId = id;
  }
}

/** Who writes ALB access logs in a region: the regional ELB account (older regions) or the log-delivery service. */
const ELB_ACCOUNTS: Record<string, string> = {
  "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
  "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667", "eu-central-1": "054676820928",
  "eu-north-1": "897822967062", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251", "sa-east-1": "507241528517",
};

/** The AWS account that delivers ALB access logs in a region as itself (older regions), or undefined (a service principal does). */
export const albLogDeliveryAccount = (region: string): string | undefined => ELB_ACCOUNTS[region];

export function albLogDeliveryStatement(region: string, bucketArn: string, accountId: string) {
  const legacy = albLogDeliveryAccount(region);
  return {
    Sid: "AlbAccessLogDelivery",
    Effect: "Allow" as const,
    Principal: legacy ? { AWS: `arn:aws:iam::${legacy}:root` } : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/alb/AWSLogs/${accountId}/*`,
  };
}
