import type { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { ciRoleName, type OrgConfig } from "../config";
import { IamRole } from "../modules/iam-role";
import { pinAddress } from "../modules/lib/address";
import { ciMainPlanPolicy, ciMainPlanTrust, ciPlanPolicy, ciPlanTrust, ciPolicy, ciTiers, ciTrust, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "./access";

/** GitHub's OIDC issuer certificate thumbprints (AWS no longer checks them for GitHub, the API still wants one). */
export const GITHUB_OIDC_THUMBPRINTS = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"];

/** The GitHub Actions OIDC provider and one apply role per tier, trusted only from this repository's exact subject. */
export function addGithubCiRoles(scope: Construct, config: OrgConfig): IamRole[] {
  const provider = pinAddress(
    new IamOpenidConnectProvider(scope, "github-oidc", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      thumbprintList: GITHUB_OIDC_THUMBPRINTS,
    }),
    "github",
  );
  const roles = ciTiers(config).map(
    (tier) =>
      new IamRole(scope, `ci_${tier}`, {
        roleName: ciRoleName(config, tier),
        description: `GitHub Actions applies to ${tier} accounts`,
        trustStatements: ciTrust(config, tier),
        inlinePolicies: { "assume-tier-roles": ciPolicy(config, tier) },
        dependsOn: [provider],
      }),
  );
  roles.push(
    new IamRole(scope, "ci_main_plan", {
      roleName: ciRoleName(config, "main-plan"),
      description: "GitHub Actions on main: read-only plans of every stack (before the production approval) and drift checks",
      trustStatements: ciMainPlanTrust(config),
      inlinePolicies: { "read-only-plan": ciMainPlanPolicy(config) },
      dependsOn: [provider],
    }),
  );
  if (config.ci.planOnPullRequest) {
    roles.push(
      new IamRole(scope, "ci_plan", {
        roleName: ciRoleName(config, "plan"),
        description: "GitHub Actions pull-request plans: read-only, nonprod only",
        trustStatements: ciPlanTrust(config),
        inlinePolicies: { "read-only-plan": ciPlanPolicy(config) },
        dependsOn: [provider],
      }),
    );
  }
  return roles;
}
