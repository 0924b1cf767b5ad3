/**
 * npm run plan:override -- <stack> [<stack> …] [--config <file>]
 * For read-only CI runs (drift checks, pull-request plans): writes zz_read_only_override.tf.json into each
 * cdktf.out/stacks/<stack>/ so its providers assume <org>-terraform-plan and its backend the state-reader role.
 * A plan made this way can be inspected, never applied (a saved plan carries its provider configuration).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigFile, roleName, stateReaderArnOfStack } from "../config";
import { readOnlyOverride } from "./lib/terraform";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

export const READ_ONLY_OVERRIDE_FILE = "zz_read_only_override.tf.json";

if (isEntryPoint("scripts/plan-override.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    const usage = "usage: npm run plan:override -- [--config <file>] <stack> [<stack> …]";
    const option = args.rest.find((a) => a.startsWith("-"));
    if (option) throw new UsageError(`unknown option "${option}"; ${usage}`);
    if (!args.rest.length) throw new UsageError(usage);
    const config = loadConfigFile(args.configFile);
    for (const stack of args.rest) {
      const dir = join("cdktf.out", "stacks", stack);
      const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
      writeFileSync(join(dir, READ_ONLY_OVERRIDE_FILE), JSON.stringify(readOnlyOverride(json, { providerRole: roleName(config, "terraform-plan"), backendRoleArn: stateReaderArnOfStack(config, stack) }), null, 2));
      console.log(`${dir}/${READ_ONLY_OVERRIDE_FILE}`);
    }
  } catch (error) {
    exitOnKnownError(error);
  }
}
