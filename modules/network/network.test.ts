import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Network, type NetworkProps } from ".";

const props: NetworkProps = {
  name: "acme-prod", cidr: "10.1.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"],
  subnets: { public: ["10.1.0.0/24", "10.1.1.0/24"], app: ["10.1.10.0/24", "10.1.11.0/24"], data: ["10.1.20.0/24", "10.1.21.0/24"] },
  natGateways: "per-az", region: "eu-west-1", flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", roleName: "acme-vpc-flow-logs" },
};
const synth = (over: Partial<NetworkProps> = {}) => JSON.parse(Testing.synthScope((s) => void new Network(s, "network", { ...props, ...over }))).resource;

describe("Network", () => {
  it("closes the default security group (CKV2_AWS_12) and assigns no public IPs on launch", () => {
    const r = synth();
    expect(r.aws_default_security_group.network).toMatchObject({ ingress: [], egress: [] });
    expect(Object.values(r.aws_subnet).every((s) => (s as { map_public_ip_on_launch: boolean }).map_public_ip_on_launch === false)).toBe(true);
  });

  it("logs all traffic (CKV2_AWS_11) to a KMS-encrypted group kept a year", () => {
    const r = synth();
    expect(r.aws_flow_log.network).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(r.aws_cloudwatch_log_group.network_flow_logs).toMatchObject({ retention_in_days: 365, kms_key_id: props.flowLogs.kmsKeyArn });
  });

  it("isolates the data subnets: no route out, a NACL (CKV2_AWS_1) admitting only PostgreSQL and Redis from the app subnets", () => {
    const r = synth();
    expect(r.aws_route.network_data_default).toBeUndefined();
    const nacl = r.aws_network_acl.network_data;
    expect(nacl.ingress.map((x: { cidr_block: string; from_port: number }) => `${x.cidr_block}:${x.from_port}`).sort()).toEqual(
      ["10.1.10.0/24:5432", "10.1.10.0/24:6379", "10.1.11.0/24:5432", "10.1.11.0/24:6379"],
    );
  });

  it("one NAT per compute AZ (per-az), one in all (single), none without egress", () => {
    expect(Object.keys(synth().aws_nat_gateway)).toHaveLength(2);
    expect(Object.keys(synth({ natGateways: "single" }).aws_nat_gateway)).toHaveLength(1);
    expect(synth({ natGateways: "none" }).aws_nat_gateway).toBeUndefined();
  });

  it("rejects fewer than two AZs and subnet lists that do not match them", () => {
    expect(() => synth({ availabilityZones: ["eu-west-1a"] })).toThrow("Network network: 1 AZ(s); an ALB and a DB subnet group need at least 2");
    expect(() => synth({ subnets: { ...props.subnets, data: ["10.1.20.0/24"] } })).toThrow("subnets.data has 1 CIDRs for 2 AZs");
  });
});
