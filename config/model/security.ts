import { z } from "zod";

/** Security Hub standards the landing zone can enable, by their config name. */
export const SecurityHubStandards = ["cis-aws-foundations-v3", "aws-foundational-security-best-practices"] as const;
export type SecurityHubStandard = (typeof SecurityHubStandards)[number];

const GUARDDUTY_DEFAULTS = { s3Protection: true, eksAuditLogs: true, rdsLoginEvents: true, malwareProtection: true };

export const SecuritySchema = z.strictObject({
  administrator: z.string().optional()
    .describe("Account that is delegated administrator of GuardDuty, Security Hub, the Config aggregator and the unused-access analyzer; defaults to the state (shared-services) account"),
  guardDuty: z
    .strictObject({
      s3Protection: z.boolean().default(true).describe("S3 data-event monitoring"),
      eksAuditLogs: z.boolean().default(true).describe("EKS audit-log monitoring"),
      rdsLoginEvents: z.boolean().default(true).describe("RDS login-activity monitoring"),
      malwareProtection: z.boolean().default(true).describe("Malware scans of EBS volumes of instances with findings"),
    })
    .default(GUARDDUTY_DEFAULTS)
    .describe("GuardDuty in every account and allowed region, auto-enabled for new accounts; protection plans"),
  securityHub: z
    .strictObject({
      standards: z.array(z.enum(SecurityHubStandards)).min(1).default([...SecurityHubStandards])
        .describe("Standards enabled in every account by the central configuration policy"),
    })
    .default({ standards: [...SecurityHubStandards] })
    .describe("Security Hub, centrally configured, findings aggregated into the home region"),
  conformancePack: z.enum(["none", "cis"]).default("none")
    .describe("cis: AWS Config rules behind the CIS AWS Foundations controls, as an organization conformance pack in every member account and allowed region (Security Hub's CIS standard already evaluates most of them; the pack adds Config's own compliance history, billed per rule evaluation)"),
  accessAnalyzer: z
    .strictObject({
      unusedAccessDays: z.number().int().min(1).max(365, "at most 365 days").nullable().default(90)
        .describe("Report roles, users, keys and permissions unused for this many days (organization unused-access analyzer, billed per role and user); null turns it off"),
    })
    .default({ unusedAccessDays: 90 }),
});
export type SecurityConfig = z.infer<typeof SecuritySchema>;

export const SECURITY_DEFAULTS: SecurityConfig = {
  guardDuty: GUARDDUTY_DEFAULTS,
  conformancePack: "none",
  securityHub: { standards: [...SecurityHubStandards] },
  accessAnalyzer: { unusedAccessDays: 90 },
};
