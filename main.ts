/**
 * The CDKTF app: one Terraform stack per enabled account of the config, plus the state-backend stack.
 *   npx cdktf synth                 (config: LZ_CONFIG or config/set.yaml; LZ_BOOTSTRAP=1 for the bootstrap variant)
 *   npm run synth -- [--config <file>] [--bootstrap]
 */
import { App } from "cdktf";
import { ConfigError, loadConfigFile, type OrgConfig } from "./config";
import { parseCommonArgs, UsageError } from "./scripts/lib/args";
import { buildStacks, type BuildOptions } from "./stacks/app";

/** Builds and synthesizes the app into `outdir`. The config must already be valid. */
export function synthesize(config: OrgConfig, outdir: string, options: BuildOptions = {}): string[] {
  const app = new App({ outdir, skipValidation: false });
  const stacks = buildStacks(app, config, options);
  app.synth();
  return stacks.map((s) => s.node.id);
}

/** Prints a config or usage error without a stack trace and exits non-zero. */
export function exitOnKnownError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    console.error("nothing was written.");
    process.exit(1);
  }
  throw error;
}

if (require.main === module) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    const config = loadConfigFile(args.configFile, { bootstrap: args.bootstrap });
    synthesize(config, process.env.CDKTF_OUTDIR ?? "cdktf.out", { bootstrap: args.bootstrap });
  } catch (error) {
    exitOnKnownError(error);
  }
}
