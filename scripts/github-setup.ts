/**
 * npm run github:setup -- [--config <file>]
 * Prints, as `gh` commands, the repository settings the workflows need, derived from the config: the variables they
 * read (the CI role ARNs, the home region) and the `production` environment (required reviewers, deployments from
 * main only). Run them once the state-backend stack has been applied (it creates the CI roles).
 */
import { loadConfigFile, tierSettings, type OrgConfig } from "../config";
import { ciSubject } from "../stacks/access";
import { repositoryVariables } from "../stacks/github-ci";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

/** The environment the deploy workflow's prod jobs run in (it is written into deploy.yml and apply-wave.yml). */
export const PRODUCTION_ENVIRONMENT = "production";

export { repositoryVariables };

export function githubSetupCommands(config: OrgConfig): string[] {
  const repo = `${config.ci.github.owner}/${config.ci.github.repo}`;
  const prodSubject = ciSubject(config, "prod");
  const lines = [
    `# Repository ${repo}: variables the workflows read (no secrets: CI assumes roles through GitHub's OIDC).`,
    ...Object.entries(repositoryVariables(config)).map(([name, value]) => `gh variable set ${name} --repo ${repo} --body '${value}'`),
    "",
    `# The ${PRODUCTION_ENVIRONMENT} environment: required reviewers, deployments from main only. The prod CI role trusts`,
    `# exactly the subject ${prodSubject}.`,
    "# Replace <reviewer-id> with each reviewer's numeric id: gh api users/<login> --jq .id",
    `gh api -X PUT repos/${repo}/environments/${PRODUCTION_ENVIRONMENT} --input - <<'JSON'`,
    JSON.stringify({ reviewers: [{ type: "User", id: "<reviewer-id>" }], prevent_self_review: true, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } }),
    "JSON",
    `gh api -X POST repos/${repo}/environments/${PRODUCTION_ENVIRONMENT}/deployment-branch-policies -f name=main -f type=branch`,
    "",
    `# Scheduled drift checks run on the default branch only, and the main-plan role trusts refs/heads/main:`,
    `gh repo edit ${repo} --default-branch main`,
  ];
  if (!prodSubject.endsWith(`:environment:${PRODUCTION_ENVIRONMENT}`)) {
    const deploy = tierSettings(config, "prod").deploy;
    lines.unshift(`# WARNING: tiers.prod.deploy (${JSON.stringify(deploy)}) gives the subject ${prodSubject}, but the deploy workflow runs prod jobs in the "${PRODUCTION_ENVIRONMENT}" environment.`);
  }
  return lines;
}

if (isEntryPoint("scripts/github-setup.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    if (args.rest.length) throw new UsageError(`unknown argument "${args.rest[0]}"; usage: npm run github:setup -- [--config <file>]`);
    console.log(githubSetupCommands(loadConfigFile(args.configFile)).join("\n"));
  } catch (error) {
    exitOnKnownError(error);
  }
}
