import { z } from "zod";
import { AccountSchema } from "./accounts";
import { CiSchema } from "./ci";
import { IdentitySchema } from "./identity";
import { OrganizationSchema } from "./organization";
import { GuardrailsSchema } from "./guardrails";
import { SECURITY_DEFAULTS, SecuritySchema } from "./security";
import { TiersSchema } from "./tiers";

export const OrgConfigSchema = z.strictObject({
  $schema: z.string().optional().describe("Path of the JSON Schema, for editors"),
  organization: OrganizationSchema,
  accounts: z.array(AccountSchema).min(1),
  tiers: TiersSchema,
  identity: IdentitySchema.default({ provider: "iam-users", extraRoles: [], groups: [], users: [] }),
  ci: CiSchema,
  ecr: z
    .strictObject({
      repositories: z.array(z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, "an ECR repository name")).default([]),
      keepLastImages: z.number().int().min(1).max(1000).default(30),
    })
    .default({ repositories: [], keepLastImages: 30 }),
  guardrails: GuardrailsSchema.default({ attach: {}, custom: [], resourceControls: { attach: {}, custom: [] } }),
  audit: z
    .strictObject({
      account: z.string().optional().describe("Account holding the audit-log archive; defaults to the state (shared-services) account"),
      objectLockDays: z.number().int().min(1).max(3650).default(365).describe("Object Lock retention of trail logs"),
      objectLockMode: z.enum(["compliance", "governance"]).default("compliance")
        .describe("compliance: nobody, not even the account root, can delete or shorten it; governance: an admin with s3:BypassGovernanceRetention can (synth warns)"),
      glacierAfterDays: z.number().int().min(1).max(3650).default(90).describe("Move logs to Glacier after this many days"),
      alertEmails: z.array(z.email("must be an e-mail address")).default([])
        .describe("Recipients of the CIS security alarms (root use, console sign-in without MFA, IAM/trail/KMS/network/Organizations changes)"),
    })
    .default({ objectLockDays: 365, objectLockMode: "compliance", glacierAfterDays: 90, alertEmails: [] }),
  security: SecuritySchema.default(SECURITY_DEFAULTS).describe("Detective controls: AWS Config, GuardDuty, Security Hub, IAM Access Analyzer"),
  app: z
    .strictObject({
      apiPort: z.number().int().min(1).max(65535).default(8080),
      healthCheckPath: z.string().regex(/^\//, "a path such as /health").default("/health"),
      /** ECR repositories (from ecr.repositories) the api and workers images come from. */
      images: z.strictObject({ api: z.string(), workers: z.string() }).optional(),
      /** Third-party secrets created empty in every workload account and handed to the tasks; values are set out of band. */
      secrets: z.array(z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/), description: z.string().default("") })).default([]),
    })
    .default({ apiPort: 8080, healthCheckPath: "/health", secrets: [] }),
  tenants: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "2–21 lowercase letters, digits, '-'"),
        image: z.string().describe("ECR repository (from ecr.repositories) of the tenant's app"),
        cpu: z.literal([256, 512, 1024, 2048, 4096]).default(256),
        memory: z.number().int().default(512),
        minTasks: z.number().int().min(0).default(1),
        maxTasks: z.number().int().min(1).default(2),
      }),
    )
    .default([])
    .describe("Tenants sharing the platform: each a service and ALB host rule <tenant>.<zone>, everything tagged tenant=<name>"),
  dataReplication: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z0-9-]{3,20}$/, "3–20 lowercase letters, digits, '-'"),
        source: z.string().describe("Workload account whose data bucket is replicated (e.g. production)"),
        destination: z.string().describe("Workload account receiving the subset (e.g. staging)"),
        filters: z
          .array(z.union([z.strictObject({ prefix: z.string().min(1) }), z.strictObject({ tag: z.strictObject({ key: z.string(), value: z.string() }) })]))
          .min(1, "replicate a subset: at least one prefix or tag filter")
          .describe("Objects matching any filter are replicated"),
        maxLatencyMinutes: z.literal(15).default(15).describe("S3 Replication Time Control (15 minutes)"),
      }),
    )
    .default([])
    .describe("Cross-account S3 replication of a subset of one account's data into another"),
  state: z
    .strictObject({
      account: z.string().optional().describe("shared-services account holding the state bucket; needed when there are several"),
    })
    .default({}),
});

/** The parsed config as written (defaults filled in). */
export type RawOrgConfig = z.infer<typeof OrgConfigSchema>;

export * from "./accounts";
export * from "./ci";
export * from "./common";
export * from "./guardrails";
export * from "./identity";
export * from "./organization";
export * from "./security";
export * from "./tiers";
