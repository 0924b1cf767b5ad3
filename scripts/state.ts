/**
 * npm run state -- <stack> <terraform args…>        e.g.  npm run state -- set-nonprod state list
 * Synthesizes the selected config's stack, initializes its S3 backend in .state/<stack>/ with the read-only
 * <org>-tfstate-reader role (LZ_STATE_ROLE_ARN overrides it), and runs terraform with the rest of the arguments.
 * LZ_STATE_S3_ENDPOINT points the backend at an S3-compatible endpoint (tests, local mirrors).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigFile, stateReaderArnOfStack, type OrgConfig } from "../config";
import { applyOrder } from "../stacks/app";
import { DEFAULT_PLUGIN_DIR, readOnlyOverride, requireTerraformBinary, terraformEnv, ToolMissingError } from "./lib/terraform";
import { synthesizeStackTexts } from "./synth";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../cli";

export const STATE_WORK_DIR = ".state";

export interface StateInvocation {
  readonly stack: string;
  readonly terraformArgs: string[];
}

export function parseStateArgs(rest: string[], config: OrgConfig): StateInvocation {
  const stacks = applyOrder(config);
  const [stack, ...terraformArgs] = rest;
  if (!stack) throw new UsageError(`usage: npm run state -- <stack> <terraform args…>; stacks: ${stacks.join(", ")}`);
  if (!stacks.includes(stack)) throw new UsageError(`unknown stack "${stack}"; stacks of ${config.sourceFile}: ${stacks.join(", ")}`);
  if (!terraformArgs.length) throw new UsageError(`what should terraform do with ${stack}? e.g. npm run state -- ${stack} state list`);
  return { stack, terraformArgs };
}

/**
 * Prepares .state/<stack>/ and returns it. The stack is synthesized from the selected config every time, never taken
 * from cdktf.out/: that may hold another config's stacks (same names, another bucket) or a bootstrap synth.
 */
export function prepareStateDir(config: OrgConfig, stack: string, env: NodeJS.ProcessEnv = process.env): string {
  const json = synthesizeStackTexts(config, { only: [stack] }).get(stack)!;
  const dir = join(env.LZ_STATE_DIR ?? STATE_WORK_DIR, stack);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), json);
  const readerArn = env.LZ_STATE_ROLE_ARN ?? stateReaderArnOfStack(config, stack);
  const override = readOnlyOverride(JSON.parse(json), { backendRoleArn: readerArn, s3Endpoint: env.LZ_STATE_S3_ENDPOINT });
  writeFileSync(join(dir, "zz_state_override.tf.json"), JSON.stringify(override, null, 2));
  return dir;
}

export function runState(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const args = parseCommonArgs(argv, env);
  const config = loadConfigFile(args.configFile);
  const { stack, terraformArgs } = parseStateArgs(args.rest, config);
  const terraform = requireTerraformBinary(env).binary;
  const dir = prepareStateDir(config, stack, env);
  const pluginDir = env.LZ_TF_PLUGIN_DIR ?? (existsSync(DEFAULT_PLUGIN_DIR) ? DEFAULT_PLUGIN_DIR : undefined);
  const tfEnv = { ...terraformEnv(env), AWS_PROFILE: env.AWS_PROFILE ?? "", AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? "", AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? "", AWS_SESSION_TOKEN: env.AWS_SESSION_TOKEN ?? "" };
  const init = spawnSync(terraform, ["init", "-input=false", "-reconfigure", "-no-color", ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])], { cwd: dir, env: tfEnv, encoding: "utf8" });
  if (init.status !== 0) {
    process.stderr.write(`terraform init of ${stack}'s backend failed:\n${init.stderr || init.stdout}`);
    return init.status ?? 1;
  }
  const run = spawnSync(terraform, terraformArgs, { cwd: dir, env: tfEnv, stdio: "inherit" });
  return run.status ?? 1;
}

if (isEntryPoint("scripts/state.ts", module)) {
  try {
    process.exit(runState(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ToolMissingError) {
      console.error(`error: ${error.message}`);
      process.exit(2);
    }
    exitOnKnownError(error);
  }
}
