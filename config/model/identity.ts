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
  groups: z.array(Slug(40)).min(1, "every user belongs to at least one group"),
  /** Machine users (CI service accounts) cannot use MFA; they may only be in machine groups. */
  kind: z.enum(["human", "machine"]).default("human"),
});

export const ExtraRoleSchema = z.strictObject({
  name: Slug(64),
  /** AWS managed (or customer managed) policy ARNs attached to the role in every account. */
  managedPolicyArns: z.array(z.string().regex(/^arn:aws:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/, "an IAM policy ARN")).min(1),
});

export const IdentitySchema = z.strictObject({
  /** Roles beyond the baseline (admin, developer, readonly, terraform-deploy) created in every account. */
  extraRoles: z.array(ExtraRoleSchema).default([]),
  groups: z.array(GroupSchema).default([]),
  users: z.array(UserSchema).default([]),
});
export type IdentityConfig = z.infer<typeof IdentitySchema>;
