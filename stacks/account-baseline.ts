import type { Construct } from "constructs";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import type { Account, OrgConfig } from "../config";
import { IamRole } from "../modules/iam-role";
import { pinAddress, toLogicalId } from "../modules/lib/address";
import { roleSet } from "./access";

/** CIS AWS Foundations password policy (1.8–1.9; checkov CKV_AWS_9–15). */
export const PASSWORD_POLICY = {
  minimumPasswordLength: 14,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  allowUsersToChangePassword: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
  hardExpiry: false,
} as const;

/** What every account gets, once, in its own stack: the password policy and the role set. */
export function addAccountBaseline(scope: Construct, config: OrgConfig, account: Account): IamRole[] {
  pinAddress(new IamAccountPasswordPolicy(scope, "password-policy", { ...PASSWORD_POLICY }), "password_policy");
  return roleSet(config, account).map(
    (spec) =>
      new IamRole(scope, toLogicalId(`role_${spec.role}`), {
        roleName: spec.roleName,
        description: spec.description,
        trustStatements: spec.trust,
        managedPolicyArns: spec.managedPolicyArns,
        inlinePolicies: spec.inlinePolicies,
        maxSessionDurationSeconds: 3600,
      }),
  );
}
