import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfigFile, shippedConfigFiles } from "../config";
import { resources, synthConfigFile } from "../test/testing";
import { githubSetupCommands, repositoryVariables } from "./github-setup";

const workflowText = readdirSync(".github/workflows").map((f) => readFileSync(`.github/workflows/${f}`, "utf8")).join("\n");

describe("npm run github:setup", () => {
  it("prints every variable the workflows read, and no other", () => {
    const used = [...new Set([...workflowText.matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1]))].sort();
    expect(Object.keys(repositoryVariables(loadConfigFile("config/set.yaml"))).sort()).toEqual(used);
  });

  it.each(shippedConfigFiles())("%s: the state-backend stack outputs the same variables, each naming a CI role it creates", (file) => {
    const config = loadConfigFile(file);
    const state = synthConfigFile(file)["state-backend"];
    expect(state.output.github_repository_variables.value).toEqual(repositoryVariables(config));
    const roleNames = Object.values(resources(state, "aws_iam_role")).map((r) => r.name);
    for (const [name, value] of Object.entries(repositoryVariables(config))) {
      if (name.endsWith("_ROLE_ARN")) expect(roleNames, name).toContain(value.split("/").pop());
    }
  });

  it("gives the CI role ARNs of the config's state account, each tier's branch and environment, and the environments themselves", () => {
    const lines = githubSetupCommands(loadConfigFile("config/set.yaml"));
    expect(lines).toContain("gh variable set LZ_CI_PROD_ROLE_ARN --repo binarynetworks/set-infra --body 'arn:aws:iam::222222222222:role/set-ci-prod'");
    expect(lines).toContain("gh variable set LZ_HOME_REGION --repo binarynetworks/set-infra --body 'eu-west-1'");
    expect(lines).toContain("gh variable set LZ_NONPROD_BRANCH --repo binarynetworks/set-infra --body 'develop'");
    expect(lines).toContain("gh variable set LZ_PROD_ENVIRONMENT --repo binarynetworks/set-infra --body 'production'");
    const text = lines.join("\n");
    expect(text).toContain("environments/production/deployment-branch-policies -f name=main");
    expect(text).toContain("environments/nonprod/deployment-branch-policies -f name=develop");
    // Reviewers only where the tier asks for approval.
    const body = (env: string) => JSON.parse(lines[lines.indexOf(`gh api -X PUT repos/binarynetworks/set-infra/environments/${env} --input - <<'JSON'`) + 1]);
    expect(body("production").reviewers).toHaveLength(1);
    expect(body("nonprod").reviewers).toBeUndefined();
  });

  it.each(shippedConfigFiles())("%s: an environment for every tier, from the tier's own branch", (file) => {
    const config = loadConfigFile(file);
    const text = githubSetupCommands(config).join("\n");
    for (const tier of ["nonprod", "prod"] as const) {
      if (!config.tiers[tier]) continue;
      const vars = repositoryVariables(config);
      expect(text).toContain(`environments/${vars[`LZ_${tier.toUpperCase()}_ENVIRONMENT`]}/deployment-branch-policies -f name=${config.tiers[tier]!.deploy.branch}`);
    }
  });
});
