/** Who may read and write Terraform state. */
import { ciMainPlanRoleArn, ciRoleArn, requireAccountId, roleArn, stateAccount, type Account, type OrgConfig, type Tier } from "../../config";
import type { PolicyStatement } from "../../modules/lib/policy";
import { humanTrust } from "./roles";

/** Operators (identity-account humans with MFA, the state holder's admins) and read-only plans read state. */
export function stateReaderTrust(config: OrgConfig, holder: Account = stateAccount(config)): PolicyStatement[] {
  const state = requireAccountId(holder, "trust and resource policies");
  return [
    ...humanTrust(config, { accountId: state, roles: ["admin", "readonly"] }),
    { Sid: "MainBranchPlans", Effect: "Allow", Principal: { AWS: ciMainPlanRoleArn(config) }, Action: "sts:AssumeRole" },
    { Sid: "StateAccountAdmins", Effect: "Allow", Principal: { AWS: roleArn(config, state, "admin") }, Action: "sts:AssumeRole" },
  ];
}

/**
 * Who may assume a tier's state role: the CI role of that tier, the prod CI role (it deploys everywhere), and the
 * admin role of the account holding that state (operators).
 */
export function statePrincipals(config: OrgConfig, stateAccountId: string, tier: Tier): string[] {
  const ci: Tier[] = tier === "prod" ? ["prod"] : ["nonprod", "prod"];
  return [...ci.map((t) => ciRoleArn(config, t)), roleArn(config, stateAccountId, "admin")];
}
