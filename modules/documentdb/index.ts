import { Construct } from "constructs";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { DocdbClusterParameterGroup } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { DocdbSubnetGroup } from "@cdktf/provider-aws/lib/docdb-subnet-group";
import { pinAddress, protect } from "../lib/address";
import type { AlarmSpec } from "../alarms";


export interface DocumentDbProps {
  readonly identifier: string;
  /** DocumentDB engine version, e.g. 5.0.0 (the parameter group family follows its major.minor). */
  readonly engineVersion: string;
  readonly instanceClass: string;
  /** Instances in the cluster: one writer, the rest readers spread over the subnets' AZs. */
  readonly instances: number;
  readonly backupRetentionDays: number;
  /** Daily backup window (UTC), hh24:mi-hh24:mi. */
  readonly backupWindow: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  /** Tags AWS Backup selects on. */
  readonly backupTags: Record<string, string>;
}

/**
 * Amazon DocumentDB: KMS-encrypted, TLS required and audit and profiler logs on (cluster parameter group, exported to
 * CloudWatch Logs), the master password managed by AWS in Secrets Manager (never in state), backups kept for the tier's
 * window, deletion protection and a final snapshot, and prevent_destroy on the cluster and its instances.
 */
export class DocumentDb extends Construct {
  readonly clusterIdentifier: string;
  /** CPU, free memory, connections and replica lag. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: DocumentDbProps) {
    super(scope, id);
    const family = `docdb${props.engineVersion.split(".").slice(0, 2).join(".")}`;
    const params = pinAddress(
      new DocdbClusterParameterGroup(this, "params", {
        name: `${props.identifier}-${family.replace(".", "-")}`,
        family,
        description: "TLS required; audit and profiler logs on",
        parameter: [
          { name: "tls", value: "enabled" },
          { name: "audit_logs", value: "enabled" },
          { name: "profiler", value: "enabled" },
          { name: "profiler_threshold_ms", value: "200" },
        ],
        lifecycle: { createBeforeDestroy: true },
      }),
      id,
    );
    const subnets = pinAddress(new DocdbSubnetGroup(this, "subnets", { name: props.identifier, subnetIds: props.subnetIds, description: "private data subnets" }), id);
    const cluster = protect(
      new DocdbCluster(this, "cluster", {
        clusterIdentifier: props.identifier,
        engine: "docdb",
        engineVersion: props.engineVersion,
        masterUsername: "app_admin",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        kmsKeyId: props.kmsKeyArn,
        dbSubnetGroupName: subnets.name,
        dbClusterParameterGroupName: params.name,
        vpcSecurityGroupIds: [props.securityGroupId],
        backupRetentionPeriod: props.backupRetentionDays,
        preferredBackupWindow: props.backupWindow,
        preferredMaintenanceWindow: "sun:04:30-sun:05:30",
        enabledCloudwatchLogsExports: ["audit", "profiler"],
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${props.identifier}-final`,
        tags: props.backupTags,
      }),
      id,
    );
    for (let i = 1; i <= props.instances; i++) {
      protect(
        new DocdbClusterInstance(this, `instance-${i}`, {
          identifier: `${props.identifier}-${i}`,
          clusterIdentifier: cluster.clusterIdentifier,
          instanceClass: props.instanceClass,
          autoMinorVersionUpgrade: true,
          promotionTier: i - 1,
        }),
        `${id}_${i}`,
      );
    }
    this.clusterIdentifier = props.identifier;
    const dimensions = { DBClusterIdentifier: props.identifier };
    this.alarms = [
      { name: "docdb-cpu", description: "DocumentDB CPU %", namespace: "AWS/DocDB", metricName: "CPUUtilization", dimensions, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" },
      { name: "docdb-free-memory", description: "DocumentDB freeable memory (bytes)", namespace: "AWS/DocDB", metricName: "FreeableMemory", dimensions, statistic: "Minimum", threshold: 256 * 1024 ** 2, comparison: "LessThanThreshold" },
      { name: "docdb-connections", description: "DocumentDB connections", namespace: "AWS/DocDB", metricName: "DatabaseConnections", dimensions, statistic: "Maximum", threshold: 400, comparison: "GreaterThanThreshold" },
      ...(props.instances > 1
        ? [{ name: "docdb-replica-lag", description: "DocumentDB replica lag (ms)", namespace: "AWS/DocDB", metricName: "DBClusterReplicaLagMaximum", dimensions, statistic: "Maximum" as const, threshold: 1000, comparison: "GreaterThanThreshold" as const }]
        : []),
    ];
  }
}
