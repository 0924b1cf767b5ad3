import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { HttpApi, TENANT_HEADER } from ".";

const synth = (tenants?: string[]) =>
  JSON.parse(
    Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "eu-central-1" });
      new HttpApi(s, "http_api", {
        name: "acme-prod-api", domainName: "api.prod.acme.example", zoneId: "Z1", certificateArn: "arn:aws:acm:eu-central-1:1:certificate/c",
        vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], albListenerArn: "arn:listener", albSecurityGroupId: "sg-alb", albServerName: "origin.prod.acme.example",
        throttling: { burstLimit: 100, rateLimit: 50 }, logs: { kmsKeyArn: "arn:aws:kms:eu-central-1:1:key/k", retentionDays: 365 }, tenants,
      });
    }),
  ).resource;

describe("HttpApi", () => {
  it("answers only at its domain (TLS 1.2) and proxies everything to the ALB listener through the VPC link, TLS verified", () => {
    const r = synth();
    expect(r.aws_apigatewayv2_api.http_api).toMatchObject({ protocol_type: "HTTP", disable_execute_api_endpoint: true });
    expect(r.aws_apigatewayv2_domain_name.http_api.domain_name_configuration).toMatchObject({ security_policy: "TLS_1_2", endpoint_type: "REGIONAL" });
    expect(r.aws_apigatewayv2_integration.http_api_alb).toMatchObject({ integration_type: "HTTP_PROXY", connection_type: "VPC_LINK", integration_uri: "arn:listener", tls_config: { server_name_to_verify: "origin.prod.acme.example" } });
    expect(Object.values(r.aws_apigatewayv2_route).map((x: any) => x.route_key)).toEqual(["$default"]);
  });

  it("throttles, logs every request to a KMS-encrypted log group, and alarms on 5XX and latency", () => {
    const r = synth();
    expect(r.aws_apigatewayv2_stage.http_api.default_route_settings).toMatchObject({ throttling_burst_limit: 100, throttling_rate_limit: 50 });
    expect(JSON.parse(r.aws_apigatewayv2_stage.http_api.access_log_settings.format)).toMatchObject({ status: "$context.status" });
    expect(r.aws_cloudwatch_log_group.http_api_access).toMatchObject({ kms_key_id: "arn:aws:kms:eu-central-1:1:key/k", retention_in_days: 365 });
  });

  it("gives each tenant a /<tenant>/… route that strips the prefix and sets the tenant header", () => {
    const r = synth(["acme"]);
    expect(r.aws_apigatewayv2_route["http_api_tenant-acme"].route_key).toBe("ANY /acme/{proxy+}");
    expect(r.aws_apigatewayv2_integration["http_api_tenant-acme"].request_parameters).toEqual({ [`append:header.${TENANT_HEADER}`]: "acme", "overwrite:path": "/$request.path.proxy" });
  });
});
