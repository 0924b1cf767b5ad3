import { z } from "zod";
import { Cidr, Email, Region, Slug, Tier } from "./common";

/**
 * `security` and `log-archive` are the AWS Security Reference Architecture's split: the security services' delegated
 * administrator, and the audit archive (trail and Config delivery). Without them the state account plays both.
 */
export const AccountRole = z.enum(["management", "identity", "shared-services", "workload", "sandbox", "security", "log-archive"]);
export type AccountRole = z.infer<typeof AccountRole>;

/** 12-digit AWS account id. Must be quoted in YAML: an unquoted number loses leading zeros. */
export const AccountId = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : "must be a quoted string of exactly 12 digits, e.g. \"012345678901\" (unquoted, YAML reads a number and drops leading zeros)") })
  .regex(/^\d{12}$/, "must be a quoted string of exactly 12 digits, e.g. \"012345678901\"");

export const AccountSchema = z.strictObject({
  name: Slug(40).describe("Account name; also the stack name"),
  role: AccountRole.describe("What the account is for"),
  /** Required for workload accounts; sandbox defaults to nonprod, every other role to prod. */
  tier: Tier.optional().describe("nonprod | prod; required for workload accounts"),
  email: Email.describe("Root e-mail of the account (unique across AWS)"),
  id: AccountId.optional().describe("12-digit account id, once the management stack has created the account"),
  region: Region.optional().describe("Default region of the account's stack; defaults to organization.homeRegion"),
  ou: Slug(40).optional().describe("Organizational unit; defaults by role/tier"),
  enabled: z.boolean().default(true).describe("false: validated but no stack and no account is created (e.g. phase 2)"),
  existing: z.boolean().optional()
    .describe("The account exists already (in organization.existing): the management stack imports it by id instead of creating it; drop the marker after the first apply"),
  sharedServices: z.boolean().optional()
    .describe("Only on the management account: it also holds the shared services (Terraform state, GitHub OIDC and CI roles, ECR, the parent DNS zone, the audit archive) instead of a shared-services account; synth warns of the trade-off"),
  network: z
    .strictObject({
      cidr: Cidr.describe("VPC CIDR, /16 to /24; must not overlap any other account's"),
    })
    .optional()
    .describe("Workload network; required for workload accounts"),
  budget: z
    .strictObject({
      monthlyUsd: z.number().positive().max(1_000_000, "at most 1000000 USD a month").describe("Monthly cost budget in USD, up to 1,000,000"),
    })
    .optional()
    .describe("Monthly budget with alerts at 80% actual and 100% forecast; alerts go to organization.budgetAlertEmails"),
  dns: z
    .strictObject({
      subdomain: Slug(63).describe("Label under organization.dnsDomain, e.g. setdev → setdev.example.com"),
      zoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional()
        .describe("Only on a nonprod shared-services account (one per tier): id of its tier zone (output parent_zone_id) once created; turns on delegation of nonprod workload zones into it"),
    })
    .optional()
    .describe("The account's delegated DNS zone; defaults to the account name"),
});
export type AccountConfig = z.infer<typeof AccountSchema>;
