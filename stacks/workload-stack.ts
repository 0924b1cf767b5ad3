import type { Construct } from "constructs";
import { Alarms } from "../modules/alarms";
import { AccountStack, type AccountStackProps } from "./account-stack";
import { addBackups } from "./workload/backups";
import { addCompute } from "./workload/compute";
import { workloadContext } from "./workload/context";
import { addDataStores } from "./workload/data";
import { addApiGateway, addCdn, addEdge, addTenantRoutes } from "./workload/edge";
import { addWorkloadKeys } from "./workload/keys";
import { addWorkloadNetwork } from "./workload/network";
import { addReplications } from "./workload/replication";
import { addAppSecrets } from "./workload/secrets";

/**
 * A workload account (nonprod or prod tier), sized by the tier's settings, assembled from its parts (stacks/workload/):
 * keys, network, edge (zone, certificate, ALB, CDN, tenants), secrets, compute (ECS Fargate or EKS), data
 * (PostgreSQL, Redis), replication, backups, and the alarms every part reports onto one topic and dashboard.
 */
export class WorkloadStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const ctx = workloadContext(this);
    const keys = addWorkloadKeys(ctx);
    const network = addWorkloadNetwork(ctx, keys);
    const edge = addEdge(ctx, network);
    const secrets = addAppSecrets(ctx, keys);
    addCdn(ctx, edge);
    const tenants = addTenantRoutes(ctx, edge);
    const apiAlarms = addApiGateway(ctx, edge, network, keys.logs.keyArn);
    const computeAlarms = addCompute(ctx, { keys, network, edge, secrets, tenants });
    const dataAlarms = addDataStores(ctx, keys, network);
    const replicationAlarms = addReplications(ctx, keys, edge.accessLogs);
    addBackups(ctx, keys);
    new Alarms(this, "alarms", {
      topicName: ctx.names.alarmTopic,
      kmsKeyArn: keys.logs.keyArn,
      emails: ctx.tier.observability.alarmEmails,
      dashboardName: ctx.names.dashboard,
      region: this.account.region,
      alarms: [...edge.alb.alarms, ...apiAlarms, ...computeAlarms, ...dataAlarms, ...replicationAlarms],
    });
  }
}
