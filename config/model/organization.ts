import { z } from "zod";
import { DomainName, Region, Slug, Tags } from "./common";

export const OrganizationSchema = z.strictObject({
  /** Prefix of every derived AWS name (roles `<name>-admin`, bucket `<name>-tfstate-<id>` …). */
  name: Slug(20).describe("Prefix of every derived AWS name; 2–20 lowercase letters, digits, '-'"),
  /** Region of the state bucket, the organization trail and anything global. */
  homeRegion: Region.describe("Region of the state bucket, the org trail and global resources"),
  /** Every region workloads may use; SCPs deny the rest. */
  allowedRegions: z.array(Region).min(1).describe("Regions workloads may use; everything else is denied by SCP"),
  /** Apex DNS domain; the shared-services account holds its zone, workload zones are delegated from it. */
  dnsDomain: DomainName.describe("Apex DNS domain hosted in shared-services"),
  /** Route 53 zone id of dnsDomain, once shared-services has created it: turns on NS delegation of workload zones. */
  dnsZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ").optional()
    .describe("Zone id of dnsDomain (output parent_zone_id of shared-services); enables automatic delegation"),
  /** Who receives budget alerts. */
  existing: z
    .strictObject({
      id: z.string().regex(/^o-[a-z0-9]{10,32}$/, "an organization id: o- and 10–32 lowercase letters or digits").describe("The organization's id"),
      rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, "a root id: r- and 4–32 lowercase letters or digits").describe("Its root's id"),
      ous: z.record(Slug(40), z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "an OU id such as ou-ab12-cd34ef56")).default({})
        .describe("OUs that exist already, by name → id: imported, not created"),
      controlTower: z
        .strictObject({
          governedRegions: z.array(Region).min(1).describe("Regions Control Tower governs: it runs AWS Config there, so the landing zone does not"),
          ous: z.array(Slug(40)).default([]).describe("OUs Control Tower registered (names from ous): referenced by id, never imported or changed"),
        })
        .optional()
        .describe("AWS Control Tower runs this organization: the landing zone leaves its trail, its Config and its OUs alone and exempts its roles from the guardrails"),
    })
    .optional()
    .describe("Adopt an AWS Organization that exists already: the management stack imports it (and existing OUs and accounts) instead of creating them"),
  budgetAlertEmails: z.array(z.email("must be an e-mail address")).default([]).describe("Budget alert recipients"),
  /** Tags applied to every resource of every stack (provider default_tags). */
  tags: Tags.default({}).describe("Tags on every resource (provider default_tags)"),
});
export type OrganizationConfig = z.infer<typeof OrganizationSchema>;
