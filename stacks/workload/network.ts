import { availabilityZoneNames, planSubnets } from "../../config";
import { Network } from "../../modules/network";
import { DOCUMENTDB_PORT, POSTGRES_PORT, REDIS_PORT, SecurityGroupChain } from "../../modules/security-groups";
import type { WorkloadContext } from "./context";
import type { WorkloadKeys } from "./keys";

export interface WorkloadNetwork {
  readonly network: Network;
  readonly securityGroups: SecurityGroupChain;
}

/**
 * The VPC and the security-group chain ALB → app → data. Compute runs in azCount AZs; the ALB and the database/cache
 * subnet groups always span at least two (AWS rejects an ALB or a DB subnet group in one AZ), which costs nothing:
 * the extra subnets hold no NAT.
 */
export function addWorkloadNetwork({ stack, config, account, tier, names }: WorkloadContext, keys: WorkloadKeys): WorkloadNetwork {
  const azCount = tier.network.azCount;
  const subnetAzCount = Math.max(azCount, 2);
  const plan = planSubnets(account.network!.cidr, subnetAzCount);
  const network = new Network(stack, "network", {
    name: account.name,
    cidr: account.network!.cidr,
    availabilityZones: availabilityZoneNames(account.region, subnetAzCount),
    subnets: { ...plan, app: plan.app.slice(0, azCount) },
    natGateways: tier.network.natGateways,
    region: account.region,
    interfaceEndpoints: tier.network.interfaceEndpoints,
    flowLogs: { kmsKeyArn: keys.logs.keyArn, roleName: names.flowLogsRole, retentionDays: 365 },
    dataPorts: [POSTGRES_PORT, REDIS_PORT, ...(tier.documentDb ? [DOCUMENTDB_PORT] : [])],
  });
  const securityGroups = new SecurityGroupChain(stack, "sg", { name: account.name, vpcId: network.vpcId, appPort: config.app.apiPort, documentDb: !!tier.documentDb });
  return { network, securityGroups };
}

/** With compute in one AZ, the database and the cache sit in that AZ too (no cross-AZ hop, no cross-AZ charges). */
export function computeAvailabilityZone({ account, tier }: WorkloadContext): string | undefined {
  // Only then: pinning an AZ on an existing instance would replace it.
  return tier.network.azCount === 1 ? availabilityZoneNames(account.region, 1)[0] : undefined;
}
