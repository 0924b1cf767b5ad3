import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { IdentitystoreGroup } from "@cdktf/provider-aws/lib/identitystore-group";
import { IdentitystoreGroupMembership } from "@cdktf/provider-aws/lib/identitystore-group-membership";
import { IdentitystoreUser } from "@cdktf/provider-aws/lib/identitystore-user";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy";
import { pinAddress, protect, toLogicalId } from "../lib/address";
import { policyJson, type PolicyStatement } from "../lib/policy";

export interface PermissionSetDefinition {
  /** Key used in addresses and assignments (the role it mirrors). */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly managedPolicyArns: string[];
  /** One inline policy (Identity Center allows one per permission set). @default none */
  readonly inlineStatements?: PolicyStatement[];
}

export interface IdentityCenterGroup {
  readonly name: string;
  /** The group's id when an external IdP provisions it (SCIM); otherwise the group is created in the Identity Store. @default created here */
  readonly externalId?: string;
}

export interface IdentityCenterUser {
  readonly userName: string;
  readonly groups: string[];
  /** @default none */
  readonly email?: string;
}

export interface IdentityCenterProps {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** The management account in the instance's region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /** ISO-8601 session duration of every permission set, e.g. PT4H. */
  readonly sessionDuration: string;
  readonly permissionSets: PermissionSetDefinition[];
  readonly groups: IdentityCenterGroup[];
  /** Users created in the Identity Store (only for groups created here). @default none */
  readonly users?: IdentityCenterUser[];
  /** Group × account × permission set, by group name and permission-set key. */
  readonly assignments: { readonly group: string; readonly accountName: string; readonly accountId: string; readonly permissionSet: string }[];
}

/**
 * Humans through IAM Identity Center: permission sets (managed policies plus one inline policy each), groups and users
 * in the Identity Store (or the ids of groups an external IdP provisions), and the account assignments. The instance
 * itself is enabled in the console: Terraform cannot create an organization instance.
 */
export class IdentityCenter extends Construct {
  constructor(scope: Construct, id: string, props: IdentityCenterProps) {
    super(scope, id);
    const { provider, instanceArn, identityStoreId } = props;
    const sets = new Map<string, SsoadminPermissionSet>();
    for (const ps of props.permissionSets) {
      const set = pinAddress(
        new SsoadminPermissionSet(this, `set-${ps.key}`, { provider, instanceArn, name: ps.name, description: ps.description, sessionDuration: props.sessionDuration }),
        toLogicalId(ps.key),
      );
      sets.set(ps.key, set);
      for (const arn of ps.managedPolicyArns) {
        const short = arn.split("/").pop()!;
        pinAddress(
          new SsoadminManagedPolicyAttachment(this, `set-${ps.key}-${short}`, { provider, instanceArn, permissionSetArn: set.arn, managedPolicyArn: arn }),
          toLogicalId(`${ps.key}_${short}`),
        );
      }
      if (ps.inlineStatements?.length) {
        pinAddress(
          new SsoadminPermissionSetInlinePolicy(this, `set-${ps.key}-inline`, { provider, instanceArn, permissionSetArn: set.arn, inlinePolicy: policyJson(ps.inlineStatements) }),
          toLogicalId(ps.key),
        );
      }
    }
    const groupIds = new Map<string, string>();
    for (const g of props.groups) {
      if (g.externalId) {
        groupIds.set(g.name, g.externalId);
        continue;
      }
      const group = protect(new IdentitystoreGroup(this, `group-${g.name}`, { provider, identityStoreId, displayName: g.name, description: `landing-zone group ${g.name}` }), toLogicalId(g.name));
      groupIds.set(g.name, group.groupId);
    }
    for (const u of props.users ?? []) {
      const user = protect(
        new IdentitystoreUser(this, `user-${u.userName}`, {
          provider,
          identityStoreId,
          userName: u.userName,
          displayName: u.userName,
          name: { givenName: u.userName, familyName: u.userName },
          emails: u.email ? { value: u.email, primary: true } : undefined,
        }),
        toLogicalId(u.userName),
      );
      for (const g of u.groups) {
        const groupId = groupIds.get(g);
        if (!groupId) throw new Error(`IdentityCenter: user ${u.userName} joins unknown group ${g}`);
        pinAddress(
          new IdentitystoreGroupMembership(this, `member-${u.userName}-${g}`, { provider, identityStoreId, groupId, memberId: user.userId }),
          toLogicalId(`${u.userName}_${g}`),
        );
      }
    }
    for (const a of props.assignments) {
      const set = sets.get(a.permissionSet);
      const groupId = groupIds.get(a.group);
      if (!set || !groupId) throw new Error(`IdentityCenter: assignment of ${a.group} to ${a.permissionSet} in ${a.accountName} names an unknown group or permission set`);
      pinAddress(
        new SsoadminAccountAssignment(this, `assign-${a.group}-${a.accountName}-${a.permissionSet}`, {
          provider,
          instanceArn,
          permissionSetArn: set.arn,
          principalType: "GROUP",
          principalId: groupId,
          targetType: "AWS_ACCOUNT",
          targetId: a.accountId,
        }),
        toLogicalId(`${a.group}_${a.accountName}_${a.permissionSet}`),
      );
    }
  }
}
