import { Construct } from "constructs";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { pinAddress, protect, toLogicalId } from "../lib/address";
import { iamPolicyVariable, policyJson, type PolicyStatement } from "../lib/policy";

export interface GroupDefinition {
  readonly name: string;
  /** Inline policies by name; groups hold every permission, users none (CKV_AWS_40). */
  readonly policies: Record<string, PolicyStatement[]>;
}

export interface UserDefinition {
  readonly name: string;
  readonly groups: string[];
}

export interface IamIdentitiesProps {
  readonly groups: GroupDefinition[];
  readonly users: UserDefinition[];
  /** IAM path of every user and group. @default "/" */
  readonly path?: string;
}

/**
 * IAM groups with inline policies, and users that only belong to groups. No access keys and no console passwords:
 * both would land in Terraform state. Users are protected from destroy (their MFA devices and keys go with them).
 */
export class IamIdentities extends Construct {
  readonly userArns: Record<string, string> = {};
  readonly users: IamUser[] = [];

  constructor(scope: Construct, id: string, props: IamIdentitiesProps) {
    super(scope, id);
    const path = props.path ?? "/";
    const groups = new Map<string, IamGroup>();
    for (const g of props.groups) {
      const group = pinAddress(new IamGroup(this, `group-${g.name}`, { name: g.name, path }), toLogicalId(g.name));
      groups.set(g.name, group);
      for (const [policyName, statements] of Object.entries(g.policies)) {
        pinAddress(
          new IamGroupPolicy(this, `group-${g.name}-${policyName}`, { group: group.name, name: policyName, policy: policyJson(statements) }),
          toLogicalId(`${g.name}_${policyName}`),
        );
      }
    }
    for (const u of props.users) {
      const missing = u.groups.filter((g) => !groups.has(g));
      if (missing.length) throw new Error(`IamIdentities: user ${u.name} is in unknown group(s) ${missing.join(", ")}`);
      const user = protect(new IamUser(this, `user-${u.name}`, { name: u.name, path, forceDestroy: false }), toLogicalId(u.name));
      this.users.push(user);
      this.userArns[u.name] = user.arn;
      pinAddress(
        new IamUserGroupMembership(this, `membership-${u.name}`, { user: user.name, groups: u.groups.map((g) => groups.get(g)!.name) }),
        toLogicalId(u.name),
      );
    }
  }
}

/**
 * The self-service policy for humans: view account info, manage only their own password and MFA device, and
 * nothing else at all until they have signed in with MFA.
 */
export function selfServiceMfaStatements(accountId: string): PolicyStatement[] {
  const self = `arn:aws:iam::${accountId}:user/${iamPolicyVariable("aws:username")}`;
  return [
    { Sid: "ViewAccountPasswordRulesAndMfaDevices", Effect: "Allow", Action: ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], Resource: "*" },
    { Sid: "ManageOwnPassword", Effect: "Allow", Action: ["iam:ChangePassword", "iam:GetUser", "iam:GetLoginProfile"], Resource: self },
    { Sid: "CreateOwnVirtualMfaDevice", Effect: "Allow", Action: ["iam:CreateVirtualMFADevice"], Resource: `arn:aws:iam::${accountId}:mfa/${iamPolicyVariable("aws:username")}` },
    {
      Sid: "ManageOwnMfa",
      Effect: "Allow",
      Action: ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
      Resource: self,
    },
    {
      Sid: "DenyEverythingElseWithoutMfa",
      Effect: "Deny",
      NotAction: [
        "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetLoginProfile", "iam:ChangePassword", "iam:ListMFADevices",
        "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:GetAccountPasswordPolicy", "sts:GetSessionToken",
      ],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  ];
}
