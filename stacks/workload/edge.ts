import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformOutput } from "cdktf";
import { accountZoneName, parentZone, type OrgConfig } from "../../config";
import { albLogDeliveryStatement, LoadBalancer } from "../../modules/alb";
import { Cdn } from "../../modules/cdn";
import { HttpApi, TENANT_HEADER } from "../../modules/http-api";
import { DnsValidatedCertificate } from "../../modules/certificate";
import type { AlarmSpec } from "../../modules/alarms";
import type { HostedZone } from "../../modules/hosted-zone";
import { pinAddress, toLogicalId } from "../../modules/lib/address";
import { s3BucketArn } from "../../modules/lib/policy";
import { SecureBucket } from "../../modules/secure-bucket";
import { addAccessLogBucket, type AccessLogTarget } from "../access-logs";
import type { WorkloadContext } from "./context";
import type { WorkloadNetwork } from "./network";

export interface Edge {
  readonly zone: HostedZone;
  readonly zoneName: string;
  /** api.<zone>: the ALB's name, or the API Gateway's when the tier puts one in front. */
  readonly apiName: string;
  /** The ALB's own name: api.<zone>, or origin.<zone> behind an API Gateway. */
  readonly albName: string;
  readonly alb: LoadBalancer;
  /** The zone's NS (and DS) delegation into its parent: every certificate validation waits for it. */
  readonly delegation: Route53Record[];
  /** The account's S3 access-log bucket, for every other bucket of the stack. */
  readonly accessLogs: AccessLogTarget;
}

/** The account's zone (delegated from its parent zone), api.<zone> with its certificate, and the ALB behind it. */
export function addEdge(ctx: WorkloadContext, { network, securityGroups }: WorkloadNetwork): Edge {
  const { stack, config, account, accountId, names } = ctx;
  const zoneName = accountZoneName(config, account);
  const zone = stack.publicZone("account_zone", zoneName, `${account.name}; delegated from ${parentZone(config, account)!.zoneName}`);
  new TerraformOutput(stack, "zone_name_servers", { value: zone.nameServers, description: `NS records delegating ${zoneName}` });
  const delegation = stack.delegateFromParent(zone);
  const apiName = `api.${zoneName}`;
  const albName = ctx.tier.ingress.apiGateway ? `origin.${zoneName}` : apiName;
  const certificate = new DnsValidatedCertificate(stack, "api_certificate", { domainName: albName, zoneId: zone.zoneId, waitFor: delegation });
  const albLogsBucketName = names.albLogsBucket(accountId);
  const accessLogs = addAccessLogBucket(stack, config, accountId);
  const albLogs = new SecureBucket(stack, "alb_logs", {
    bucketName: albLogsBucketName,
    accessLogs: accessLogs(albLogsBucketName),
    kmsKeyArn: "SSE-S3", // ALB access logs cannot be delivered to SSE-KMS buckets
    noncurrentVersionExpirationDays: 30,
    transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
    policyStatements: [albLogDeliveryStatement(account.region, s3BucketArn(albLogsBucketName), accountId)],
  });
  const alb = new LoadBalancer(stack, "alb", {
    name: account.name,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    securityGroupId: securityGroups.albSecurityGroupId,
    certificateArn: certificate.certificateArn,
    accessLogsBucket: albLogs.bucketName,
    deletionProtection: account.tier === "prod",
    targetPort: config.app.apiPort,
    healthCheckPath: config.app.healthCheckPath,
  });
  pinAddress(
    new Route53Record(stack, "api-record", {
      zoneId: zone.zoneId,
      name: albName,
      type: "A",
      alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
    }),
    "api",
  );
  return { zone, zoneName, apiName, albName, alb, accessLogs, delegation };
}

/** CloudFront at www.<zone> in front of the ALB, when the tier asks for it (its certificate lives in us-east-1). */
export function addCdn({ stack, tier }: WorkloadContext, edge: Edge): void {
  if (!tier.ingress.cloudfront) return;
  new Cdn(stack, "cdn", {
    domainName: `www.${edge.zoneName}`,
    originDomainName: edge.albName,
    zoneId: edge.zone.zoneId,
    usEast1: stack.usEast1Provider(),
    certificateWaitFor: edge.delegation,
  });
}

/** A tenant of the config with the port and target group its service registers in. */
export type TenantRoute = OrgConfig["tenants"][number] & { readonly port: number; readonly targetGroupArn: string };

/** Tenants (eurus): <tenant>.<zone> → its own certificate, ALB host rule and target group, tagged tenant=<name>. */
export function addTenantRoutes({ stack, config, tier }: WorkloadContext, { zone, zoneName, alb, delegation }: Edge): TenantRoute[] {
  return config.tenants.map((t, i) => {
    const host = `${t.name}.${zoneName}`;
    const tags = { tenant: t.name };
    const cert = new DnsValidatedCertificate(stack, toLogicalId(`tenant_${t.name}_certificate`), { domainName: host, zoneId: zone.zoneId, waitFor: delegation });
    pinAddress(
      new Route53Record(stack, `tenant-${t.name}-record`, { zoneId: zone.zoneId, name: host, type: "A", alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true } }),
      toLogicalId(`tenant_${t.name}`),
    );
    const targetGroupArn = alb.addHostRoute(toLogicalId(`tenant-${t.name}`), {
      host, port: config.app.apiPort, healthCheckPath: config.app.healthCheckPath, priority: 100 + i, certificateArn: cert.certificateArn, tags,
      // Behind an API Gateway the tenant is api.<zone>/<tenant>/…: the API sets the tenant header, the ALB routes on it.
      header: tier.ingress.apiGateway ? { name: TENANT_HEADER, value: t.name, priority: 1000 + i } : undefined,
    });
    return { ...t, port: config.app.apiPort, targetGroupArn };
  });
}

/**
 * An HTTP API at api.<zone> in front of the ALB (origin.<zone>), when the tier asks for it: its own certificate, a VPC
 * link to the ALB's HTTPS listener, throttling, KMS-encrypted access logs, and /<tenant>/… routes for the tenants.
 * Returns its alarms (5XX, latency).
 */
export function addApiGateway({ stack, config, tier, names }: WorkloadContext, edge: Edge, { network, securityGroups }: WorkloadNetwork, logsKmsKeyArn: string): AlarmSpec[] {
  const settings = tier.ingress.apiGateway;
  if (!settings) return [];
  const certificate = new DnsValidatedCertificate(stack, "api_gateway_certificate", { domainName: edge.apiName, zoneId: edge.zone.zoneId, waitFor: edge.delegation });
  const api = new HttpApi(stack, "http_api", {
    name: names.httpApi,
    domainName: edge.apiName,
    zoneId: edge.zone.zoneId,
    certificateArn: certificate.certificateArn,
    vpcId: network.vpcId,
    subnetIds: network.appSubnetIds,
    albListenerArn: edge.alb.httpsListenerArn,
    albSecurityGroupId: securityGroups.albSecurityGroupId,
    albServerName: edge.albName,
    throttling: { burstLimit: settings.burstLimit, rateLimit: settings.rateLimit },
    logs: { kmsKeyArn: logsKmsKeyArn, retentionDays: tier.observability.logRetentionDays },
    tenants: config.tenants.map((t) => t.name),
    dependsOn: edge.delegation,
  });
  return api.alarms;
}
