import type { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { ciBoundaryPolicyName, ciMainPlanRoleArn, ciRoleArn, ciRoleName, deployEnvironment, managementAccount, type OrgConfig, type Tier } from "../config";
import { policyJson } from "../modules/lib/policy";
import { IamRole } from "../modules/iam-role";
import { pinAddress } from "../modules/lib/address";
import { ciBoundaryStatements, ciMainPlanPolicy, ciMainPlanTrust, ciPlanPolicy, ciPlanTrust, ciPolicy, ciTiers, ciTrust, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "./access";

/** GitHub's OIDC issuer certificate thumbprints (AWS no longer checks them for GitHub, the API still wants one). */
/** Every repository variable the workflows read, with its value for this config (`npm run github:setup` prints them). */
export function repositoryVariables(config: OrgConfig): Record<string, string> {
  const tier = (t: Tier) => (config.tiers[t] ? { branch: config.tiers[t]!.deploy.branch, environment: deployEnvironment(config, t) } : undefined);
  const nonprod = tier("nonprod");
  const prod = tier("prod");
  return {
    LZ_HOME_REGION: config.organization.homeRegion,
    LZ_CI_NONPROD_ROLE_ARN: ciRoleArn(config, "nonprod"),
    LZ_CI_PROD_ROLE_ARN: ciRoleArn(config, "prod"),
    LZ_CI_MAIN_PLAN_ROLE_ARN: ciMainPlanRoleArn(config),
    // Which pushes deploy which tier, in which environment (a tier the config lacks never matches a branch).
    LZ_NONPROD_BRANCH: nonprod?.branch ?? "",
    LZ_NONPROD_ENVIRONMENT: nonprod?.environment ?? "",
    LZ_PROD_BRANCH: prod?.branch ?? "",
    LZ_PROD_ENVIRONMENT: prod?.environment ?? "",
  };
}

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
  const specs = [
    ...ciTiers(config).map((tier) => ({
      id: `ci_${tier}`, name: ciRoleName(config, tier), description: `GitHub Actions applies to ${tier} accounts`,
      trust: ciTrust(config, tier), policyName: "assume-tier-roles", policy: ciPolicy(config, tier),
    })),
    {
      id: "ci_main_plan", name: ciRoleName(config, "main-plan"), description: "GitHub Actions on main: read-only plans of every stack (drift checks)",
      trust: ciMainPlanTrust(config), policyName: "read-only-plan", policy: ciMainPlanPolicy(config),
    },
    ...(config.ci.planOnPullRequest
      ? [{
          id: "ci_plan", name: ciRoleName(config, "plan"), description: "GitHub Actions pull-request plans: read-only, nonprod only",
          trust: ciPlanTrust(config), policyName: "read-only-plan", policy: ciPlanPolicy(config),
        }]
      : []),
  ];
  // In the management account no SCP stands behind the CI roles: a permissions boundary caps them instead.
  const boundary = config.stateAccountName === managementAccount(config).name
    ? pinAddress(
        new IamPolicy(scope, "ci-boundary", {
          name: ciBoundaryPolicyName(config),
          description: "The most a GitHub Actions role may ever do: assume the landing zone's roles, use its registries",
          policy: policyJson(ciBoundaryStatements(config)),
        }),
        "ci_boundary",
      )
    : undefined;
  const roles = specs.map(
    (r) =>
      new IamRole(scope, r.id, {
        roleName: r.name, description: r.description, trustStatements: r.trust, inlinePolicies: { [r.policyName]: r.policy }, dependsOn: [provider],
        permissionsBoundaryArn: boundary?.arn,
      }),
  );
  return roles;
}
