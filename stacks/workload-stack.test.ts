import { describe, expect, it } from "vitest";
import { contains, overlaps, parseCidr, type Cidr } from "../config/cidr";
import { resources, synthConfigFile } from "../test/testing";

const stacks = synthConfigFile("config/set.yaml");
const cidr = (text: string) => parseCidr(text) as Cidr;

describe.each([
  // Single-AZ nonprod: compute (app subnets, NAT) in one AZ; the ALB and the DB subnet group still span two, as AWS requires.
  ["set-nonprod", { vpc: "10.10.0.0/16", azs: { public: ["eu-west-1a", "eu-west-1b"], app: ["eu-west-1a"], data: ["eu-west-1a", "eu-west-1b"] }, nats: 1 }],
  ["set-prod-eu", { vpc: "10.20.0.0/16", azs: { public: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], app: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], data: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }, nats: 3 }],
] as const)("%s network", (name, expected) => {
  const r = stacks[name].resource;
  const subnets = Object.entries(resources(stacks[name], "aws_subnet")) as [string, { cidr_block: string; availability_zone: string; map_public_ip_on_launch: boolean }][];

  it("spans the tier's AZs with public, private-app and private-data subnets (ALB and DB subnet group in ≥ 2 AZs)", () => {
    expect(r.aws_vpc.network.cidr_block).toBe(expected.vpc);
    for (const layer of ["public", "app", "data"] as const) {
      const inLayer = subnets.filter(([id]) => id.startsWith(`network_${layer}_`));
      expect(inLayer.map(([, s]) => s.availability_zone)).toEqual(expected.azs[layer]);
    }
    expect(resources(stacks[name], "aws_lb").alb.subnets).toHaveLength(expected.azs.public.length);
    expect(resources(stacks[name], "aws_db_subnet_group").postgres.subnet_ids).toHaveLength(expected.azs.data.length);
    expect(subnets.every(([, s]) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it("keeps every subnet inside the VPC CIDR, none overlapping", () => {
    const vpc = cidr(expected.vpc);
    const blocks = subnets.map(([, s]) => cidr(s.cidr_block));
    for (const b of blocks) expect(contains(vpc, b)).toBe(true);
    for (let i = 0; i < blocks.length; i++) for (let j = i + 1; j < blocks.length; j++) expect(overlaps(blocks[i], blocks[j])).toBe(false);
  });

  it("has NAT gateways per the tier's strategy, each app subnet routed to a NAT, data subnets with no route out", () => {
    expect(Object.keys(r.aws_nat_gateway)).toHaveLength(expected.nats);
    const appDefaults = Object.entries(r.aws_route).filter(([id]) => /^network_app_\d+_default$/.test(id)) as [string, { nat_gateway_id: string }][];
    expect(appDefaults).toHaveLength(expected.azs.app.length);
    appDefaults.forEach(([id, route]) => {
      const az = Number(id.match(/\d+/)![0]);
      expect(route.nat_gateway_id).toBe(`\${aws_nat_gateway.network_nat_${expected.nats === 1 ? 0 : az}.id}`);
    });
    const dataRouteTables = Object.keys(r.aws_route).filter((id) => id.startsWith("network_data"));
    expect(dataRouteTables).toEqual([]);
    expect(r.aws_route_table.network_data.route).toBeUndefined();
  });

  it("closes the default security group and flow-logs all traffic to a KMS-encrypted log group", () => {
    expect(r.aws_default_security_group.network).toMatchObject({ ingress: [], egress: [] });
    expect(r.aws_flow_log.network).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(r.aws_cloudwatch_log_group.network_flow_logs).toMatchObject({ kms_key_id: "${aws_kms_key.logs_key.arn}", retention_in_days: 365 });
  });

  it("has its own data, logs and backups KMS keys, never shared across accounts", () => {
    const dns = ["account_zone_dnssec", "dns_logs_key"]; // us-east-1: DNSSEC signing, Route 53 query logs
    const own = expected.nats === 1 ? ["backups_key", "data_key", "logs_key"] : ["backups_copy_key", "backups_key", "data_key", "logs_key"];
    expect(Object.keys(r.aws_kms_key).sort()).toEqual([...dns, ...own].sort());
    const accountId = stacks[name].provider.aws[0].allowed_account_ids[0];
    for (const key of Object.values(r.aws_kms_key) as { policy: string }[]) {
      const principals = JSON.parse(key.policy).Statement.flatMap((s: { Principal: { AWS?: string } }) => (s.Principal.AWS ? [s.Principal.AWS] : []));
      expect(principals).toEqual([`arn:aws:iam::${accountId}:root`]);
    }
  });
});

describe("single-AZ compute (S.E.T nonprod)", () => {
  it("puts the database and the single-node cache in the compute AZ; Multi-AZ prod pins nothing", () => {
    expect(resources(stacks["set-nonprod"], "aws_db_instance").postgres.availability_zone).toBe("eu-west-1a");
    expect(resources(stacks["set-nonprod"], "aws_elasticache_replication_group").redis.preferred_cache_cluster_azs).toEqual(["eu-west-1a"]);
    expect(resources(stacks["set-prod-eu"], "aws_db_instance").postgres.availability_zone).toBeUndefined();
    expect(resources(stacks["set-prod-eu"], "aws_elasticache_replication_group").redis.preferred_cache_cluster_azs).toBeUndefined();
  });
});
