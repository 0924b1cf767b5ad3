import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { pinAddress, toLogicalId } from "../lib/address";
import type { AlarmSpec } from "../alarms";

/** The header an API route sets so the load balancer can tell a tenant's requests from the others. */
export const TENANT_HEADER = "x-lz-tenant";

export interface HttpApiProps {
  readonly name: string;
  /** The API's own name, e.g. api.<zone>, and its zone. */
  readonly domainName: string;
  readonly zoneId: string;
  /** ACM certificate of domainName, in the API's region (validated). */
  readonly certificateArn: string;
  readonly vpcId: string;
  /** Subnets the VPC link's interfaces live in (the app subnets). */
  readonly subnetIds: string[];
  /** The load balancer's HTTPS listener, and the name its certificate holds (TLS to it is verified). */
  readonly albListenerArn: string;
  readonly albSecurityGroupId: string;
  readonly albServerName: string;
  readonly throttling: { readonly burstLimit: number; readonly rateLimit: number };
  /** Access logs: KMS key and retention. */
  readonly logs: { readonly kmsKeyArn: string; readonly retentionDays: number };
  /** Tenants reached at /<tenant>/…: the route strips the prefix and sets TENANT_HEADER. @default none */
  readonly tenants?: string[];
  /** What the domain's DNS record waits for (the zone's delegation). @default nothing */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A regional HTTP API at its own domain in front of the load balancer, through a VPC link (private integration to
 * the HTTPS listener, TLS verified): throttled, access-logged to a KMS-encrypted log group, the execute-api endpoint
 * off (only the custom domain, TLS 1.2, answers). HTTP APIs have no WAF of their own: every request still passes the
 * load balancer, whose web ACL applies.
 */
export class HttpApi extends Construct {
  readonly apiId: string;
  /** 5XX responses and p95 latency. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const api = pinAddress(
      new Apigatewayv2Api(this, "api", { name: props.name, protocolType: "HTTP", disableExecuteApiEndpoint: true, description: `${props.domainName} → the load balancer` }),
      id,
    );
    const linkSg = pinAddress(
      new SecurityGroup(this, "link-sg", { name: `${props.name}-vpc-link`, description: "API Gateway VPC link: only to the load balancer's HTTPS listener", vpcId: props.vpcId, tags: { Name: `${props.name}-vpc-link` } }),
      `${id}_vpc_link`,
    );
    pinAddress(
      new VpcSecurityGroupEgressRule(this, "link-to-alb", {
        securityGroupId: linkSg.id, description: "HTTPS to the load balancer", ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: props.albSecurityGroupId,
      }),
      `${id}_vpc_link_to_alb`,
    );
    const link = pinAddress(new Apigatewayv2VpcLink(this, "link", { name: props.name, subnetIds: props.subnetIds, securityGroupIds: [linkSg.id] }), id);
    const integration = (key: string, requestParameters?: Record<string, string>) =>
      pinAddress(
        new Apigatewayv2Integration(this, `integration-${key}`, {
          apiId: api.id,
          integrationType: "HTTP_PROXY",
          integrationMethod: "ANY",
          connectionType: "VPC_LINK",
          connectionId: link.id,
          integrationUri: props.albListenerArn,
          payloadFormatVersion: "1.0",
          tlsConfig: { serverNameToVerify: props.albServerName },
          requestParameters,
        }),
        toLogicalId(`${id}_${key}`),
      );
    const route = (key: string, routeKey: string, target: Apigatewayv2Integration) =>
      pinAddress(new Apigatewayv2Route(this, `route-${key}`, { apiId: api.id, routeKey, target: `integrations/${target.id}` }), toLogicalId(`${id}_${key}`));
    route("default", "$default", integration("alb"));
    for (const tenant of props.tenants ?? []) {
      route(`tenant-${tenant}`, `ANY /${tenant}/{proxy+}`, integration(`tenant-${tenant}`, { [`append:header.${TENANT_HEADER}`]: tenant, "overwrite:path": "/$request.path.proxy" }));
    }
    const logGroup = pinAddress(
      new CloudwatchLogGroup(this, "access-logs", { name: `/aws/apigateway/${props.name}`, kmsKeyId: props.logs.kmsKeyArn, retentionInDays: props.logs.retentionDays }),
      `${id}_access`,
    );
    const stage = pinAddress(
      new Apigatewayv2Stage(this, "stage", {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        accessLogSettings: {
          destinationArn: logGroup.arn,
          format: JSON.stringify({
            requestId: "$context.requestId", ip: "$context.identity.sourceIp", time: "$context.requestTime", method: "$context.httpMethod",
            path: "$context.path", status: "$context.status", latency: "$context.responseLatency", integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage", userAgent: "$context.identity.userAgent",
          }),
        },
        defaultRouteSettings: { throttlingBurstLimit: props.throttling.burstLimit, throttlingRateLimit: props.throttling.rateLimit, detailedMetricsEnabled: true },
      }),
      id,
    );
    const domain = pinAddress(
      new Apigatewayv2DomainName(this, "domain", {
        domainName: props.domainName,
        domainNameConfiguration: { certificateArn: props.certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
      }),
      id,
    );
    pinAddress(new Apigatewayv2ApiMapping(this, "mapping", { apiId: api.id, domainName: domain.id, stage: stage.id }), id);
    pinAddress(
      new Route53Record(this, "record", {
        zoneId: props.zoneId,
        name: props.domainName,
        type: "A",
        alias: { name: domain.domainNameConfiguration.targetDomainName, zoneId: domain.domainNameConfiguration.hostedZoneId, evaluateTargetHealth: false },
        dependsOn: props.dependsOn,
      }),
      `${id}_api`,
    );
    this.apiId = api.id;
    const dimensions = { ApiId: api.id, Stage: "$default" };
    this.alarms = [
      { name: "api-5xx", description: "API Gateway 5XX responses", namespace: "AWS/ApiGateway", metricName: "5xx", dimensions, statistic: "Sum", threshold: 10, comparison: "GreaterThanThreshold" },
      { name: "api-latency", description: "API Gateway p95 latency (ms)", namespace: "AWS/ApiGateway", metricName: "Latency", dimensions, statistic: "Average", extendedStatistic: "p95", threshold: 2000, comparison: "GreaterThanThreshold" },
    ];
  }
}
