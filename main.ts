/**
 * The CDKTF app: one Terraform stack per enabled account of the config, plus the state-backend stack.
 *   npx cdktf synth                 (config: LZ_CONFIG, else cdktf.json's landingZone:config; LZ_BOOTSTRAP=1 for the bootstrap variant)
 *   npm run synth -- [--config <file>] [--bootstrap]
 */
import { exitOnKnownError, parseCommonArgs } from "./cli";
import { configWarnings, loadConfigFile } from "./config";
import { synthesize } from "./stacks/app";

try {
  const args = parseCommonArgs(process.argv.slice(2));
  const config = loadConfigFile(args.configFile, { bootstrap: args.bootstrap });
  for (const warning of configWarnings(config)) console.error(`warning: ${warning}`);
  synthesize(config, process.env.CDKTF_OUTDIR ?? "cdktf.out", { bootstrap: args.bootstrap });
} catch (error) {
  exitOnKnownError(error);
}
