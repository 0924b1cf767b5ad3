import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "../iam-role";
import { pinAddress, protect } from "../lib/address";
import type { AlarmSpec } from "../alarms";

export interface PostgresProps {
  readonly identifier: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly multiAz: boolean;
  /** Pin a Single-AZ primary to this AZ (next to single-AZ compute). Changing it replaces the instance. @default AWS picks the AZ */
  readonly availabilityZone?: string;
  readonly readReplicas: number;
  readonly backupRetentionDays: number;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  readonly monitoringRoleName: string;
  /** Tags AWS Backup selects on. */
  readonly backupTags: Record<string, string>;
}

/**
 * RDS PostgreSQL: gp3 with storage autoscaling, KMS, TLS forced, IAM auth, master password in Secrets Manager,
 * Performance Insights (KMS), enhanced monitoring, log exports, and every data-loss guard (deletion protection, final
 * snapshot, automated backups kept, prevent_destroy).
 */
export class Postgres extends Construct {
  readonly instanceIdentifier: string;
  readonly replicaIdentifiers: string[];
  /** CPU, free storage (below 5 GiB) and connections of the primary. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const major = props.engineVersion.split(".")[0];
    const params = pinAddress(
      new DbParameterGroup(this, "params", {
        name: `${props.identifier}-pg${major}`,
        family: `postgres${major}`,
        description: "TLS only, DDL and slow statements logged",
        parameter: [
          { name: "rds.force_ssl", value: "1" },
          { name: "log_statement", value: "ddl" },
          { name: "log_min_duration_statement", value: "1000" },
          { name: "log_connections", value: "1" },
        ],
        lifecycle: { createBeforeDestroy: true },
      }),
      id,
    );
    const subnets = pinAddress(new DbSubnetGroup(this, "subnets", { name: props.identifier, subnetIds: props.subnetIds, description: "private data subnets" }), id);
    const monitoring = new IamRole(this, `${id}_monitoring`, {
      roleName: props.monitoringRoleName,
      description: "RDS enhanced monitoring",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"],
    });
    const common = {
      instanceClass: props.instanceClass,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: params.name,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn: monitoring.roleArn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      storageType: "gp3",
      tags: props.backupTags,
    };
    const primary = protect(
      new DbInstance(this, "primary", {
        ...common,
        identifier: props.identifier,
        engine: "postgres",
        engineVersion: props.engineVersion,
        allocatedStorage: props.allocatedStorageGb,
        maxAllocatedStorage: props.maxAllocatedStorageGb,
        multiAz: props.multiAz,
        availabilityZone: props.multiAz ? undefined : props.availabilityZone,
        dbSubnetGroupName: subnets.name,
        dbName: "app",
        username: "app_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: props.kmsKeyArn,
        backupRetentionPeriod: props.backupRetentionDays,
        backupWindow: "02:00-03:00",
        maintenanceWindow: "sun:03:30-sun:04:30",
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${props.identifier}-final`,
        deleteAutomatedBackups: false,
      }),
      id,
    );
    this.instanceIdentifier = props.identifier;
    const dimensions = { DBInstanceIdentifier: props.identifier };
    this.alarms = [
      { name: "rds-cpu", description: "PostgreSQL CPU %", namespace: "AWS/RDS", metricName: "CPUUtilization",
        dimensions, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" },
      { name: "rds-free-storage", description: "PostgreSQL free storage (bytes)", namespace: "AWS/RDS", metricName: "FreeStorageSpace",
        dimensions, statistic: "Minimum", threshold: 5 * 1024 ** 3, comparison: "LessThanThreshold" },
      { name: "rds-connections", description: "PostgreSQL connections", namespace: "AWS/RDS", metricName: "DatabaseConnections",
        dimensions, statistic: "Maximum", threshold: 400, comparison: "GreaterThanThreshold" },
    ];
    this.replicaIdentifiers = Array.from({ length: props.readReplicas }, (_, i) => {
      const identifier = `${props.identifier}-replica-${i + 1}`;
      protect(
        new DbInstance(this, `replica-${i + 1}`, {
          ...common,
          identifier,
          replicateSourceDb: primary.identifier,
          skipFinalSnapshot: true, // a replica's data is the primary's; its final snapshot would duplicate the primary's
          deleteAutomatedBackups: false,
        }),
        `${id}_replica_${i + 1}`,
      );
      return identifier;
    });
  }
}
