import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { pinAddress } from "../lib/address";
import { policyJson } from "../lib/policy";

export type NatStrategy = "single" | "per-az" | "none";

export interface NetworkProps {
  /** Name tag prefix. */
  readonly name: string;
  readonly cidr: string;
  /**
   * AZs of the public and data layers, in order. AWS requires an ALB and a DB subnet group to span at least two
   * AZs, so there are at least two even when compute runs in one.
   */
  readonly availabilityZones: string[];
  /** One CIDR per AZ for the public and data layers; for the app layer one per AZ compute runs in (the first N AZs). */
  readonly subnets: { readonly public: string[]; readonly app: string[]; readonly data: string[] };
  /** single: one NAT shared by all AZs; per-az: one per AZ (no cross-AZ dependency); none: no egress. */
  readonly natGateways: NatStrategy;
  /** Region, for endpoint service names. */
  readonly region: string;
  /** Interface endpoints (service suffixes such as "ecr.api", "logs"). @default none */
  readonly interfaceEndpoints?: string[];
  /** Ports the data subnets accept from the app subnets. @default [5432, 6379] (PostgreSQL, Redis) */
  readonly dataPorts?: number[];
  readonly flowLogs: {
    readonly kmsKeyArn: string;
    /** IAM role VPC Flow Logs uses to write to CloudWatch Logs. */
    readonly roleName: string;
    /** @default 365 */
    readonly retentionDays?: number;
  };
}

/**
 * A VPC over N ≥ 2 AZs: public subnets (ALB, NAT), private-app subnets in the AZs compute runs in (egress through
 * NAT) and private-data subnets (no route out). The default security group is emptied; all traffic is flow-logged to a KMS-encrypted log group.
 */
export class Network extends Construct {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly appSubnetIds: string[];
  readonly dataSubnetIds: string[];
  readonly natGatewayCount: number;
  readonly vpcCidr: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const azs = props.availabilityZones;
    if (azs.length < 2) throw new Error(`Network ${id}: ${azs.length} AZ(s); an ALB and a DB subnet group need at least 2`);
    for (const layer of ["public", "data"] as const) {
      if (props.subnets[layer].length !== azs.length) {
        throw new Error(`Network ${id}: subnets.${layer} has ${props.subnets[layer].length} CIDRs for ${azs.length} AZs`);
      }
    }
    if (props.subnets.app.length < 1 || props.subnets.app.length > azs.length) {
      throw new Error(`Network ${id}: subnets.app has ${props.subnets.app.length} CIDRs; 1 to ${azs.length} (the first AZs)`);
    }
    const name = (suffix: string) => ({ Name: `${props.name}-${suffix}` });
    const at = (suffix: string) => `${id}_${suffix}`;

    const vpc = pinAddress(new Vpc(this, "vpc", { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: name("vpc") }), id);
    this.vpcId = vpc.id;
    pinAddress(new DefaultSecurityGroup(this, "default-sg", { vpcId: vpc.id, ingress: [], egress: [], tags: name("default-closed") }), id);

    const igw = pinAddress(new InternetGateway(this, "igw", { vpcId: vpc.id, tags: name("igw") }), id);
    const subnets = (layer: "public" | "app" | "data") =>
      props.subnets[layer].map((cidr, i) =>
        pinAddress(
          new Subnet(this, `${layer}-${i}`, {
            vpcId: vpc.id,
            cidrBlock: cidr,
            availabilityZone: azs[i],
            mapPublicIpOnLaunch: false,
            tags: { ...name(`${layer}-${azs[i]}`), "lz:subnet-layer": layer },
          }),
          at(`${layer}_${i}`),
        ),
      );
    const publicSubnets = subnets("public");
    const appSubnets = subnets("app");
    const dataSubnets = subnets("data");
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.appSubnetIds = appSubnets.map((s) => s.id);
    this.dataSubnetIds = dataSubnets.map((s) => s.id);

    const publicRoutes = pinAddress(new RouteTable(this, "public-rt", { vpcId: vpc.id, tags: name("public") }), at("public"));
    pinAddress(new Route(this, "public-default", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }), at("public_default"));
    publicSubnets.forEach((s, i) =>
      pinAddress(new RouteTableAssociation(this, `public-assoc-${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }), at(`public_${i}`)),
    );

    // NAT gateways serve the app subnets: per-az means one in every AZ compute runs in.
    const natCount = props.natGateways === "none" ? 0 : props.natGateways === "single" ? 1 : appSubnets.length;
    this.natGatewayCount = natCount;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = pinAddress(new Eip(this, `nat-eip-${i}`, { domain: "vpc", tags: name(`nat-${azs[i]}`) }), at(`nat_${i}`));
      return pinAddress(
        new NatGateway(this, `nat-${i}`, { allocationId: eip.allocationId, subnetId: publicSubnets[i].id, tags: name(`nat-${azs[i]}`), dependsOn: [igw] }),
        at(`nat_${i}`),
      );
    });

    const appRouteTables = appSubnets.map((s, i) => {
      const rt = pinAddress(new RouteTable(this, `app-rt-${i}`, { vpcId: vpc.id, tags: name(`app-${azs[i]}`) }), at(`app_${i}`));
      pinAddress(new RouteTableAssociation(this, `app-assoc-${i}`, { subnetId: s.id, routeTableId: rt.id }), at(`app_${i}`));
      if (nats.length) {
        const nat = nats[Math.min(i, nats.length - 1)];
        pinAddress(new Route(this, `app-default-${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }), at(`app_${i}_default`));
      }
      return rt;
    });
    const dataRoutes = pinAddress(new RouteTable(this, "data-rt", { vpcId: vpc.id, tags: name("data-isolated") }), at("data"));
    dataSubnets.forEach((s, i) =>
      pinAddress(new RouteTableAssociation(this, `data-assoc-${i}`, { subnetId: s.id, routeTableId: dataRoutes.id }), at(`data_${i}`)),
    );
    this.vpcCidr = props.cidr;

    // Data subnets talk only to the app subnets (PostgreSQL 5432, Redis 6379, DocumentDB 27017 when present, in;
    // replies out on ephemeral ports).
    const appCidrs = props.subnets.app;
    const dataPorts = props.dataPorts ?? [5432, 6379];
    if (dataPorts.length > 10) throw new Error("Network: at most 10 data ports (NACL rule numbers per app subnet)");
    const ingress = appCidrs.flatMap((cidr, i) =>
      dataPorts.map((port, p) => ({ ruleNo: 100 + i * 10 + p, action: "allow", protocol: "tcp", cidrBlock: cidr, fromPort: port, toPort: port })),
    );
    const egress = appCidrs.map((cidr, i) => ({ ruleNo: 100 + i * 10, action: "allow", protocol: "tcp", cidrBlock: cidr, fromPort: 1024, toPort: 65535 }));
    pinAddress(
      new NetworkAcl(this, "data-nacl", { vpcId: vpc.id, subnetIds: this.dataSubnetIds, ingress, egress, tags: name("data") }),
      at("data"),
    );

    // S3 through a gateway endpoint (free, keeps image layers and backups off the NAT).
    pinAddress(
      new VpcEndpoint(this, "s3-endpoint", {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${props.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [publicRoutes.id, dataRoutes.id, ...appRouteTables.map((rt) => rt.id)],
        tags: name("s3"),
      }),
      at("s3"),
    );
    const endpoints = props.interfaceEndpoints ?? [];
    if (endpoints.length) {
      const sg = pinAddress(
        new SecurityGroup(this, "endpoints-sg", {
          name: `${props.name}-vpc-endpoints`,
          description: "HTTPS from inside the VPC to AWS interface endpoints",
          vpcId: vpc.id,
          ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [props.cidr] }],
          egress: [],
          tags: name("vpc-endpoints"),
        }),
        at("endpoints"),
      );
      for (const service of endpoints) {
        pinAddress(
          new VpcEndpoint(this, `endpoint-${service}`, {
            vpcId: vpc.id,
            serviceName: `com.amazonaws.${props.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: this.appSubnetIds,
            securityGroupIds: [sg.id],
            tags: name(service),
          }),
          at(service.replace(/\./g, "_")),
        );
      }
    }

    const logGroup = pinAddress(
      new CloudwatchLogGroup(this, "flow-logs", {
        name: `/vpc/${props.name}/flow-logs`,
        retentionInDays: props.flowLogs.retentionDays ?? 365,
        kmsKeyId: props.flowLogs.kmsKeyArn,
      }),
      at("flow_logs"),
    );
    const role = pinAddress(
      new IamRole(this, "flow-logs-role", {
        name: props.flowLogs.roleName,
        description: `VPC Flow Logs of ${props.name} write to CloudWatch Logs`,
        assumeRolePolicy: policyJson([
          { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]),
      }),
      at("flow_logs"),
    );
    pinAddress(
      new IamRolePolicy(this, "flow-logs-policy", {
        role: role.id,
        name: "write-flow-logs",
        policy: policyJson([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
        ]),
      }),
      at("flow_logs"),
    );
    pinAddress(
      new FlowLog(this, "flow-log", {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      }),
      id,
    );
  }
}
