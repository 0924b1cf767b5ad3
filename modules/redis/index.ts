import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { pinAddress, protect } from "../lib/address";
import type { AlarmSpec } from "../alarms";

export interface RedisProps {
  readonly replicationGroupId: string;
  readonly nodeType: string;
  readonly multiAz: boolean;
  /** AZs of the nodes, primary first (next to single-AZ compute). Changing them replaces the group. @default AWS spreads the nodes */
  readonly preferredAvailabilityZones?: string[];
  readonly replicas: number;
  readonly snapshotRetentionDays: number;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  /** The application's Redis user, authenticated with IAM (no password in state). */
  readonly appUserName: string;
}

/**
 * ElastiCache Redis (OSS engine 7): replication group with at-rest (KMS) and in-transit encryption, RBAC with an
 * IAM-authenticated app user and a disabled default user, Multi-AZ with automatic failover when asked, snapshots.
 */
export class Redis extends Construct {
  readonly replicationGroupId: string;
  /** Engine CPU and evictions of the primary node. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const subnets = pinAddress(new ElasticacheSubnetGroup(this, "subnets", { name: props.replicationGroupId, subnetIds: props.subnetIds }), id);
    const defaultUser = pinAddress(
      new ElasticacheUser(this, "default-user", {
        userId: `${props.replicationGroupId}-default`.slice(0, 40),
        userName: "default",
        engine: "REDIS",
        accessString: "off -@all",
        authenticationMode: { type: "no-password-required" },
      }),
      `${id}_default`,
    );
    const appUser = pinAddress(
      new ElasticacheUser(this, "app-user", {
        userId: props.appUserName,
        userName: props.appUserName,
        engine: "REDIS",
        accessString: "on ~* +@all -@dangerous",
        authenticationMode: { type: "iam" },
      }),
      `${id}_app`,
    );
    const group = pinAddress(
      new ElasticacheUserGroup(this, "users", { userGroupId: props.replicationGroupId, engine: "REDIS", userIds: [defaultUser.userId, appUser.userId] }),
      id,
    );
    protect(
      new ElasticacheReplicationGroup(this, "group", {
        replicationGroupId: props.replicationGroupId,
        description: "application cache",
        engine: "redis",
        engineVersion: "7.1",
        nodeType: props.nodeType,
        numCacheClusters: 1 + props.replicas,
        preferredCacheClusterAzs: props.preferredAvailabilityZones,
        port: 6379,
        automaticFailoverEnabled: props.multiAz,
        multiAzEnabled: props.multiAz,
        atRestEncryptionEnabled: "true",
        kmsKeyId: props.kmsKeyArn,
        transitEncryptionEnabled: true,
        userGroupIds: [group.userGroupId],
        subnetGroupName: subnets.name,
        securityGroupIds: [props.securityGroupId],
        snapshotRetentionLimit: props.snapshotRetentionDays,
        snapshotWindow: "01:00-02:00",
        autoMinorVersionUpgrade: "true",
        applyImmediately: false,
        finalSnapshotIdentifier: `${props.replicationGroupId}-final`,
      }),
      id,
    );
    this.replicationGroupId = props.replicationGroupId;
    const primary = { CacheClusterId: `${props.replicationGroupId}-001` };
    this.alarms = [
      { name: "redis-cpu", description: "Redis engine CPU %", namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization",
        dimensions: primary, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" },
      { name: "redis-evictions", description: "Redis evictions", namespace: "AWS/ElastiCache", metricName: "Evictions",
        dimensions: primary, statistic: "Sum", threshold: 100, comparison: "GreaterThanThreshold" },
    ];
  }
}
