import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { pinAddress } from "../lib/address";

export interface SecurityGroupChainProps {
  readonly name: string;
  readonly vpcId: string;
  /** Port the app listens on behind the ALB. */
  readonly appPort: number;
  /** A DocumentDB group in the chain (only from the app, on 27017). @default none */
  readonly documentDb?: boolean;
}

export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
export const DOCUMENTDB_PORT = 27017;

/**
 * The chain internet → ALB (443; 80 only to redirect) → app → PostgreSQL / Redis. Nothing else reaches the app or
 * the data stores; the data stores reach nothing. Every group and rule is described.
 */
export class SecurityGroupChain extends Construct {
  readonly albSecurityGroupId: string;
  readonly appSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly cacheSecurityGroupId: string;
  readonly documentDbSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: SecurityGroupChainProps) {
    super(scope, id);
    const group = (key: string, description: string) =>
      pinAddress(new SecurityGroup(this, key, { name: `${props.name}-${key}`, description, vpcId: props.vpcId, tags: { Name: `${props.name}-${key}` } }), key);
    const alb = group("alb", "Load balancer: HTTPS from the internet, HTTP only to redirect");
    const app = group("app", "Application tasks/pods: only from the load balancer");
    const db = group("postgres", "PostgreSQL: only from the application");
    const cache = group("redis", "Redis: only from the application");

    const rule = (Rule: typeof VpcSecurityGroupIngressRule | typeof VpcSecurityGroupEgressRule) =>
      (key: string, sg: SecurityGroup, description: string, port: number, peer: { cidr?: string; sg?: SecurityGroup }) =>
        pinAddress(
          new Rule(this, key, {
            securityGroupId: sg.id, description, ipProtocol: "tcp", fromPort: port, toPort: port,
            cidrIpv4: peer.cidr, referencedSecurityGroupId: peer.sg?.id,
          }),
          key,
        );
    const ingress = rule(VpcSecurityGroupIngressRule);
    const egress = rule(VpcSecurityGroupEgressRule);

    ingress("alb_https_in", alb, "HTTPS from the internet", 443, { cidr: "0.0.0.0/0" });
    ingress("alb_http_in", alb, "HTTP from the internet, answered with a redirect to HTTPS", 80, { cidr: "0.0.0.0/0" });
    egress("alb_to_app", alb, "To the application port", props.appPort, { sg: app });
    ingress("app_from_alb", app, "From the load balancer", props.appPort, { sg: alb });
    egress("app_https_out", app, "HTTPS to AWS APIs and third parties (through NAT)", 443, { cidr: "0.0.0.0/0" });
    egress("app_to_postgres", app, "To PostgreSQL", POSTGRES_PORT, { sg: db });
    egress("app_to_redis", app, "To Redis", REDIS_PORT, { sg: cache });
    ingress("postgres_from_app", db, "PostgreSQL from the application", POSTGRES_PORT, { sg: app });
    ingress("redis_from_app", cache, "Redis from the application", REDIS_PORT, { sg: app });

    this.albSecurityGroupId = alb.id;
    this.appSecurityGroupId = app.id;
    this.databaseSecurityGroupId = db.id;
    this.cacheSecurityGroupId = cache.id;
    if (props.documentDb) {
      const docdb = group("docdb", "DocumentDB: only from the application");
      egress("app_to_docdb", app, "To DocumentDB", DOCUMENTDB_PORT, { sg: docdb });
      ingress("docdb_from_app", docdb, "DocumentDB from the application", DOCUMENTDB_PORT, { sg: app });
      this.documentDbSecurityGroupId = docdb.id;
    }
  }
}
