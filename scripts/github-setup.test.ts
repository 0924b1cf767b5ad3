import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfigFile, shippedConfigFiles } from "../config";
import { resources, synthConfigFile } from "../test/testing";
import { githubSetupCommands, PRODUCTION_ENVIRONMENT, repositoryVariables } from "./github-setup";

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

  it("gives the CI role ARNs of the config's state account and the production environment the workflows name", () => {
    const lines = githubSetupCommands(loadConfigFile("config/set.yaml"));
    expect(lines).toContain("gh variable set LZ_CI_PROD_ROLE_ARN --repo binarynetworks/set-infra --body 'arn:aws:iam::222222222222:role/set-ci-prod'");
    expect(lines).toContain("gh variable set LZ_HOME_REGION --repo binarynetworks/set-infra --body 'eu-west-1'");
    expect(lines.join("\n")).toContain(`environments/${PRODUCTION_ENVIRONMENT}/deployment-branch-policies -f name=main`);
    expect(workflowText).toContain(`'${PRODUCTION_ENVIRONMENT}'`);
  });

  it.each(shippedConfigFiles())("%s: no warning (its prod deploys run in the production environment)", (file) => {
    expect(githubSetupCommands(loadConfigFile(file)).join("\n")).not.toContain("WARNING");
  });
});
