import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { POSTGRES_PORT, REDIS_PORT, SecurityGroupChain } from ".";

describe("SecurityGroupChain", () => {
  const r = JSON.parse(Testing.synthScope((s) => void new SecurityGroupChain(s, "sg", { name: "acme", vpcId: "vpc-1", appPort: 8080 }))).resource;
  const ingress = r.aws_vpc_security_group_ingress_rule as Record<string, { from_port: number; cidr_ipv4?: string; referenced_security_group_id?: string; description: string }>;

  it("opens only 443 and 80 to the internet, both on the ALB (CKV_AWS_24/25/260/277)", () => {
    const open = Object.entries(ingress).filter(([, rule]) => rule.cidr_ipv4 === "0.0.0.0/0");
    expect(open.map(([key, rule]) => [key, rule.from_port]).sort()).toEqual([["alb_http_in", 80], ["alb_https_in", 443]]);
  });

  it("chains ALB → app → PostgreSQL / Redis by security group, and describes every group and rule (CKV_AWS_23)", () => {
    expect(ingress.app_from_alb).toMatchObject({ from_port: 8080, referenced_security_group_id: "${aws_security_group.alb.id}" });
    expect(ingress.postgres_from_app).toMatchObject({ from_port: POSTGRES_PORT, referenced_security_group_id: "${aws_security_group.app.id}" });
    expect(ingress.redis_from_app).toMatchObject({ from_port: REDIS_PORT, referenced_security_group_id: "${aws_security_group.app.id}" });
    const all = [...Object.values(r.aws_security_group), ...Object.values(ingress), ...Object.values(r.aws_vpc_security_group_egress_rule)] as { description: string }[];
    expect(all.every((x) => x.description.length > 0)).toBe(true);
  });

  it("lets the data stores reach nothing (no egress rule on them)", () => {
    const egress = Object.values(r.aws_vpc_security_group_egress_rule) as { security_group_id: string }[];
    expect(egress.filter((e) => /postgres|redis/.test(e.security_group_id))).toEqual([]);
  });
});
