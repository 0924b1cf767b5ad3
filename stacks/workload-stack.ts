import type { Construct } from "constructs";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { TerraformOutput } from "cdktf";
import {
  accountByName,
  accountZoneName,
  kmsAliasArn,
  replicationNames,
  availabilityZoneNames,
  backupCopyRegion,
  ecrImage,
  kmsAlias,
  planSubnets,
  secretEnvName,
  parentZone,
  servicesAccount,
  tierSettings,
  workloadNames,
} from "../config";
import { LoadBalancer, albLogDeliveryStatement } from "../modules/alb";
import { Alarms, type AlarmSpec } from "../modules/alarms";
import { BackupPlan, BackupVault } from "../modules/backup";
import { DnsValidatedCertificate } from "../modules/certificate";
import { Cdn } from "../modules/cdn";
import { EcsPlatform } from "../modules/ecs-platform";
import { EksPlatform } from "../modules/eks";
import { cloudWatchLogsKeyStatement, KmsKey, topicPublisherKeyStatement } from "../modules/kms-key";
import { pinAddress, protect, toLogicalId } from "../modules/lib/address";
import { ReplicaDestination, ReplicationSource } from "../modules/s3-replication";
import { s3BucketArn, type PolicyStatement } from "../modules/lib/policy";
import { Network } from "../modules/network";
import { Postgres } from "../modules/postgres";
import { Redis } from "../modules/redis";
import { SecureBucket } from "../modules/secure-bucket";
import { SecurityGroupChain } from "../modules/security-groups";
import { addAccessLogBucket } from "./access-logs";
import { AccountStack, type AccountStackProps } from "./account-stack";

/**
 * A workload account (nonprod or prod tier), sized by the tier's settings: network, security-group chain, DNS zone,
 * certificate and ALB, ECS Fargate or EKS, PostgreSQL, Redis, per-account KMS keys, backups (copied to a second
 * region where the tier says so), secrets, alarms and a dashboard.
 */
export class WorkloadStack extends AccountStack {
  readonly network: Network;
  readonly dataKey: KmsKey;
  readonly logsKey: KmsKey;
  readonly backupsKey: KmsKey;

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config, account } = this;
    const tier = tierSettings(config, account.tier);
    const accountId = this.accountId;
    const names = workloadNames(config, account);
    const isProd = account.tier === "prod";

    // Keys: one per purpose, never shared with another account.
    this.dataKey = new KmsKey(this, "data_key", {
      accountId,
      alias: kmsAlias(config, "data"),
      description: `Data at rest in ${account.name} (databases, caches, queues, secrets)`,
    });
    this.logsKey = new KmsKey(this, "logs_key", {
      accountId,
      alias: kmsAlias(config, "logs"),
      description: `CloudWatch Logs and the alarm topic of ${account.name}`,
      statements: [cloudWatchLogsKeyStatement(account.region, accountId), cloudWatchAlarmsKeyStatement()],
    });
    this.backupsKey = new KmsKey(this, "backups_key", { accountId, alias: kmsAlias(config, "backups"), description: `AWS Backup vault of ${account.name}` });

    // Compute runs in azCount AZs; the ALB and the database/cache subnet groups always span at least two (AWS
    // rejects an ALB or a DB subnet group in one AZ), which costs nothing: the extra subnets hold no NAT.
    const azCount = tier.network.azCount;
    const subnetAzCount = Math.max(azCount, 2);
    const plan = planSubnets(account.network!.cidr, subnetAzCount);
    this.network = new Network(this, "network", {
      name: account.name,
      cidr: account.network!.cidr,
      availabilityZones: availabilityZoneNames(account.region, subnetAzCount),
      subnets: { ...plan, app: plan.app.slice(0, azCount) },
      natGateways: tier.network.natGateways,
      region: account.region,
      interfaceEndpoints: tier.network.interfaceEndpoints,
      flowLogs: { kmsKeyArn: this.logsKey.keyArn, roleName: names.flowLogsRole, retentionDays: 365 },
    });
    const sg = new SecurityGroupChain(this, "sg", { name: account.name, vpcId: this.network.vpcId, appPort: config.app.apiPort });

    // DNS and TLS: the account's own zone (delegated from the shared-services parent zone), api.<zone> on the ALB.
    const zoneName = accountZoneName(config, account);
    const zone = this.publicZone("account_zone", zoneName, `${account.name}; delegated from ${parentZone(config, account)!.zoneName}`);
    new TerraformOutput(this, "zone_name_servers", { value: zone.nameServers, description: `NS records delegating ${zoneName}` });
    this.delegateFromParent(zone);
    const apiName = `api.${zoneName}`;
    const certificate = new DnsValidatedCertificate(this, "api_certificate", { domainName: apiName, zoneId: zone.zoneId });
    const albLogsBucketName = names.albLogsBucket(accountId);
    const accessLogs = addAccessLogBucket(this, config, accountId);
    const albLogs = new SecureBucket(this, "alb_logs", {
      bucketName: albLogsBucketName,
      accessLogs: accessLogs(albLogsBucketName),
      kmsKeyArn: "SSE-S3", // ALB access logs cannot be delivered to SSE-KMS buckets
      noncurrentVersionExpirationDays: 30,
      transitions: [{ days: 90, storageClass: "GLACIER_IR" }],
      policyStatements: [albLogDeliveryStatement(account.region, s3BucketArn(albLogsBucketName), accountId)],
    });
    const alb = new LoadBalancer(this, "alb", {
      name: account.name,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnetIds,
      securityGroupId: sg.albSecurityGroupId,
      certificateArn: certificate.certificateArn,
      accessLogsBucket: albLogs.bucketName,
      deletionProtection: isProd,
      targetPort: config.app.apiPort,
      healthCheckPath: config.app.healthCheckPath,
    });
    pinAddress(
      new Route53Record(this, "api-record", {
        zoneId: zone.zoneId,
        name: apiName,
        type: "A",
        alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
      }),
      "api",
    );

    // Third-party secrets: created empty, values set out of band (never in Terraform state).
    const secrets = Object.fromEntries(
      config.app.secrets.map((s) => {
        const secret = protect(
          new SecretsmanagerSecret(this, `secret-${s.name}`, {
            name: names.secret(s.name),
            description: s.description || s.name,
            kmsKeyId: this.dataKey.keyArn,
            recoveryWindowInDays: 30,
          }),
          `secret_${s.name.replace(/-/g, "_")}`,
        );
        return [secretEnvName(s.name), secret.arn];
      }),
    );

    const alarms: AlarmSpec[] = [
      { name: "alb-5xx", description: "ALB target 5xx responses", namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count",
        dimensions: { LoadBalancer: alb.arnSuffix }, statistic: "Sum", threshold: 10, comparison: "GreaterThanThreshold" },
      { name: "alb-latency-p95", description: "ALB target response time p95 (s)", namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: alb.arnSuffix }, statistic: "Average", extendedStatistic: "p95", threshold: 1.5, comparison: "GreaterThanThreshold" },
    ];

    if (tier.ingress.cloudfront) {
      const usEast1 = this.usEast1Provider();
      new Cdn(this, "cdn", { domainName: `www.${zoneName}`, originDomainName: apiName, zoneId: zone.zoneId, usEast1 });
    }

    // Tenants (eurus): <tenant>.<zone> → its own target group and service, everything tagged tenant=<name>.
    const tenants = config.tenants.map((t, i) => {
      const host = `${t.name}.${zoneName}`;
      const tags = { tenant: t.name };
      const cert = new DnsValidatedCertificate(this, toLogicalId(`tenant_${t.name}_certificate`), { domainName: host, zoneId: zone.zoneId });
      pinAddress(
        new Route53Record(this, `tenant-${t.name}-record`, { zoneId: zone.zoneId, name: host, type: "A", alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true } }),
        toLogicalId(`tenant_${t.name}`),
      );
      const targetGroupArn = alb.addHostRoute(toLogicalId(`tenant-${t.name}`), {
        host, port: config.app.apiPort, healthCheckPath: config.app.healthCheckPath, priority: 100 + i, certificateArn: cert.certificateArn, tags,
      });
      return { ...t, port: config.app.apiPort, targetGroupArn };
    });

    if (tier.compute.platform === "ecs") {
      const ecrAccountId = servicesAccount(config, account.tier).id!;
      const ecs = new EcsPlatform(this, "ecs", {
        name: names.cluster,
        region: account.region,
        subnetIds: this.network.appSubnetIds,
        securityGroupId: sg.appSecurityGroupId,
        logsKmsKeyArn: this.logsKey.keyArn,
        dataKmsKeyArn: this.dataKey.keyArn,
        logRetentionDays: tier.observability.logRetentionDays,
        api: { ...tier.compute.api!, image: ecrImage(config, ecrAccountId, config.app.images!.api), port: config.app.apiPort },
        workers: { ...tier.compute.workers!, image: ecrImage(config, ecrAccountId, config.app.images!.workers) },
        loadBalancer: { targetGroupArn: alb.targetGroupArn, albArnSuffix: alb.arnSuffix, targetGroupArnSuffix: alb.targetGroupArnSuffix },
        secrets,
        roleNames: names.ecsRoles,
        tenants: tenants.map((t) => ({ ...t, image: ecrImage(config, ecrAccountId, t.image) })),
        tenantTaskRoleName: names.tenantsTaskRole,
        tracing: tier.observability.tracing,
      });
      for (const svc of ["api", "workers"] as const) {
        alarms.push(
          { name: `ecs-${svc}-cpu`, description: `ECS ${svc} CPU %`, namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: { ClusterName: ecs.clusterName, ServiceName: svc }, statistic: "Average", threshold: 85, comparison: "GreaterThanThreshold" },
          { name: `ecs-${svc}-memory`, description: `ECS ${svc} memory %`, namespace: "AWS/ECS", metricName: "MemoryUtilization",
            dimensions: { ClusterName: ecs.clusterName, ServiceName: svc }, statistic: "Average", threshold: 85, comparison: "GreaterThanThreshold" },
        );
      }
      alarms.push({ name: "jobs-dlq-depth", description: "Jobs in the dead-letter queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: ecs.deadLetterQueueName }, statistic: "Maximum", threshold: 0, comparison: "GreaterThanThreshold", evaluationPeriods: 1 });
    } else {
      const eks = tier.compute.eks!;
      new EksPlatform(this, "eks", {
        clusterName: names.cluster,
        version: eks.version,
        subnetIds: this.network.appSubnetIds,
        securityGroupIds: [sg.appSecurityGroupId],
        publicAccessCidrs: eks.publicAccessCidrs,
        kmsKeyArn: this.dataKey.keyArn,
        logsKmsKeyArn: this.logsKey.keyArn,
        logRetentionDays: tier.observability.logRetentionDays,
        systemNodes: eks.systemNodes,
        appNodes: eks.appNodes,
        roleNames: names.eksRoles,
      });
    }

    const backupTags = { [names.backupSelectionTag.key]: names.backupSelectionTag.value };
    const db = tier.database;
    // With compute in one AZ, the database and the cache sit in that AZ too (no cross-AZ hop, no cross-AZ charges).
    // Only then: pinning an AZ on an existing instance would replace it.
    const computeAz = azCount === 1 ? availabilityZoneNames(account.region, 1)[0] : undefined;
    const postgres = new Postgres(this, "postgres", {
      identifier: names.database,
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      multiAz: db.multiAz,
      availabilityZone: computeAz,
      readReplicas: db.readReplicas,
      backupRetentionDays: db.backupRetentionDays,
      allocatedStorageGb: db.allocatedStorageGb,
      maxAllocatedStorageGb: db.maxAllocatedStorageGb,
      subnetIds: this.network.dataSubnetIds,
      securityGroupId: sg.databaseSecurityGroupId,
      kmsKeyArn: this.dataKey.keyArn,
      monitoringRoleName: names.databaseMonitoringRole,
      backupTags,
    });
    const redis = new Redis(this, "redis", {
      replicationGroupId: names.cache,
      nodeType: tier.cache.nodeType,
      multiAz: tier.cache.multiAz,
      preferredAvailabilityZones: computeAz && tier.cache.replicas === 0 ? [computeAz] : undefined,
      replicas: tier.cache.replicas,
      snapshotRetentionDays: tier.cache.snapshotRetentionDays,
      subnetIds: this.network.dataSubnetIds,
      securityGroupId: sg.cacheSecurityGroupId,
      kmsKeyArn: this.dataKey.keyArn,
      appUserName: names.cacheAppUser,
    });
    alarms.push(
      { name: "rds-cpu", description: "PostgreSQL CPU %", namespace: "AWS/RDS", metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: postgres.instanceIdentifier }, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" },
      { name: "rds-free-storage", description: "PostgreSQL free storage (bytes)", namespace: "AWS/RDS", metricName: "FreeStorageSpace",
        dimensions: { DBInstanceIdentifier: postgres.instanceIdentifier }, statistic: "Minimum", threshold: 5 * 1024 ** 3, comparison: "LessThanThreshold" },
      { name: "rds-connections", description: "PostgreSQL connections", namespace: "AWS/RDS", metricName: "DatabaseConnections",
        dimensions: { DBInstanceIdentifier: postgres.instanceIdentifier }, statistic: "Maximum", threshold: 400, comparison: "GreaterThanThreshold" },
      { name: "redis-cpu", description: "Redis engine CPU %", namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization",
        dimensions: { CacheClusterId: `${redis.replicationGroupId}-001` }, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold" },
      { name: "redis-evictions", description: "Redis evictions", namespace: "AWS/ElastiCache", metricName: "Evictions",
        dimensions: { CacheClusterId: `${redis.replicationGroupId}-001` }, statistic: "Sum", threshold: 100, comparison: "GreaterThanThreshold" },
    );

    // Cross-account replication of a data subset (DRI): the source side here, the destination side there.
    for (const r of config.dataReplication) {
      if (r.source !== account.name && r.destination !== account.name) continue;
      const src = accountByName(config, r.source);
      const dst = accountByName(config, r.destination);
      const n = replicationNames(config, r.name, { name: src.name, id: src.id! }, { name: dst.name, id: dst.id! });
      if (r.source === account.name) {
        const replication = new ReplicationSource(this, toLogicalId(`replication_${r.name}`), {
          bucketName: n.sourceBucket,
          accessLogs: accessLogs(n.sourceBucket),
          kmsKeyArn: this.dataKey.keyArn,
          roleName: n.role,
          filters: r.filters,
          destination: { accountId: dst.id!, bucketName: n.destinationBucket, kmsKeyAlias: n.replicaKeyAlias, kmsKeyAliasArn: kmsAliasArn(dst.region, dst.id!, n.replicaKeyAlias) },
        });
        for (const ruleId of replication.ruleIds) {
          const dims = { SourceBucket: n.sourceBucket, DestinationBucket: n.destinationBucket, RuleId: ruleId };
          alarms.push(
            { name: `replication-${r.name}-${ruleId}-failed`, description: `Failed replications ${r.name}/${ruleId}`, namespace: "AWS/S3",
              metricName: "OperationsFailedReplication", dimensions: dims, statistic: "Sum", threshold: 0, comparison: "GreaterThanThreshold", evaluationPeriods: 1 },
            { name: `replication-${r.name}-${ruleId}-late`, description: `Replication latency ${r.name}/${ruleId} (s)`, namespace: "AWS/S3",
              metricName: "ReplicationLatency", dimensions: dims, statistic: "Maximum", threshold: r.maxLatencyMinutes * 60, comparison: "GreaterThanThreshold" },
          );
        }
      } else {
        new ReplicaDestination(this, toLogicalId(`replica_${r.name}`), {
          accountId,
          bucketName: n.destinationBucket,
          accessLogs: accessLogs(n.destinationBucket),
          kmsKeyAlias: n.replicaKeyAlias,
          source: { accountId: src.id!, roleArn: n.roleArn },
        });
      }
    }

    // Backups: a vault here; prod tiers copy every recovery point to a second region, under a key that lives there.
    const vault = new BackupVault(this, "backup_vault", { vaultName: names.backupVault, kmsKeyArn: this.backupsKey.keyArn });
    const copyRegion = backupCopyRegion(tier.backup.crossRegionCopy, account.region);
    let copyVaultArn: string | undefined;
    if (copyRegion) {
      const copyProvider = this.aliasedProvider("aws-backup-copy", { alias: "backup_copy", region: copyRegion, purpose: "copy" });
      const copyKey = new KmsKey(this, "backups_copy_key", {
        accountId,
        alias: kmsAlias(config, "backups-copy"),
        description: `Cross-region copies of ${account.name}'s backups (${copyRegion})`,
        provider: copyProvider,
      });
      copyVaultArn = new BackupVault(this, "backup_copy_vault", { vaultName: names.backupCopyVault, kmsKeyArn: copyKey.keyArn, provider: copyProvider }).vaultArn;
    }
    new BackupPlan(this, "backup_plan", {
      planName: names.backupPlan,
      vaultName: vault.vaultName,
      schedule: tier.backup.schedule,
      retentionDays: tier.backup.retentionDays,
      copyToVaultArn: copyVaultArn,
      selectionTag: names.backupSelectionTag,
      roleName: names.backupRole,
    });

    new Alarms(this, "alarms", {
      topicName: names.alarmTopic,
      kmsKeyArn: this.logsKey.keyArn,
      emails: tier.observability.alarmEmails,
      dashboardName: names.dashboard,
      region: account.region,
      alarms,
    });
  }
}

/** CloudWatch alarms publish to the KMS-encrypted alarm topic. */
const cloudWatchAlarmsKeyStatement = (): PolicyStatement => topicPublisherKeyStatement("CloudWatchAlarmsPublishToEncryptedTopic", "cloudwatch.amazonaws.com");
