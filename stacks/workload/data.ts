import type { AlarmSpec } from "../../modules/alarms";
import { DocumentDb } from "../../modules/documentdb";
import { Postgres } from "../../modules/postgres";
import { Redis } from "../../modules/redis";
import type { WorkloadContext } from "./context";
import type { WorkloadKeys } from "./keys";
import { computeAvailabilityZone, type WorkloadNetwork } from "./network";

/** PostgreSQL (in the backup plan by tag), Redis and DocumentDB (optional) in the data subnets, sized by the tier. Returns their alarms. */
export function addDataStores(ctx: WorkloadContext, keys: WorkloadKeys, { network, securityGroups }: WorkloadNetwork): AlarmSpec[] {
  const { stack, tier, names } = ctx;
  const db = tier.database;
  const computeAz = computeAvailabilityZone(ctx);
  const postgres = new Postgres(stack, "postgres", {
    identifier: names.database,
    engineVersion: db.engineVersion,
    instanceClass: db.instanceClass,
    multiAz: db.multiAz,
    availabilityZone: computeAz,
    readReplicas: db.readReplicas,
    backupRetentionDays: db.backupRetentionDays,
    allocatedStorageGb: db.allocatedStorageGb,
    maxAllocatedStorageGb: db.maxAllocatedStorageGb,
    subnetIds: network.dataSubnetIds,
    securityGroupId: securityGroups.databaseSecurityGroupId,
    kmsKeyArn: keys.data.keyArn,
    monitoringRoleName: names.databaseMonitoringRole,
    backupTags: { [names.backupSelectionTag.key]: names.backupSelectionTag.value },
  });
  const redis = new Redis(stack, "redis", {
    replicationGroupId: names.cache,
    nodeType: tier.cache.nodeType,
    multiAz: tier.cache.multiAz,
    preferredAvailabilityZones: computeAz && tier.cache.replicas === 0 ? [computeAz] : undefined,
    replicas: tier.cache.replicas,
    snapshotRetentionDays: tier.cache.snapshotRetentionDays,
    subnetIds: network.dataSubnetIds,
    securityGroupId: securityGroups.cacheSecurityGroupId,
    kmsKeyArn: keys.data.keyArn,
    appUserName: names.cacheAppUser,
  });
  const docdb = tier.documentDb && securityGroups.documentDbSecurityGroupId
    ? new DocumentDb(stack, "documentdb", {
        identifier: names.documentDb,
        engineVersion: tier.documentDb.engineVersion,
        instanceClass: tier.documentDb.instanceClass,
        instances: tier.documentDb.instances,
        backupRetentionDays: tier.documentDb.backupRetentionDays,
        backupWindow: "03:00-04:00",
        subnetIds: network.dataSubnetIds,
        securityGroupId: securityGroups.documentDbSecurityGroupId,
        kmsKeyArn: keys.data.keyArn,
        backupTags: { [names.backupSelectionTag.key]: names.backupSelectionTag.value },
      })
    : undefined;
  return [...postgres.alarms, ...redis.alarms, ...(docdb?.alarms ?? [])];
}
