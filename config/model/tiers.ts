import { z } from "zod";
import { Region } from "./common";

/** Fargate task size; the allowed cpu/memory pairs are checked by the loader's rules. */
export const FargateServiceSchema = z.strictObject({
  cpu: z.literal([256, 512, 1024, 2048, 4096, 8192, 16384]).describe("Fargate CPU units"),
  memory: z.number().int().min(512).max(122880).describe("MiB; must be valid for the cpu value"),
  minTasks: z.number().int().min(0).max(1000),
  maxTasks: z.number().int().min(1).max(1000),
});
export type FargateServiceConfig = z.infer<typeof FargateServiceSchema>;

const NodeGroupSchema = z.strictObject({
  instanceTypes: z.array(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, "an EC2 instance type such as m6g.large")).min(1),
  minSize: z.number().int().min(0).max(1000),
  maxSize: z.number().int().min(1).max(1000),
});

export const EksSchema = z.strictObject({
  version: z.string().regex(/^1\.\d+$/, "an EKS version such as 1.31").default("1.31"),
  /** The API endpoint is private; these CIDRs may also reach it publicly. */
  publicAccessCidrs: z.array(z.string()).default([]),
  systemNodes: NodeGroupSchema,
  appNodes: NodeGroupSchema,
});

export const TierSettingsSchema = z.strictObject({
  network: z.strictObject({
    azCount: z.number().int().min(1).max(6).describe("Availability zones the VPC spans; prod needs ≥ 2"),
    natGateways: z.enum(["single", "per-az", "none"]).describe("single: one shared NAT; per-az: one per AZ; none: no egress"),
    interfaceEndpoints: z.array(z.enum(["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts", "kms", "sqs"])).default([])
      .describe("VPC interface endpoints"),
  }),
  compute: z.strictObject({
    platform: z.enum(["ecs", "eks"]).default("ecs"),
    api: FargateServiceSchema.optional().describe("Required when platform is ecs"),
    workers: FargateServiceSchema.optional().describe("Required when platform is ecs"),
    eks: EksSchema.optional().describe("Required when platform is eks"),
  }),
  database: z.strictObject({
    engineVersion: z.string().regex(/^[1-9]\d(\.\d+)?$/, "a PostgreSQL version of major 10 or later, such as 16.4 or 17").default("16.4"),
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "RDS instance class such as db.t4g.small"),
    multiAz: z.boolean(),
    readReplicas: z.number().int().min(0).max(5).default(0),
    backupRetentionDays: z.number().int().describe("PITR window in days, 1–35"),
    allocatedStorageGb: z.number().int().min(20).max(65536).default(20),
    maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(100),
  }),
  documentDb: z
    .strictObject({
      engineVersion: z.string().regex(/^([3-9]|[1-9]\d)\.\d+\.\d+$/, "a DocumentDB engine version such as 5.0.0 (3.6.0 or later)").default("5.0.0"),
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "a DocumentDB instance class such as db.t4g.medium"),
      instances: z.number().int().min(1).max(16, "at most 16 instances (AWS's limit)").describe("One writer, the rest readers across AZs; prod needs at least 2"),
      backupRetentionDays: z.number().int().min(1).max(35, "at most 35 days (AWS's limit)").default(7),
    })
    .optional()
    .describe("Amazon DocumentDB (MongoDB-compatible) in the data subnets, reachable only from the app"),
  cache: z.strictObject({
    nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "ElastiCache node type such as cache.t4g.micro"),
    multiAz: z.boolean(),
    replicas: z.number().int().min(0).max(5).default(0).describe("Read replicas per shard; Multi-AZ needs ≥ 1"),
    snapshotRetentionDays: z.number().int().min(0).max(35).default(1),
  }),
  backup: z.strictObject({
    retentionDays: z.number().int().describe("AWS Backup retention in days, 1–35"),
    schedule: z.string().regex(/^cron\(.+\)$/, "an AWS cron expression such as cron(0 3 * * ? *)").default("cron(0 3 * * ? *)")
      .describe("When AWS Backup runs (UTC); RPO = its interval"),
    crossRegionCopy: z.array(Region).default([])
      .describe("Copy backups to the first of these regions that is not the account's own, encrypted with a key there"),
    vaultLock: z
      .strictObject({
        mode: z.enum(["compliance", "governance"]).default("compliance")
          .describe("compliance: after 3 days nobody (not root, not AWS) can remove the lock or delete early; governance: privileged IAM can"),
        minRetentionDays: z.number().int().min(1).max(36500).optional().describe("Default: retentionDays"),
        maxRetentionDays: z.number().int().min(1).max(36500).optional().describe("Default: 35"),
      })
      .optional()
      .describe("AWS Backup Vault Lock on the tier's vaults (and copy vault); prod gets compliance mode by default"),
  }),
  ingress: z
    .strictObject({
      cloudfront: z.boolean().default(false).describe("CloudFront in front of the ALB at www.<zone> (certificate in us-east-1)"),
      apiGateway: z
        .strictObject({
          burstLimit: z.number().int().min(1).max(10_000, "at most 10000 (the account's default quota)").default(100).describe("Requests in a burst"),
          rateLimit: z.number().min(1).max(10_000, "at most 10000 requests a second (the account's default quota)").default(50).describe("Steady requests a second"),
        })
        .optional()
        .describe("An HTTP API at api.<zone> in front of the ALB (VPC link), throttled and access-logged; the ALB then answers at origin.<zone>"),
    })
    .default({ cloudfront: false }),
  observability: z
    .strictObject({
      logRetentionDays: z.literal([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]).default(365),
      alarmEmails: z.array(z.email("must be an e-mail address")).default([]).describe("Subscribers of the account's alarm topic"),
      tracing: z.boolean().default(false).describe("AWS X-Ray: a daemon sidecar in every ECS task, write access for the task roles"),
    })
    .default({ logRetentionDays: 365, alarmEmails: [], tracing: false }),
  deploy: z.strictObject({
    branch: z.string().regex(/^[A-Za-z0-9._/-]+$/, "a git branch name").describe("Pushes to this branch deploy the tier"),
    requireApproval: z.boolean().describe("Apply only through the protected GitHub environment"),
    environment: z.string().max(255, "GitHub environment names: at most 255 characters").regex(/^[A-Za-z0-9._-]+$/, "a GitHub environment name: letters, digits and ._-").optional().describe("GitHub environment the tier's plan and apply jobs run in; default production (prod) / nonprod (nonprod)"),
  }),
});
export type TierSettings = z.infer<typeof TierSettingsSchema>;

export const TiersSchema = z.strictObject({
  nonprod: TierSettingsSchema.optional(),
  prod: TierSettingsSchema.optional(),
});
