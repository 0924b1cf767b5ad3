import { z } from "zod";
import { Slug } from "./common";

export const BaselineRoles = ["admin", "developer", "readonly", "terraform-deploy", "terraform-plan"] as const;

/**
 * The management account's roles. SCPs never apply there and every OrganizationAccountAccessRole trusts it, so it
 * gets no developer and no extra roles: admin (the human break-glass path), readonly, and CI's deploy and plan roles.
 */
export const ManagementRoles = ["admin", "readonly", "terraform-deploy", "terraform-plan"] as const;
/** The management roles humans may be granted. */
export const ManagementHumanRoles = ["admin", "readonly"] as const;

const RoleList = z.array(Slug(30)).default([]);

export const GroupSchema = z.strictObject({
  name: Slug(40),
  /** human: every role assumption needs MFA; machine: CI/service users, no MFA possible, limited by tier instead. */
  kind: z.enum(["human", "machine"]).default("human"),
  /** Roles members may assume, per tier of the target account. */
  roles: z
    .strictObject({
      nonprod: RoleList,
      prod: RoleList,
      management: z.array(Slug(30)).optional().describe("Roles in the management account (admin, readonly); default: the group's prod roles among them"),
    })
    .describe("Roles the group may assume, per account tier"),
});

export const UserSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9.+=@_-]*$/, "IAM user name: lowercase letters, digits and .+=@_-").max(64),
  email: z.email("must be an e-mail address").optional().describe("identity-center with groups: identity-store only: the user's e-mail in the Identity Store"),
  groups: z.array(Slug(40)).min(1, "every user belongs to at least one group"),
  /** Machine users (CI service accounts) cannot use MFA; they may only be in machine groups. */
  kind: z.enum(["human", "machine"]).default("human"),
});

export const ExtraRoleSchema = z.strictObject({
  name: Slug(64),
  /** AWS managed (or customer managed) policy ARNs attached to the role in every account. */
  managedPolicyArns: z.array(z.string().regex(/^arn:aws:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/, "an IAM policy ARN")).min(1),
});

export const IdentityCenterSchema = z.strictObject({
  instanceArn: z.string().regex(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/, "an IAM Identity Center instance ARN: arn:aws:sso:::instance/ssoins- and 16 hex digits")
    .describe("The organization instance, enabled once in the management account's console (Terraform cannot create it)"),
  identityStoreId: z.string().regex(/^d-[0-9a-f]{10}$/, "an Identity Store id: d- and 10 hex digits").describe("The instance's identity store"),
  region: z.string().optional().describe("Region of the instance; defaults to organization.homeRegion"),
  sessionHours: z.number().int().min(1).max(12, "at most 12 hours (AWS's limit)").default(4).describe("Session duration of every permission set"),
  groups: z.enum(["identity-store", "external"]).default("identity-store")
    .describe("identity-store: the landing zone creates the human groups and users in the Identity Store; external: an IdP provisions them by SCIM, and groupIds maps each human group to its id"),
  groupIds: z.record(Slug(40), z.string().regex(/^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "an Identity Store group id (a UUID)")).default({})
    .describe("external: human group name → the Identity Store group id the IdP provisioned (aws identitystore list-groups)"),
  delegatedAdministrator: z.string().optional().describe("Register this member account (identity or security) as Identity Center's delegated administrator"),
});
export type IdentityCenterConfig = z.infer<typeof IdentityCenterSchema>;

export const IdentitySchema = z.strictObject({
  /** iam-users: IAM users and groups in the identity account; identity-center: humans sign in through IAM Identity Center. */
  provider: z.enum(["iam-users", "identity-center"]).default("iam-users")
    .describe("How humans sign in: iam-users (IAM users and groups, MFA) or identity-center (permission sets and assignments)"),
  identityCenter: IdentityCenterSchema.optional().describe("Required with provider: identity-center"),
  /** Roles beyond the baseline (admin, developer, readonly, terraform-deploy) created in every account. */
  extraRoles: z.array(ExtraRoleSchema).default([]),
  groups: z.array(GroupSchema).default([]),
  users: z.array(UserSchema).default([]),
});
export type IdentityConfig = z.infer<typeof IdentitySchema>;
