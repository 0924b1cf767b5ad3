import { accountByName, kmsAliasArn, replicationNames } from "../../config";
import type { AlarmSpec } from "../../modules/alarms";
import { toLogicalId } from "../../modules/lib/address";
import { ReplicaDestination, ReplicationSource } from "../../modules/s3-replication";
import type { AccessLogTarget } from "../access-logs";
import type { WorkloadContext } from "./context";
import type { WorkloadKeys } from "./keys";

/** Cross-account replication of a data subset (DRI): the source side here, the destination side there. Returns the source's alarms. */
export function addReplications({ stack, config, account, accountId }: WorkloadContext, keys: WorkloadKeys, accessLogs: AccessLogTarget): AlarmSpec[] {
  const alarms: AlarmSpec[] = [];
  for (const r of config.dataReplication) {
    if (r.source !== account.name && r.destination !== account.name) continue;
    const src = accountByName(config, r.source);
    const dst = accountByName(config, r.destination);
    const n = replicationNames(config, r.name, { name: src.name, id: src.id! }, { name: dst.name, id: dst.id! });
    if (r.source === account.name) {
      const replication = new ReplicationSource(stack, toLogicalId(`replication_${r.name}`), {
        bucketName: n.sourceBucket,
        accessLogs: accessLogs(n.sourceBucket),
        kmsKeyArn: keys.data.keyArn,
        roleName: n.role,
        filters: r.filters,
        alarmName: r.name,
        maxLatencySeconds: r.maxLatencyMinutes * 60,
        destination: { accountId: dst.id!, bucketName: n.destinationBucket, kmsKeyAlias: n.replicaKeyAlias, kmsKeyAliasArn: kmsAliasArn(dst.region, dst.id!, n.replicaKeyAlias) },
      });
      alarms.push(...replication.alarms);
    } else {
      new ReplicaDestination(stack, toLogicalId(`replica_${r.name}`), {
        accountId,
        bucketName: n.destinationBucket,
        accessLogs: accessLogs(n.destinationBucket),
        kmsKeyAlias: n.replicaKeyAlias,
        source: { accountId: src.id!, roleArn: n.roleArn },
      });
    }
  }
  return alarms;
}
