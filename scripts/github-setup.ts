/**
 * npm run github:setup -- [--config <file>]
 * Prints, as `gh` commands, the repository settings the workflows need, derived from the config: the variables they
 * read (the CI role ARNs, the home region, each tier's deploy branch and GitHub environment) and the environments
 * (required reviewers where the tier asks for approval, deployments from the tier's branch only). Run them once the
 * state-backend stack has been applied (it creates the CI roles).
 */
import { deployEnvironment, loadConfigFile, type OrgConfig } from "../config";
import { ciSubject } from "../stacks/access";
import { repositoryVariables } from "../stacks/github-ci";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

export { repositoryVariables };

export function githubSetupCommands(config: OrgConfig): string[] {
  const repo = `${config.ci.github.owner}/${config.ci.github.repo}`;
  const lines = [
    `# Repository ${repo}: variables the workflows read (no secrets: CI assumes roles through GitHub's OIDC).`,
    ...Object.entries(repositoryVariables(config)).map(([name, value]) => `gh variable set ${name} --repo ${repo} --body '${value}'`),
  ];
  for (const tier of ["nonprod", "prod"] as const) {
    const settings = config.tiers[tier];
    if (!settings) continue;
    const environment = deployEnvironment(config, tier);
    const { branch, requireApproval } = settings.deploy;
    lines.push(
      "",
      `# The ${environment} environment (${tier}): deployments from ${branch} only${requireApproval ? ", required reviewers" : ""}. The ${tier} CI role trusts`,
      `# exactly the subject ${ciSubject(config, tier)}.`,
      ...(requireApproval ? ["# Replace <reviewer-id> with each reviewer's numeric id: gh api users/<login> --jq .id"] : []),
      `gh api -X PUT repos/${repo}/environments/${environment} --input - <<'JSON'`,
      JSON.stringify({
        ...(requireApproval ? { reviewers: [{ type: "User", id: "<reviewer-id>" }], prevent_self_review: true } : {}),
        deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
      }),
      "JSON",
      `gh api -X POST repos/${repo}/environments/${environment}/deployment-branch-policies -f name=${branch} -f type=branch`,
    );
  }
  lines.push(
    "",
    `# Scheduled drift checks run on the default branch only, and the main-plan role trusts refs/heads/main:`,
    `gh repo edit ${repo} --default-branch main`,
  );
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
